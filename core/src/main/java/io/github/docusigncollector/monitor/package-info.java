/**
 * The Monitor stream ("customer events"): the page reader, the streaming normalization of a page's
 * bytes into JSON Lines with {@code _time} and {@code source_log_type}, tolerant timestamp parsing,
 * and the memory of recently delivered event ids that makes overlapping pages harmless.
 */
package io.github.docusigncollector.monitor;
