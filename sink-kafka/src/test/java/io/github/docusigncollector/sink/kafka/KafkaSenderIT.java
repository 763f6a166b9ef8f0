package io.github.docusigncollector.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.SinkException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kafka sink against a real KRaft broker in this JVM. */
class KafkaSenderIT {
  static KafkaBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new KafkaBroker();
    broker.createTopics("ce", "au", "ce2", "au2", "ce3", "au3");
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
  }

  static KafkaSettings settings(String ce, String au, Map<String, String> props) {
    Map<String, String> p = new HashMap<>(props);
    // one failed attempt within a few seconds, for the tests
    p.putIfAbsent("max.block.ms", "3000");
    p.putIfAbsent("request.timeout.ms", "2000");
    p.putIfAbsent("delivery.timeout.ms", "4000");
    return new KafkaSettings(broker.bootstrap(), ce, au, null, null, null, null, null, "lz4", p);
  }

  static List<String> backlog(int first, int n) {
    List<String> lines = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      lines.add(
          i % 4 == 3
              ? "{\"id\":\"user-"
                  + i
                  + "\",\"userSettings\":{\"x\":1},\"_time\":\"2026-05-01T09:00:00Z\","
                  + "\"source_log_type\":\"auditusers\"}"
              : "{\"timestamp\":\"2026-05-01T10:00:00Z\",\"eventId\":\"ev-"
                  + i
                  + "\",\"data\":{\"eventId\":\"nested-not-the-key\"},\"_time\":\"2026-05-01T10:00:00Z\","
                  + "\"source_log_type\":\"customerevent\"}");
    }
    return lines;
  }

  static Batch batch(List<String> lines) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String l : lines) {
      b.writeBytes(l.getBytes(StandardCharsets.UTF_8));
      b.write('\n');
    }
    return new Batch(b.toByteArray(), b.size(), lines.size());
  }

  private static Map<String, String> byKey(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, String> m = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String prev =
          m.put(
              new String(r.key(), StandardCharsets.UTF_8),
              new String(r.value(), StandardCharsets.UTF_8));
      assertThat(prev).as("key delivered twice").isNull();
    }
    return m;
  }

  private static Map<String, String> expected(List<String> lines, boolean audit) {
    Map<String, String> m = new HashMap<>();
    for (String l : lines) {
      boolean isAudit = l.contains("auditusers");
      if (isAudit == audit) {
        String key =
            audit
                ? l.substring(l.indexOf("user-"), l.indexOf('"', l.indexOf("user-")))
                : l.substring(l.indexOf("ev-"), l.indexOf('"', l.indexOf("ev-")));
        m.put(key, l);
      }
    }
    return m;
  }

  @Test
  void aBacklogOfBothTypesArrivesExactlyOnceKeyedInTheTopicOfItsType() throws Exception {
    List<String> all = new ArrayList<>();
    try (KafkaSender s = new KafkaSender(settings("ce", "au", Map.of()))) {
      for (int b = 0; b < 5; b++) {
        List<String> lines = backlog(b * 2000, 2000);
        all.addAll(lines);
        assertThat(s.send(batch(lines))).isEmpty();
      }
    }
    Map<String, String> ce = expected(all, false);
    Map<String, String> au = expected(all, true);
    assertThat(byKey(broker.readAll("ce", ce.size()))).isEqualTo(ce);
    assertThat(byKey(broker.readAll("au", au.size()))).isEqualTo(au);
  }

  @Test
  void aBrokerThatIsAwayIsATransientFailureAndTheBatchArrivesOnceItIsBack() throws Exception {
    List<String> first = backlog(0, 300);
    List<String> second = backlog(300, 300);
    try (KafkaSender s = new KafkaSender(settings("ce2", "au2", Map.of()))) {
      s.send(batch(first));
      broker.proxy.stop();
      try {
        assertThatThrownBy(() -> s.send(batch(second))).isInstanceOf(IOException.class);
      } finally {
        broker.proxy.start();
      }
      s.send(batch(second));
    }
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    Map<String, String> ce = expected(all, false);
    // at least once: a record of the failed attempt may be there too, never a missing one
    List<ConsumerRecord<byte[], byte[]>> got = broker.readAll("ce2", ce.size());
    Map<String, String> seen = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : got) {
      seen.put(
          new String(r.key(), StandardCharsets.UTF_8),
          new String(r.value(), StandardCharsets.UTF_8));
    }
    assertThat(seen).isEqualTo(ce);
  }

  @Test
  void aTopicThatDoesNotExistIsPermanentAndNamesTheKey() {
    try (KafkaSender s = new KafkaSender(settings("ce3", "no-such-topic", Map.of()))) {
      assertThatThrownBy(() -> s.send(batch(backlog(0, 8))))
          .isInstanceOf(SinkException.class)
          .hasMessageContaining("no-such-topic")
          .hasMessageContaining("output.topics.audit_users");
    }
  }
}
