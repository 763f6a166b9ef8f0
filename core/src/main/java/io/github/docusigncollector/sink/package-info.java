/**
 * Where events go: the {@link io.github.docusigncollector.sink.Sink} contract (a batch of JSON
 * Lines in, a durable acknowledgement out, and recovery after a crash), and the file and stdout
 * sinks.
 */
package io.github.docusigncollector.sink;
