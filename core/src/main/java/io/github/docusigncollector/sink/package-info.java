/**
 * Where events go: the {@link io.github.docusigncollector.sink.Sink} contract (a batch of JSON
 * Lines in, a durable acknowledgement out, and recovery after a crash), the file and stdout sinks,
 * and what every sink type shares: the {@link io.github.docusigncollector.sink.SinkType} registry
 * (found by {@link java.util.ServiceLoader}, so a sink can live in another module), the declaration
 * of each type's {@code output.*} keys ({@link io.github.docusigncollector.sink.SinkKeys}), from
 * which they are validated and documented, and the dead letters.
 */
package io.github.docusigncollector.sink;
