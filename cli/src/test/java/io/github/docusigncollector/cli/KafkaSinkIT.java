package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.sink.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The collector's jar delivering into a real KRaft broker (in this JVM) with the kafka sink. */
class KafkaSinkIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KafkaBroker broker;

  @TempDir Path dir;
  private DocuSignSimulator sim;
  private Path config;
  private String ce;
  private String au;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new KafkaBroker();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @BeforeEach
  void start(TestInfo info) throws Exception {
    String name = info.getTestMethod().orElseThrow().getName();
    ce = "ce-" + name;
    au = "au-" + name;
    broker.createTopics(ce, au);
    sim = DocuSignSimulator.builder().events(2_000).users(40).consent(true).start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    config = dir.resolve("collector.yaml");
    Files.writeString(
        config,
        sim.collectorConfigYaml(key)
            + "event_types: [customer_events, audit_users]\n"
            + "first_fetch: 1h\n"
            + "interval: 1s\n"
            + "max_customer_events_per_fetch: 200\n"
            + "api_budget_per_hour: 100000\n"
            + "api_burst_per_30s: 100000\n"
            + "state_dir: "
            + dir.resolve("state")
            + "\noutput:\n"
            + "  type: kafka\n"
            + "  bootstrap_servers: "
            + broker.bootstrap()
            + "\n  topics: {customer_events: "
            + ce
            + ", audit_users: "
            + au
            + "}\n"
            + "  retry_for: 3s\n"
            + "  properties: {max.block.ms: '4000', request.timeout.ms: '3000',"
            + " delivery.timeout.ms: '5000'}\n");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private CollectorProcess.Result fetch() throws Exception {
    return CollectorProcess.runToEnd(
        dir, Duration.ofSeconds(90), "--config", config.toString(), "fetch");
  }

  /** Records of a topic, each key checked against its value; returns the keys in order. */
  private List<String> keys(String topic, int expected, String keyField) throws IOException {
    List<String> keys = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : broker.readAll(topic, expected)) {
      JsonNode v = JSON.readTree(r.value());
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(v.path(keyField).asText()).isEqualTo(key);
      keys.add(key);
    }
    return keys;
  }

  private String cursor() throws IOException {
    Path cp = dir.resolve("state").resolve("checkpoints.json");
    if (!Files.exists(cp)) {
      return "none";
    }
    JsonNode s = JSON.readTree(cp.toFile()).path("streams");
    return s.path("customer_events").path("cursor").asText()
        + "|"
        + s.path("audit_users").path("watermark").asText();
  }

  @Test
  void aBacklogOfBothTypesArrivesExactlyOnceKeyedInTheTopicOfItsType() throws Exception {
    CollectorProcess.Result r = fetch();
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"customer_events\":2000").contains("\"audit_users\":40");
    List<String> events = keys(ce, 2000, "eventId");
    assertThat(events).doesNotHaveDuplicates();
    assertThat(events).containsExactlyInAnyOrderElementsOf(sim.eventIds());
    List<String> users = keys(au, 40, "id");
    assertThat(users).doesNotHaveDuplicates();
    assertThat(users).containsExactlyInAnyOrderElementsOf(sim.userIds());
  }

  @Test
  void aBrokerAwayLongerThanRetryForFailsTheCycleWithNoCheckpointMovedThenAllArrive()
      throws Exception {
    CollectorProcess.Result first = fetch();
    assertThat(first.exitCode()).as(first.err()).isZero();
    String before = cursor();
    sim.addEvents(300);
    sim.modifyUsers(5);
    broker.proxy.stop();
    CollectorProcess.Result down;
    try {
      down = fetch();
    } finally {
      broker.proxy.start();
    }
    assertThat(down.exitCode()).as(down.err()).isEqualTo(1);
    assertThat(down.err()).contains("kafka").contains("output.retry_for");
    assertThat(cursor()).isEqualTo(before);

    CollectorProcess.Result back = fetch();
    assertThat(back.exitCode()).as(back.err()).isZero();
    assertThat(new HashSet<>(keys(ce, 2300, "eventId")))
        .containsExactlyInAnyOrderElementsOf(sim.eventIds());
    assertThat(new HashSet<>(keys(au, 45, "id")))
        .containsExactlyInAnyOrderElementsOf(sim.userIds());
  }

  @Test
  void killedWhileProducingItLosesNothing() throws Exception {
    Random random = new Random(7);
    AtomicBoolean adding = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              while (adding.get()) {
                sim.addEvents(50);
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    producer.start();
    try {
      for (int kill = 0; kill < 4; kill++) {
        try (CollectorProcess p =
            CollectorProcess.start(dir, "--config", config.toString(), "run")) {
          Thread.sleep(1_500 + random.nextInt(1_500));
          p.kill();
        }
      }
    } finally {
      adding.set(false);
      producer.join();
    }
    CollectorProcess.Result last = fetch();
    assertThat(last.exitCode()).as(last.err()).isZero();
    List<String> events = keys(ce, sim.eventIds().size(), "eventId");
    Set<String> distinct = new HashSet<>(events);
    assertThat(distinct).containsExactlyInAnyOrderElementsOf(sim.eventIds());
    // duplicates only from pages in flight at a kill: at most one page (200) per kill
    assertThat(events.size() - distinct.size()).isLessThanOrEqualTo(4 * 200);
    assertThat(new HashSet<>(keys(au, 40, "id")))
        .containsExactlyInAnyOrderElementsOf(sim.userIds());
  }
}
