package io.github.docusigncollector.sink.kafka;

import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.TransportSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kafka sink into a KRaft broker in this JVM: pages of 2000 realistic events (about 1 KB each)
 * through the sink's machinery with the default producer settings, each page acknowledged before
 * the next, and prints events per second. Run with {@code java -cp ... KafkaThroughputBenchmark
 * [events]}.
 */
public final class KafkaThroughputBenchmark {
  private KafkaThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
    List<Batch> pages = new ArrayList<>();
    for (int first = 0; first < events; first += 2000) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int n = 0;
      for (int i = first; i < Math.min(events, first + 2000); i++, n++) {
        b.writeBytes(
            ("{\"timestamp\":\"2026-05-01T10:00:00.1234567Z\",\"eventId\":\"4f1c2d3e-5a6b-7c8d-9e0f-"
                    + String.format(Locale.ROOT, "%012d", i)
                    + "\",\"site\":\"NA3\",\"accountId\":\"93a15559-0000-4000-8000-000000000001\","
                    + "\"userId\":\"fc8d7d8c-0000-4000-8000-000000000002\",\"userAgent\":"
                    + "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
                    + " Gecko) Chrome/126.0.0.0 Safari/537.36\",\"userAgentClientInfo\":{\"browser\":"
                    + "{\"family\":\"Chrome\",\"version\":{\"major\":\"126\",\"minor\":\"0\"}},"
                    + "\"os\":{\"family\":\"Windows\",\"version\":{\"major\":\"10\"}}},"
                    + "\"ipAddress\":\"162.248.186.11\",\"ipAddressLocation\":{\"latitude\":47.6,"
                    + "\"longitude\":-122.33,\"country\":\"united states\",\"state\":\"washington\","
                    + "\"city\":\"seattle\"},\"object\":\"Envelope\",\"action\":\"Sent\","
                    + "\"property\":\"\",\"field\":\"\",\"result\":\"\",\"source\":\"Web\",\"data\":"
                    + "{\"EnvelopeId\":\"7d3d1d7a-0000-4000-8000-000000000003\"},"
                    + "\"_time\":\"2026-05-01T10:00:00Z\",\"source_log_type\":\"customerevent\"}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      pages.add(new Batch(b.toByteArray(), b.size(), n));
    }
    Path state = Files.createTempDirectory("kafka-bench");
    try (KafkaBroker broker = new KafkaBroker()) {
      broker.createTopics("bench-ce", "bench-au");
      KafkaSettings s =
          new KafkaSettings(
              broker.bootstrap(),
              "bench-ce",
              "bench-au",
              null,
              null,
              null,
              null,
              null,
              "lz4",
              Map.of());
      try (TransportSink sink =
          new TransportSink(
              "kafka",
              new KafkaSender(s),
              10_000,
              16 << 20,
              Duration.ofMinutes(1),
              SinkContext.of(state, System.out))) {
        for (int round = 0; round < 2; round++) {
          long t0 = System.nanoTime();
          for (Batch b : pages) {
            sink.deliver(b);
          }
          double wall = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "%s: kafka %d events (batch.size %s, linger.ms %s, lz4): %.0f events/s acknowledged%n",
              round == 0 ? "warm-up" : "measured",
              events,
              KafkaSender.BATCH_SIZE,
              KafkaSender.LINGER_MS,
              events / wall);
        }
      }
    }
  }
}
