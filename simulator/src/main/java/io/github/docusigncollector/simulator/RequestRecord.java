package io.github.docusigncollector.simulator;

import java.time.Instant;

/**
 * What the simulator served. {@code status} is 0 for a connection dropped on purpose; {@code query}
 * is the raw query string or null.
 */
public record RequestRecord(
    Instant at, String method, String path, String query, int status, Endpoint endpoint) {}
