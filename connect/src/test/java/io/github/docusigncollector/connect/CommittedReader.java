package io.github.docusigncollector.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads topics from the beginning with {@code isolation.level=read_committed}, accumulating. */
final class CommittedReader implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  final List<ConsumerRecord<String, String>> records = new ArrayList<>();

  CommittedReader(String bootstrap, String... topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      Map<String, List<PartitionInfo>> all = consumer.listTopics();
      for (PartitionInfo pi : all.getOrDefault(t, List.of())) {
        parts.add(new TopicPartition(t, pi.partition()));
      }
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** Reads what has been committed since the last call; returns how many records were read. */
  int drain() {
    int n = 0;
    while (true) {
      var batch = consumer.poll(Duration.ofMillis(200));
      if (batch.isEmpty()) {
        return n;
      }
      for (ConsumerRecord<String, String> r : batch) {
        records.add(r);
        n++;
      }
    }
  }

  long count(String topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).count();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
