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

  private static String metrics(KafkaSender sender) {
    StringBuilder b = new StringBuilder();
    for (var e : sender.metrics().entrySet()) {
      String n = e.getKey().name();
      if (e.getKey().group().equals("producer-metrics")
          && List.of(
                  "batch-size-avg",
                  "records-per-request-avg",
                  "compression-rate-avg",
                  "request-latency-avg",
                  "request-rate",
                  "record-queue-time-avg",
                  "bufferpool-wait-ratio",
                  "io-ratio",
                  "io-wait-ratio")
              .contains(n)) {
        b.append(n).append('=').append(e.getValue().metricValue()).append(' ');
      }
    }
    return b.toString();
  }

  /** CPU nanoseconds of every live thread so far, by thread name with digits folded. */
  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> m = new java.util.HashMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long c = mx.getThreadCpuTime(t.getThreadId());
      if (c > 0) {
        m.merge(t.getThreadName().replaceAll("[0-9]+", "N") + "#" + t.getThreadId(), c, Long::sum);
      }
    }
    return m;
  }

  private static String cpuPerEvent(Map<String, Long> before, int events) {
    Map<String, Long> after = threadCpu();
    Map<String, Double> byGroup = new java.util.TreeMap<>();
    double total = 0;
    for (var e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      String name = e.getKey().substring(0, e.getKey().indexOf('#'));
      String group =
          name.equals("main")
              ? "main (sink, send, compress)"
              : name.startsWith("kafka-producer-network")
                  ? "producer I/O"
                  : name.startsWith("proxy") ? "test proxy" : "broker";
      byGroup.merge(group, d / 1000.0 / events, Double::sum);
      total += d / 1000.0 / events;
    }
    StringBuilder b = new StringBuilder();
    byGroup.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %.2f, ", k, v)));
    return b.append(String.format(Locale.ROOT, "total %.2f", total)).toString();
  }

  /** One producer configuration under test. */
  private record Config(String label, String compression, Map<String, String> properties) {}

  /**
   * The configurations to compare: {@code -Dbench.configs="A;B"}, each a comma-separated list of
   * producer properties ({@code compression.type} picks the compression); empty: the defaults.
   */
  private static List<Config> configs() {
    List<Config> out = new ArrayList<>();
    for (String c : System.getProperty("bench.configs", "").split(";", -1)) {
      Map<String, String> m = new java.util.TreeMap<>();
      for (String kv : c.split(",")) {
        if (!kv.isBlank()) {
          m.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
        }
      }
      String compression = m.getOrDefault("compression.type", "lz4");
      m.remove("compression.type");
      out.add(
          new Config(
              m.isEmpty() && compression.equals("lz4")
                  ? "defaults (batch.size "
                      + KafkaSender.BATCH_SIZE
                      + ", linger.ms "
                      + KafkaSender.LINGER_MS
                      + ", lz4)"
                  : (m + " " + compression),
              compression,
              m));
    }
    return out;
  }

  /**
   * Pages of 2000 customer events shaped like DocuSign Monitor's (about 1 KB each), with the fields
   * that vary between real events varied (ids, time, address, agent, action), so that compression
   * sees realistic data rather than one event repeated.
   */
  static List<Batch> pages(int events) {
    java.util.Random rnd = new java.util.Random(42);
    String[] agents = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.5 Safari/605.1.15",
      "DocuSign/24.2 (iPhone; iOS 17.5)",
      "Java/17.0.2 DocuSign-eSign-Java/4.3.0"
    };
    String[] actions = {"Sent", "Viewed", "Signed", "Completed", "Voided", "Login Success"};
    String[] objects = {"Envelope", "Envelope", "Envelope", "Envelope", "Envelope", "User"};
    List<Batch> pages = new ArrayList<>();
    long time = 1_777_629_600_000L;
    for (int first = 0; first < events; first += 2000) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int n = 0;
      for (int i = first; i < Math.min(events, first + 2000); i++, n++) {
        time += rnd.nextInt(50);
        String ts = java.time.Instant.ofEpochMilli(time).toString();
        int a = rnd.nextInt(actions.length);
        String ip =
            (rnd.nextInt(200) + 20)
                + "."
                + rnd.nextInt(256)
                + "."
                + rnd.nextInt(256)
                + "."
                + rnd.nextInt(256);
        b.writeBytes(
            ("{\"timestamp\":\""
                    + ts
                    + "\",\"eventId\":\""
                    + new java.util.UUID(rnd.nextLong(), rnd.nextLong())
                    + "\",\"site\":\"NA3\",\"accountId\":\"93a15559-0000-4000-8000-000000000001\","
                    + "\"userId\":\""
                    + new java.util.UUID(0x5a5aL, rnd.nextInt(500))
                    + "\",\"integratorKey\":\""
                    + new java.util.UUID(0x1234L, rnd.nextInt(8))
                    + "\",\"userAgent\":\""
                    + agents[rnd.nextInt(agents.length)]
                    + "\",\"userAgentClientInfo\":{\"browser\":"
                    + "{\"family\":\"Chrome\",\"version\":{\"major\":\"126\",\"minor\":\"0\"}},"
                    + "\"os\":{\"family\":\"Windows\",\"version\":{\"major\":\"10\"}}},"
                    + "\"ipAddress\":\""
                    + ip
                    + "\",\"ipAddressLocation\":{\"latitude\":"
                    + (rnd.nextInt(18000) - 9000) / 100.0
                    + ",\"longitude\":"
                    + (rnd.nextInt(36000) - 18000) / 100.0
                    + ",\"country\":\"united states\",\"state\":\"washington\","
                    + "\"city\":\"seattle\"},\"object\":\""
                    + objects[a]
                    + "\",\"action\":\""
                    + actions[a]
                    + "\",\"property\":\"\",\"field\":\"\",\"result\":\"\",\"source\":\"Web\",\"data\":"
                    + "{\"EnvelopeId\":\""
                    + new java.util.UUID(rnd.nextLong(), rnd.nextLong())
                    + "\"},\"_time\":\""
                    + ts
                    + "\",\"source_log_type\":\"customerevent\"}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      pages.add(new Batch(b.toByteArray(), b.size(), n));
    }
    return pages;
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
    int rounds = Integer.getInteger("bench.rounds", 3);
    List<Batch> pages = pages(events);
    long bytes = 0;
    for (Batch b : pages) {
      bytes += b.length();
    }
    System.out.printf(
        Locale.ROOT,
        "%,d events of %.0f bytes on average, in pages of 2000; %d rounds, the first a warm-up%n",
        events,
        (double) bytes / events,
        rounds);
    List<Config> configs = configs();
    Path state = Files.createTempDirectory("kafka-bench");
    try (KafkaBroker broker = new KafkaBroker()) {
      List<TransportSink> sinks = new ArrayList<>();
      List<KafkaSender> senders = new ArrayList<>();
      for (int c = 0; c < configs.size(); c++) {
        broker.createTopics("bench-ce-" + c, "bench-au-" + c);
        KafkaSender sender =
            new KafkaSender(
                new KafkaSettings(
                    broker.bootstrap(),
                    "bench-ce-" + c,
                    "bench-au-" + c,
                    null,
                    null,
                    null,
                    null,
                    null,
                    configs.get(c).compression(),
                    configs.get(c).properties()));
        senders.add(sender);
        sinks.add(
            new TransportSink(
                "kafka",
                sender,
                10_000,
                16 << 20,
                Duration.ofMinutes(1),
                SinkContext.of(state, System.out)));
      }
      try {
        // rounds interleave the configurations, so that other load on the machine hits each alike
        for (int round = 0; round < rounds; round++) {
          for (int c = 0; c < configs.size(); c++) {
            Map<String, Long> cpu0 = threadCpu();
            long t0 = System.nanoTime();
            for (Batch b : pages) {
              sinks.get(c).deliver(b);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                Locale.ROOT,
                "%s: kafka %s: %.0f events/s acknowledged (%.2f s)%n",
                round == 0 ? "warm-up" : "round " + round,
                configs.get(c).label(),
                events / wall,
                wall);
            if (round > 0) {
              System.out.println(
                  "  CPU microseconds per event by thread: " + cpuPerEvent(cpu0, events));
              System.out.println("  producer: " + metrics(senders.get(c)));
            }
          }
        }
      } finally {
        for (TransportSink s : sinks) {
          s.close();
        }
      }
    }
  }
}
