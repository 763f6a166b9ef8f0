package io.github.docusigncollector.sink.syslog;

import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkKeys;
import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;
import io.github.docusigncollector.sink.SinkSettings;
import io.github.docusigncollector.sink.SinkType;
import io.github.docusigncollector.sink.TransportSink;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Framing;
import io.github.docusigncollector.sink.syslog.SyslogSettings.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code output.type: syslog}: RFC 5424 messages over TCP (RFC 6587 framing), TLS (RFC 5425) or
 * UDP. Syslog has no acknowledgement: over TCP and TLS a batch counts once written and flushed.
 */
public final class SyslogSinkType implements SinkType {
  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String PROTOCOL = "protocol";
  public static final String FRAMING = "framing";
  public static final String FACILITY = "facility";
  public static final String APP_NAME = "app_name";
  public static final String MAX_MESSAGE_BYTES = "max_message_bytes";
  public static final String BATCH_MAX_EVENTS = "batch_max_events";
  public static final String BATCH_MAX_BYTES = "batch_max_bytes";
  public static final String RETRY_FOR = "retry_for";
  public static final String CA_FILE = "ca_file";
  public static final String INSECURE = "insecure";

  private static final Logger LOG = LoggerFactory.getLogger(SyslogSinkType.class);

  static final SinkKeys KEYS =
      SinkKeys.of(
          Key.required(HOST, Kind.STRING, "the syslog receiver's host name or address"),
          Key.range(
              PORT, Kind.INT, 0, 0, 65535, "its port (0 = 514 for tcp and udp, 6514 for tls)"),
          Key.choice(PROTOCOL, "tcp", List.of("tcp", "tls", "udp"), "transport"),
          Key.choice(
              FRAMING,
              "octet_counting",
              List.of("octet_counting", "newline"),
              "RFC 6587 framing over tcp and tls"),
          Key.choice(
              FACILITY,
              "local0",
              List.copyOf(new TreeSet<>(SyslogSettings.FACILITIES.keySet())),
              "the facility of every message"),
          Key.optional(APP_NAME, Kind.STRING, "docusign", "APP-NAME (1..48 printable ASCII)"),
          Key.range(
              MAX_MESSAGE_BYTES,
              Kind.INT,
              SyslogSettings.DEFAULT_MAX_MESSAGE_BYTES,
              480,
              16 << 20,
              "longest message sent; a longer event goes to the dead letters"),
          Key.range(
              BATCH_MAX_EVENTS, Kind.INT, 1000, 1, 1_000_000, "most events in one write and flush"),
          Key.range(
              BATCH_MAX_BYTES, Kind.BYTES, 4L << 20, 1024, 1L << 30, "most bytes in one write"),
          Key.duration(
              RETRY_FOR,
              Duration.ofMinutes(5),
              Duration.ZERO,
              "how long transient failures are retried before the cycle fails"),
          Key.optional(
              CA_FILE, Kind.FILE, null, "PEM bundle of extra trusted CA certificates (tls)"),
          Key.optional(INSECURE, Kind.BOOLEAN, false, "trust any TLS certificate (unsafe)"));

  @Override
  public String type() {
    return "syslog";
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public void validate(SinkSettings s, List<String> problems) {
    if (!SyslogSettings.validAppName(s.string(APP_NAME))) {
      problems.add(
          "output.app_name: \""
              + s.string(APP_NAME)
              + "\" is not a valid APP-NAME; write 1 to 48 printable ASCII characters, no spaces.");
    }
    boolean tls = "tls".equals(s.string(PROTOCOL));
    if (!tls && (s.has(CA_FILE) || s.bool(INSECURE))) {
      problems.add(
          "output.ca_file, output.insecure: apply to protocol tls only; remove them or set"
              + " output.protocol: tls.");
    }
  }

  /** The settings of a validated configuration, with the default write time-out. */
  public static SyslogSettings settings(SinkSettings s, Duration connectTimeout) {
    return settings(s, connectTimeout, SyslogSettings.DEFAULT_WRITE_TIMEOUT);
  }

  /**
   * The settings of a validated configuration; {@code writeTimeout} is the collector's {@code
   * request_timeout}.
   */
  public static SyslogSettings settings(
      SinkSettings s, Duration connectTimeout, Duration writeTimeout) {
    Protocol protocol = Protocol.of(s.string(PROTOCOL)).orElseThrow();
    int port = s.integer(PORT);
    if (port == 0) {
      port = protocol == Protocol.TLS ? 6514 : 514;
    }
    return new SyslogSettings(
        s.string(HOST),
        port,
        protocol,
        Framing.of(s.string(FRAMING)).orElseThrow(),
        SyslogSettings.FACILITIES.get(s.string(FACILITY)),
        s.string(APP_NAME),
        s.integer(MAX_MESSAGE_BYTES),
        s.bool(INSECURE),
        s.path(CA_FILE),
        connectTimeout,
        writeTimeout);
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    SyslogSettings settings = settings(s, context.connectTimeout(), context.requestTimeout());
    if (settings.insecure()) {
      LOG.warn(
          "output.insecure is true: the syslog receiver's TLS certificate is not checked; name"
              + " its CA in output.ca_file instead");
    }
    return new TransportSink(
        "syslog",
        new SyslogSender(settings, SyslogFormat.localHostname()),
        s.integer(BATCH_MAX_EVENTS),
        s.bytes(BATCH_MAX_BYTES),
        s.duration(RETRY_FOR),
        context);
  }
}
