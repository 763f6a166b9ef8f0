package io.github.docusigncollector.sink.kafka;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.EnvelopeFields;
import io.github.docusigncollector.sink.SinkException;
import io.github.docusigncollector.sink.TransportSink;
import io.github.docusigncollector.sink.TransportSink.Rejected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a batch of events to Kafka with an idempotent producer and {@code acks=all}: one record per
 * event, keyed by its {@code eventId} (customer events) or user id (audit users), the event's JSON
 * as the value, to the topic of its type. {@link #send} returns only once every record of the batch
 * is acknowledged. A broker that cannot be reached is a transient failure ({@link IOException}; the
 * whole batch is sent again); a refused authentication or authorization, or a topic that does not
 * exist, is permanent ({@link SinkException} naming the key to fix).
 */
public final class KafkaSender implements TransportSink.Transport {
  /**
   * Producer defaults, chosen by measurement for the collector's batches (a page of up to 2000
   * events of about a kilobyte, sent and then flushed): batches of up to 1 MiB per partition and a
   * linger of 20 ms, so that a page leaves in few large requests (the flush that ends every page
   * sends at once, so the linger never delays an acknowledgement); fewer requests cost the producer
   * and the broker less CPU per event than many small ones (linger.ms 0 doubled it). lz4 compresses
   * them at little CPU cost. The time-outs keep one failed attempt within seconds so that {@code
   * retry_for} governs how long the sink keeps trying. Every one can be changed in {@code
   * properties}.
   */
  static final String BATCH_SIZE = "1048576";

  static final String LINGER_MS = "20";
  static final String MAX_BLOCK_MS = "10000";
  static final String REQUEST_TIMEOUT_MS = "10000";
  static final String DELIVERY_TIMEOUT_MS = "30000";

  private final KafkaSettings settings;
  private final Properties config;
  private final Set<String> checkedTopics = new HashSet<>();
  private final EnvelopeFields fields = new EnvelopeFields(null);
  private Producer<byte[], byte[]> producer;

  public KafkaSender(KafkaSettings settings) {
    this.settings = settings;
    this.config = producerConfig(settings);
  }

  /** The producer configuration: our defaults, the security keys, then {@code properties}. */
  static Properties producerConfig(KafkaSettings s) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "docusign-collector");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
    p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compression());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
    if (s.securityProtocol() != null) {
      p.put("security.protocol", s.securityProtocol());
    }
    if (s.saslMechanism() != null) {
      p.put("sasl.mechanism", s.saslMechanism());
      String module =
          s.saslMechanism().startsWith("SCRAM")
              ? "org.apache.kafka.common.security.scram.ScramLoginModule"
              : "org.apache.kafka.common.security.plain.PlainLoginModule";
      String jaas =
          module
              + " required username=\""
              + quote(s.saslUsername())
              + "\" password=\""
              + quote(s.password())
              + "\";";
      Secrets.register(jaas);
      p.put("sasl.jaas.config", jaas);
    }
    if (s.password() != null) {
      Secrets.register(s.password());
    }
    if (s.sslCaFile() != null) {
      p.put("ssl.truststore.type", "PEM");
      p.put("ssl.truststore.location", s.sslCaFile().toString());
    }
    p.putAll(s.properties());
    // what delivery before checkpoint rests on: not to be changed by properties
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  private static String quote(String v) {
    return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * Sends every event of {@code batch} and waits until each is acknowledged; returns those the
   * broker refused as too large (for the dead letters).
   *
   * @throws IOException a transient failure: the batch must be sent again
   * @throws SinkException a permanent one, naming the key to fix
   */
  @Override
  public List<Rejected> send(Batch batch) throws IOException {
    if (batch.isEmpty()) {
      return List.of();
    }
    Producer<byte[], byte[]> p = producer();
    List<byte[]> values = new ArrayList<>(batch.events());
    List<Future<RecordMetadata>> futures = new ArrayList<>(batch.events());
    try {
      byte[] data = batch.data();
      int start = 0;
      for (int i = 0; i < batch.length(); i++) {
        if (data[i] != '\n') {
          continue;
        }
        fields.scan(data, start, i);
        byte[] value = Arrays.copyOfRange(data, start, i);
        start = i + 1;
        boolean audit = "auditusers".equals(fields.sourceLogType());
        String id = audit ? fields.userId() : fields.eventId();
        byte[] key = id == null ? null : id.getBytes(StandardCharsets.UTF_8);
        String topic = audit ? settings.auditUsersTopic() : settings.customerEventsTopic();
        if (topic == null) {
          throw new SinkException(
              "kafka: no topic for "
                  + (audit ? "audit users" : "customer events")
                  + "; set output.topics."
                  + (audit ? "audit_users" : "customer_events")
                  + " (or one output.topic for both)",
              null);
        }
        check(p, topic, audit);
        values.add(value);
        Future<RecordMetadata> f = p.send(new ProducerRecord<>(topic, key, value));
        if (f.isDone()) {
          // failed at once (no metadata within max.block.ms, a full buffer): the rest would too
          failFast(f);
        }
        futures.add(f);
      }
      p.flush();
      List<Rejected> rejected = new ArrayList<>();
      KafkaException failure = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RecordTooLargeException) {
            rejected.add(
                new Rejected(
                    values.get(i),
                    "Kafka refused the record as too large ("
                        + values.get(i).length
                        + " bytes; the broker's message.max.bytes or the topic's max.message.bytes,"
                        + " and the producer's max.request.size in output.properties)"));
          } else if (failure == null) {
            failure =
                e.getCause() instanceof KafkaException ke ? ke : new KafkaException(e.getCause());
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return rejected;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reset();
      throw new IOException("interrupted while waiting for Kafka's acknowledgement", e);
    } catch (KafkaException e) {
      reset();
      SinkException permanent = permanent(e);
      if (permanent != null) {
        throw permanent;
      }
      throw new IOException(
          "kafka: sending to "
              + settings.bootstrapServers()
              + " failed: "
              + Secrets.redact(String.valueOf(e.getMessage())),
          e);
    }
  }

  /** Throws what a send that completed at once failed with; returns if it succeeded. */
  private static void failFast(Future<RecordMetadata> f) throws InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RecordTooLargeException) {
        return; // that one record's own problem: the others go on
      }
      throw e.getCause() instanceof KafkaException ke ? ke : new KafkaException(e.getCause());
    }
  }

  private Producer<byte[], byte[]> producer() {
    if (producer == null) {
      try {
        producer = new KafkaProducer<>(config);
      } catch (KafkaException e) {
        throw new SinkException(
            "kafka: cannot create the producer: "
                + Secrets.redact(String.valueOf(e.getMessage()))
                + (e.getCause() != null
                    ? " (" + Secrets.redact(String.valueOf(e.getCause().getMessage())) + ")"
                    : "")
                + "; check output.bootstrap_servers, the security keys and output.properties",
            null);
      }
    }
    return producer;
  }

  /**
   * Makes sure, once per topic, that it exists (or is created by the broker on first use): the
   * producer waits up to {@code max.block.ms} for its metadata; when it does not come, the cluster
   * is asked whether it knows the topic, and one that does not exist is a permanent failure.
   */
  private void check(Producer<byte[], byte[]> p, String topic, boolean audit) throws IOException {
    if (checkedTopics.contains(topic)) {
      return;
    }
    try {
      p.partitionsFor(topic);
    } catch (TimeoutException e) {
      Boolean exists = topicExists(topic);
      if (Boolean.FALSE.equals(exists)) {
        throw new SinkException(
            "kafka: topic \""
                + topic
                + "\" does not exist and the broker does not create it; create it, or fix "
                + topicKey(audit),
            null);
      }
      throw new IOException(
          "kafka: no metadata for topic " + topic + " from " + settings.bootstrapServers(), e);
    }
    checkedTopics.add(topic);
  }

  private String topicKey(boolean audit) {
    if (java.util.Objects.equals(settings.customerEventsTopic(), settings.auditUsersTopic())) {
      return "output.topic";
    }
    return audit ? "output.topics.audit_users" : "output.topics.customer_events";
  }

  /** Whether the cluster knows {@code topic}; null when it does not answer. */
  private Boolean topicExists(String topic) {
    Properties ac = new Properties();
    for (String k : config.stringPropertyNames()) {
      if (k.startsWith("security.")
          || k.startsWith("sasl.")
          || k.startsWith("ssl.")
          || k.equals("bootstrap.servers")) {
        ac.put(k, config.get(k));
      }
    }
    try (Admin admin = Admin.create(ac)) {
      admin
          .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(5000))
          .allTopicNames()
          .get(6, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      return e.getCause() instanceof UnknownTopicOrPartitionException ? false : null;
    } catch (java.util.concurrent.TimeoutException | KafkaException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The permanent failure {@code e} is, or null for a transient one. */
  private static SinkException permanent(KafkaException e) {
    String why = Secrets.redact(String.valueOf(e.getMessage()));
    if (e instanceof SslAuthenticationException) {
      return new SinkException(
          "kafka: TLS with the broker failed ("
              + why
              + "); if its certificate is signed by a private CA, name that CA in"
              + " output.ssl_ca_file",
          null);
    }
    if (e instanceof AuthenticationException) {
      return new SinkException(
          "kafka: the broker refused the SASL authentication ("
              + why
              + "); check output.sasl_username, output.password and output.sasl_mechanism",
          null);
    }
    if (e instanceof AuthorizationException) {
      return new SinkException(
          "kafka: not authorized ("
              + why
              + "); grant output.sasl_username Write and Describe on the topic (and"
              + " IdempotentWrite on the cluster), or fix output.topic / output.topics",
          null);
    }
    if (e instanceof InvalidTopicException) {
      return new SinkException(
          "kafka: invalid topic (" + why + "); fix output.topic / output.topics", null);
    }
    return null;
  }

  private void reset() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (KafkaException e) {
        // a producer being dropped may fail to close; a new one is made for the next batch
      }
      producer = null;
    }
  }

  /** The producer's metrics (for the benchmark); empty before the first send. */
  java.util.Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric>
      metrics() {
    return producer == null ? java.util.Map.of() : producer.metrics();
  }

  @Override
  public String endpoint() {
    return settings.bootstrapServers();
  }

  @Override
  public String addressKeys() {
    return "output.bootstrap_servers";
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
