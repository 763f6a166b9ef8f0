package io.github.docusigncollector.sink.syslog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checked settings of the {@code syslog} sink.
 *
 * @param writeTimeout how long a write over tcp or tls may wait for the receiver to take more data:
 *     a receiver that stops reading makes it block once the socket buffers are full; after this the
 *     connection is dropped and the part counts as a transient failure
 */
public record SyslogSettings(
    String host,
    int port,
    Protocol protocol,
    Framing framing,
    int facility,
    String appName,
    int maxMessageBytes,
    boolean insecure,
    Path caFile,
    Duration connectTimeout,
    Duration writeTimeout) {

  /** The default write time-out: the collector's {@code request_timeout} default. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

  /** Settings with the default write time-out. */
  public SyslogSettings(
      String host,
      int port,
      Protocol protocol,
      Framing framing,
      int facility,
      String appName,
      int maxMessageBytes,
      boolean insecure,
      Path caFile,
      Duration connectTimeout) {
    this(
        host,
        port,
        protocol,
        framing,
        facility,
        appName,
        maxMessageBytes,
        insecure,
        caFile,
        connectTimeout,
        DEFAULT_WRITE_TIMEOUT);
  }

  /** The default {@code max_message_bytes}. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 65_536;

  /** The largest payload of one UDP datagram over IPv4. */
  public static final int MAX_UDP_BYTES = 65_507;

  /** {@code protocol}. */
  public enum Protocol {
    TCP,
    TLS,
    UDP;

    public static Optional<Protocol> of(String name) {
      for (Protocol p : values()) {
        if (p.name().toLowerCase(Locale.ROOT).equals(name)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  /** {@code framing} over TCP and TLS (RFC 6587). */
  public enum Framing {
    OCTET_COUNTING,
    NEWLINE;

    public static Optional<Framing> of(String name) {
      for (Framing f : values()) {
        if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /** The RFC 5424 facility codes by name, as {@code facility} accepts them. */
  public static final Map<String, Integer> FACILITIES =
      Map.ofEntries(
          Map.entry("kern", 0),
          Map.entry("user", 1),
          Map.entry("mail", 2),
          Map.entry("daemon", 3),
          Map.entry("auth", 4),
          Map.entry("syslog", 5),
          Map.entry("lpr", 6),
          Map.entry("news", 7),
          Map.entry("uucp", 8),
          Map.entry("cron", 9),
          Map.entry("authpriv", 10),
          Map.entry("ftp", 11),
          Map.entry("ntp", 12),
          Map.entry("security", 13),
          Map.entry("console", 14),
          Map.entry("solaris-cron", 15),
          Map.entry("local0", 16),
          Map.entry("local1", 17),
          Map.entry("local2", 18),
          Map.entry("local3", 19),
          Map.entry("local4", 20),
          Map.entry("local5", 21),
          Map.entry("local6", 22),
          Map.entry("local7", 23));

  /** Whether {@code name} is a valid APP-NAME: 1..48 printable US-ASCII characters. */
  public static boolean validAppName(String name) {
    if (name == null || name.isEmpty() || name.length() > 48) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126) {
        return false;
      }
    }
    return true;
  }
}
