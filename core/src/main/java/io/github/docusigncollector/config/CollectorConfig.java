package io.github.docusigncollector.config;

import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.sink.OutputParser;
import io.github.docusigncollector.sink.SinkSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The validated configuration of SPEC §3, after the YAML file and the {@code DOCUSIGN_*}
 * environment were merged. Optional values are {@code null} when not set. Its {@code toString}
 * carries no secret: the key is a {@link SigningKey}, which prints as redacted.
 */
public record CollectorConfig(
    URI serverUrl,
    String integrationKey,
    String userId,
    String redirectUrl,
    SigningKey privateKey,
    String accountId,
    String organizationId,
    List<EventType> eventTypes,
    int maxCustomerEventsPerFetch,
    int maxUserEventsPerFetch,
    FirstFetch firstFetch,
    Duration interval,
    Duration maxWait,
    Duration connectTimeout,
    Duration requestTimeout,
    MonitorApi monitorApi,
    URI monitorUrl,
    URI adminUrl,
    boolean insecure,
    Path caFile,
    boolean proxy,
    int apiBudgetPerHour,
    int apiBurstPer30s,
    Path stateDir,
    OutputConfig output,
    Listen listen) {

  public CollectorConfig {
    eventTypes = List.copyOf(eventTypes);
  }

  /** Without {@code listen} (no operations listener). */
  public CollectorConfig(
      URI serverUrl,
      String integrationKey,
      String userId,
      String redirectUrl,
      SigningKey privateKey,
      String accountId,
      String organizationId,
      List<EventType> eventTypes,
      int maxCustomerEventsPerFetch,
      int maxUserEventsPerFetch,
      FirstFetch firstFetch,
      Duration interval,
      Duration maxWait,
      Duration connectTimeout,
      Duration requestTimeout,
      MonitorApi monitorApi,
      URI monitorUrl,
      URI adminUrl,
      boolean insecure,
      Path caFile,
      boolean proxy,
      int apiBudgetPerHour,
      int apiBurstPer30s,
      Path stateDir,
      OutputConfig output) {
    this(
        serverUrl,
        integrationKey,
        userId,
        redirectUrl,
        privateKey,
        accountId,
        organizationId,
        eventTypes,
        maxCustomerEventsPerFetch,
        maxUserEventsPerFetch,
        firstFetch,
        interval,
        maxWait,
        connectTimeout,
        requestTimeout,
        monitorApi,
        monitorUrl,
        adminUrl,
        insecure,
        caFile,
        proxy,
        apiBudgetPerHour,
        apiBurstPer30s,
        stateDir,
        output,
        null);
  }

  /** This configuration with the operations listener at {@code l} (null: none). */
  public CollectorConfig withListen(Listen l) {
    return new CollectorConfig(
        serverUrl,
        integrationKey,
        userId,
        redirectUrl,
        privateKey,
        accountId,
        organizationId,
        eventTypes,
        maxCustomerEventsPerFetch,
        maxUserEventsPerFetch,
        firstFetch,
        interval,
        maxWait,
        connectTimeout,
        requestTimeout,
        monitorApi,
        monitorUrl,
        adminUrl,
        insecure,
        caFile,
        proxy,
        apiBudgetPerHour,
        apiBurstPer30s,
        stateDir,
        output,
        l);
  }

  /**
   * Where {@code run} serves metrics, health and the status page (SPEC §10): a host (name, IPv4 or
   * bracketed IPv6 address) and a port (0 = any free port).
   */
  public record Listen(String host, int port) {
    /** Parses {@code HOST:PORT}; an {@link IllegalArgumentException} says what is wrong. */
    public static Listen parse(String text) {
      String t = text == null ? "" : text.trim();
      int colon = t.lastIndexOf(':');
      if (colon <= 0 || colon == t.length() - 1) {
        throw new IllegalArgumentException(
            "\"" + t + "\" is not HOST:PORT; write e.g. 127.0.0.1:9464");
      }
      String host = t.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw new IllegalArgumentException(
            "\"" + t + "\": write an IPv6 address in brackets, e.g. [::1]:9464");
      }
      int port;
      try {
        port = Integer.parseInt(t.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535 || host.isBlank()) {
        throw new IllegalArgumentException(
            "\"" + t + "\": the port must be a number 0..65535 after a host, e.g. 127.0.0.1:9464");
      }
      return new Listen(host, port);
    }

    /** Whether only this machine can connect ({@code localhost}, 127.x.x.x, ::1). */
    public boolean isLoopback() {
      String h = host.toLowerCase(java.util.Locale.ROOT);
      return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** The union of the scopes the configured event types need. */
  public Set<String> scopes() {
    return EventType.scopesFor(eventTypes);
  }

  /** Which Monitor stream endpoint to read. */
  public enum MonitorApi {
    /** {@code /api/v2.0/datasets/monitor/stream}, answering {@code {endCursor, data}}. */
    LENS_V2,
    /**
     * {@code /v1/organizations/{organization_id}/stream}, answering {@code {endCursor,
     * resultData}}.
     */
    ORG_V1
  }

  /** Where a stream with no checkpoint starts: a duration back from now, or a fixed instant. */
  public record FirstFetch(Duration ago, Instant at) {
    public static FirstFetch ago(Duration d) {
      return new FirstFetch(d, null);
    }

    public static FirstFetch at(Instant i) {
      return new FirstFetch(null, i);
    }

    public Instant resolve(Clock clock) {
      return at != null ? at : clock.instant().minus(ago);
    }
  }

  /**
   * The sink of SPEC §5 and §8: its {@code type} and its validated {@code output.*} settings,
   * declared by the sink type (see {@link io.github.docusigncollector.sink.SinkKeys}).
   */
  public record OutputConfig(String type, SinkSettings settings) {
    /** A file sink writing {@code path} (tests, {@code demo}, {@code bench}). */
    public static OutputConfig file(Path path, long rotateBytes, int keep) {
      return new OutputConfig("file", OutputParser.fileSettings(path, rotateBytes, keep));
    }

    /** The file sink's file (null for other sinks). */
    public Path path() {
      return has("path") ? settings.path("path") : null;
    }

    /** The file sink's rotation size (0 for other sinks). */
    public long rotateBytes() {
      return has("rotate_bytes") ? settings.bytes("rotate_bytes") : 0;
    }

    /** The file sink's rotated files kept (0 for other sinks). */
    public int keep() {
      return has("keep") ? settings.integer("keep") : 0;
    }

    /** {@code output.format}: {@code raw} (default), {@code ocsf} or {@code ecs} (SPEC §11). */
    public OutputFormat format() {
      String key = settings.keys().key("format") != null ? settings.string("format") : null;
      return key == null ? OutputFormat.RAW : OutputFormat.fromKey(key).orElse(OutputFormat.RAW);
    }

    private boolean has(String key) {
      return settings.keys().key(key) != null && settings.has(key);
    }
  }
}
