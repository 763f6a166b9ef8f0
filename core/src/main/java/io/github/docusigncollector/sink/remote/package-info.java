/**
 * The machinery every HTTP sink shares ({@link
 * io.github.docusigncollector.sink.remote.RemoteSink}): batching by events and bytes, gzip, one JDK
 * HTTP client per sink with its own TLS and proxy, retries with backoff and jitter for at most
 * {@code retry_for}, splitting what is too large, dead letters. A sink is then only its {@link
 * io.github.docusigncollector.sink.remote.Protocol}: how to frame a batch and how to read the
 * answer.
 */
package io.github.docusigncollector.sink.remote;
