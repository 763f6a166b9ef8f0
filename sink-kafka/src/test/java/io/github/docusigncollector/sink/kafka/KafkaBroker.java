package io.github.docusigncollector.sink.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real one-node KRaft Kafka in the test JVM, reached through a {@link TcpProxy} that the broker
 * advertises, so a test can take the broker away from the client and bring it back. Topics are not
 * created automatically.
 */
public final class KafkaBroker implements AutoCloseable {
  public final TcpProxy proxy = new TcpProxy();
  private final KafkaClusterTestKit cluster;

  public KafkaBroker() throws Exception {
    KafkaClusterTestKit c = null;
    try {
      c =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .setPerServerProperties(
                          Map.of(
                              0,
                              Map.of(
                                  "advertised.listeners", "EXTERNAL://127.0.0.1:" + proxy.port())))
                      .build())
              .setConfigProp("auto.create.topics.enable", "false")
              .setConfigProp("num.partitions", "3")
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .build();
      c.format();
      c.startup();
      String direct = c.bootstrapServers();
      proxy.target(Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1).split(",")[0]));
      c.waitForReadyBrokers();
    } catch (Exception e) {
      proxy.close();
      if (c != null) {
        c.close();
      }
      throw e;
    }
    this.cluster = c;
  }

  /** The address clients use (the proxy's). */
  public String bootstrap() {
    return "127.0.0.1:" + proxy.port();
  }

  public void createTopics(String... names) throws Exception {
    try (Admin admin = cluster.admin()) {
      List<NewTopic> topics = new ArrayList<>();
      for (String n : names) {
        topics.add(new NewTopic(n, 3, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }

  /** Every record of {@code topic}, read from the beginning until {@code expected} arrived. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(10));
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        boolean done = out.size() >= expected;
        for (TopicPartition tp : parts) {
          done &= consumer.position(tp) >= ends.get(tp);
        }
        if (done) {
          break;
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    proxy.close();
    cluster.close();
  }
}
