package io.github.docusigncollector.sink.kafka;

import java.util.concurrent.CountDownLatch;

/**
 * The test's one-node KRaft broker as a process of its own, for {@code bench --scenario sinks
 * --kafka-bootstrap} ({@code bench/scripts/sinks-kafka.sh}): starts it, creates the topic the bench
 * writes to ({@code docusign-bench}, 3 partitions), warms itself up, prints {@code bootstrap
 * HOST:PORT} on stdout, and runs until the process is terminated, when it stops the broker and
 * deletes its files.
 */
public final class BenchBroker {
  private BenchBroker() {}

  public static void main(String[] args) throws Exception {
    String topic = args.length > 0 ? args[0] : "docusign-bench";
    KafkaBroker broker = new KafkaBroker();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    broker.close();
                  } catch (Exception e) {
                    System.err.println("bench broker: stopping failed: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "bench-broker-stop"));
    broker.createTopics(topic, "bench-warm-up");
    // a freshly started JVM is slow until its JIT has compiled the broker's paths: warm it with
    // 200,000 events into another topic, so that the measured row is not the broker's first traffic
    try (KafkaSender warm =
        new KafkaSender(
            new KafkaSettings(
                broker.bootstrap(),
                "bench-warm-up",
                "bench-warm-up",
                null,
                null,
                null,
                null,
                null,
                "lz4",
                java.util.Map.of()))) {
      for (io.github.docusigncollector.sink.Batch page : KafkaThroughputBenchmark.pages(200_000)) {
        warm.send(page);
      }
    }
    System.out.println("bootstrap " + broker.bootstrap());
    System.out.flush();
    stopped.await();
  }
}
