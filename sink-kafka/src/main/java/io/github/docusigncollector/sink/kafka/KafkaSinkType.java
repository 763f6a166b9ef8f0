package io.github.docusigncollector.sink.kafka;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkKeys;
import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;
import io.github.docusigncollector.sink.SinkSettings;
import io.github.docusigncollector.sink.SinkType;
import io.github.docusigncollector.sink.TransportSink;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code output.type: kafka}: the official Kafka producer, idempotent with {@code acks=all}; a
 * batch counts once the broker acknowledged every record of it. Registered as a {@link SinkType}
 * service from this module, so that the core does not carry the Kafka client.
 */
public final class KafkaSinkType implements SinkType {
  public static final String BOOTSTRAP_SERVERS = "bootstrap_servers";
  public static final String TOPIC = "topic";
  public static final String TOPICS = "topics";
  public static final String SECURITY_PROTOCOL = "security_protocol";
  public static final String SASL_MECHANISM = "sasl_mechanism";
  public static final String SASL_USERNAME = "sasl_username";
  public static final String PASSWORD = "password";
  public static final String SSL_CA_FILE = "ssl_ca_file";
  public static final String PROPERTIES = "properties";
  public static final String COMPRESSION = "compression";
  public static final String BATCH_MAX_EVENTS = "batch_max_events";
  public static final String BATCH_MAX_BYTES = "batch_max_bytes";
  public static final String RETRY_FOR = "retry_for";

  /** Producer settings delivery before checkpoint rests on: not to be changed. */
  static final Set<String> FIXED =
      Set.of("acks", "enable.idempotence", "key.serializer", "value.serializer");

  static final SinkKeys KEYS =
      SinkKeys.of(
          Key.required(
              BOOTSTRAP_SERVERS, Kind.STRING, "brokers to start from, host:port[,host:port...]"),
          Key.optional(TOPIC, Kind.STRING, null, "the topic of every event"),
          Key.optional(
              TOPICS,
              Kind.MAP,
              null,
              "a topic per event type: {customer_events: ..., audit_users: ...}"),
          Key.choice(
              SECURITY_PROTOCOL,
              "plaintext",
              List.of("plaintext", "ssl", "sasl_plaintext", "sasl_ssl"),
              "the producer's security.protocol"),
          Key.choice(
              SASL_MECHANISM,
              null,
              List.of("plain", "scram-sha-256", "scram-sha-512"),
              "SASL mechanism (with sasl_username and password)"),
          Key.optional(SASL_USERNAME, Kind.STRING, null, "SASL user name"),
          Key.optional(PASSWORD, Kind.SECRET, null, "SASL password"),
          Key.optional(
              SSL_CA_FILE, Kind.FILE, null, "PEM bundle of the CA certificates the brokers use"),
          Key.optional(
              PROPERTIES,
              Kind.MAP,
              null,
              "any producer property, e.g. linger.ms (not acks or enable.idempotence)"),
          Key.choice(
              COMPRESSION,
              "lz4",
              List.of("lz4", "zstd", "gzip", "snappy", "none"),
              "the producer's compression.type"),
          Key.range(
              BATCH_MAX_EVENTS,
              Kind.INT,
              10_000,
              1,
              1_000_000,
              "most events awaited together (the producer batches them further)"),
          Key.range(
              BATCH_MAX_BYTES,
              Kind.BYTES,
              16L << 20,
              1024,
              1L << 30,
              "most bytes awaited together"),
          Key.duration(
              RETRY_FOR,
              Duration.ofMinutes(5),
              Duration.ZERO,
              "how long transient failures are retried before the cycle fails"));

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public void validate(SinkSettings s, List<String> problems) {
    boolean topic = s.has(TOPIC);
    Map<String, String> topics = s.map(TOPICS);
    if (topic && !topics.isEmpty()) {
      problems.add("output.topic, output.topics: both are set; keep only one of them.");
    } else if (!topic && topics.isEmpty()) {
      problems.add(
          "output.topic: not set; give the topic (or output.topics with customer_events and"
              + " audit_users).");
    }
    for (Map.Entry<String, String> e : topics.entrySet()) {
      if (!e.getKey().equals("customer_events") && !e.getKey().equals("audit_users")) {
        problems.add(
            "output.topics."
                + e.getKey()
                + ": not an event type; use customer_events and audit_users.");
      } else if (e.getValue().isBlank()) {
        problems.add("output.topics." + e.getKey() + ": empty; give the topic's name.");
      }
    }
    String protocol = s.string(SECURITY_PROTOCOL);
    boolean sasl = protocol.startsWith("sasl_");
    if (sasl && !s.has(SASL_MECHANISM)) {
      problems.add(
          "output.sasl_mechanism: required with security_protocol "
              + protocol
              + "; use plain, scram-sha-256 or scram-sha-512.");
    }
    if (s.has(SASL_MECHANISM)) {
      if (!sasl) {
        problems.add(
            "output.security_protocol: "
                + protocol
                + " does not use SASL, but output.sasl_mechanism is set; use sasl_ssl (or"
                + " sasl_plaintext on a trusted network).");
      }
      if (!s.has(SASL_USERNAME)) {
        problems.add("output.sasl_username: required with output.sasl_mechanism; set it.");
      }
      if (!s.has(PASSWORD)) {
        problems.add(
            "output.password: required with output.sasl_mechanism; set it, or give"
                + " output.password_file or DOCUSIGN_OUTPUT_PASSWORD.");
      }
    } else if (s.has(SASL_USERNAME) || s.has(PASSWORD)) {
      problems.add(
          "output.sasl_mechanism: output.sasl_username / output.password are set without it;"
              + " set it (plain, scram-sha-256 or scram-sha-512).");
    }
    for (Map.Entry<String, String> e : s.map(PROPERTIES).entrySet()) {
      String k = e.getKey();
      if (FIXED.contains(k)) {
        problems.add(
            "output.properties."
                + k
                + ": fixed by the collector (idempotent, acks=all, byte records); remove it.");
      }
      if (k.contains("password") || k.contains("jaas") || k.contains("secret")) {
        Secrets.register(e.getValue());
      }
    }
  }

  /** The settings of a validated configuration. */
  public static KafkaSettings settings(SinkSettings s) {
    Map<String, String> topics = s.map(TOPICS);
    String one = s.string(TOPIC);
    return new KafkaSettings(
        s.string(BOOTSTRAP_SERVERS),
        one != null ? one : topics.get("customer_events"),
        one != null ? one : topics.get("audit_users"),
        s.string(SECURITY_PROTOCOL).toUpperCase(Locale.ROOT),
        s.has(SASL_MECHANISM) ? s.string(SASL_MECHANISM).toUpperCase(Locale.ROOT) : null,
        s.string(SASL_USERNAME),
        s.secret(PASSWORD),
        s.path(SSL_CA_FILE),
        s.string(COMPRESSION),
        s.map(PROPERTIES));
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    return new TransportSink(
        "kafka",
        new KafkaSender(settings(s)),
        s.integer(BATCH_MAX_EVENTS),
        s.bytes(BATCH_MAX_BYTES),
        s.duration(RETRY_FOR),
        context);
  }
}
