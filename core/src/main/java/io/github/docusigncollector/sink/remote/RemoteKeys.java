package io.github.docusigncollector.sink.remote;

import io.github.docusigncollector.sink.SinkKeys;
import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;
import java.time.Duration;
import java.util.List;

/** The keys every remote sink has (SPEC §8), with the sink's own batch defaults. */
public final class RemoteKeys {
  public static final String BATCH_MAX_EVENTS = "batch_max_events";
  public static final String BATCH_MAX_BYTES = "batch_max_bytes";
  public static final String COMPRESSION = "compression";
  public static final String RETRY_FOR = "retry_for";
  public static final String CA_FILE = "ca_file";
  public static final String INSECURE = "insecure";
  public static final String PROXY = "proxy";

  private RemoteKeys() {}

  /**
   * {@code batch_max_events}, {@code batch_max_bytes} (uncompressed request body), {@code
   * compression}, {@code retry_for}, {@code ca_file}, {@code insecure}, {@code proxy}.
   */
  public static SinkKeys common(int maxEvents, long maxBytes) {
    return SinkKeys.of(
        Key.range(
            BATCH_MAX_EVENTS, Kind.INT, maxEvents, 1, 1_000_000, "most events in one request"),
        Key.range(
            BATCH_MAX_BYTES,
            Kind.BYTES,
            maxBytes,
            1024,
            1L << 30,
            "most bytes in one request body before compression (a larger single event is sent alone)"),
        Key.choice(COMPRESSION, "gzip", List.of("gzip", "none"), "request body compression"),
        Key.duration(
            RETRY_FOR,
            Duration.ofMinutes(5),
            Duration.ZERO,
            "how long transient failures are retried before the cycle fails"),
        Key.optional(CA_FILE, Kind.FILE, null, "PEM bundle of extra trusted CA certificates"),
        Key.optional(INSECURE, Kind.BOOLEAN, false, "trust any TLS certificate (unsafe)"),
        Key.optional(
            PROXY,
            Kind.BOOLEAN,
            false,
            "use HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment"));
  }
}
