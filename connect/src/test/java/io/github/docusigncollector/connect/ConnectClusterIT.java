package io.github.docusigncollector.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The connector on a real Connect cluster in this JVM: three workers with exactly-once source
 * support, one KRaft broker, and one simulator per DocuSign account. Topics are read with {@code
 * isolation.level=read_committed} and compared with the simulators' ground truth.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectClusterIT {
  private static EmbeddedConnectCluster connect;
  private static KeyPair keyPair;
  private static final List<DocuSignSimulator> sims = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keyPair = g.generateKeyPair();
    Map<String, String> worker = new HashMap<>();
    worker.put("exactly.once.source.support", "enabled");
    worker.put("plugin.discovery", "service_load");
    worker.put("key.converter", StringConverter.class.getName());
    worker.put("value.converter", StringConverter.class.getName());
    worker.put("offset.flush.interval.ms", "1000");
    // A worker that leaves gives its tasks back after this delay (default 5 minutes).
    worker.put("scheduled.rebalance.max.delay.ms", "2000");
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    broker.put("offsets.topic.replication.factor", "1");
    broker.put("auto.create.topics.enable", "false");
    connect =
        new EmbeddedConnectCluster.Builder()
            .name("docusign-it")
            .numWorkers(3)
            .numBrokers(1)
            .workerProps(worker)
            .brokerProps(broker)
            .build();
    connect.start();
  }

  @AfterAll
  static void stop() {
    if (connect != null) {
      connect.stop();
    }
    sims.forEach(DocuSignSimulator::close);
  }

  private static DocuSignSimulator sim(long seed, int events, int users) {
    DocuSignSimulator s =
        DocuSignSimulator.builder()
            .seed(seed)
            .keyPair(keyPair)
            .events(events)
            .users(users)
            .consent(true)
            .hourlyLimit(100_000)
            .burstLimit(10_000)
            .start();
    sims.add(s);
    return s;
  }

  private static Map<String, String> base(String topicPrefix) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", DocuSignSourceConnector.class.getName());
    c.put("exactly.once.support", "required");
    c.put("docusign.private.key", sims.get(sims.size() - 1).privateKeyPkcs1Pem());
    c.put("docusign.first.fetch", "2h");
    c.put("docusign.interval", "2s");
    c.put("docusign.api.budget.per.hour", "100000");
    c.put("docusign.api.burst.per.30s", "10000");
    c.put("topic.customer.events", topicPrefix + ".customer_events");
    c.put("topic.audit.users", topicPrefix + ".audit_users");
    return c;
  }

  private static void account(Map<String, String> c, String name, DocuSignSimulator s) {
    String p = "docusign.accounts." + name + ".";
    c.put(p + "server.url", s.baseUrl());
    c.put(p + "monitor.url", s.baseUrl());
    c.put(p + "admin.url", s.baseUrl());
    c.put(p + "integration.key", s.integrationKey());
    c.put(p + "user.id", s.userId());
    c.put(p + "account.id", s.accountId());
    c.put(p + "organization.id", s.organizationId());
  }

  @Test
  @Order(1)
  void validateThroughRestNamesTheBadKeys() {
    DocuSignSimulator s = sim(5, 0, 1);
    Map<String, String> c = base("v");
    c.put("name", "validated");
    c.put("docusign.accounts", "a");
    account(c, "a", s);
    c.put("docusign.accounts.a.account.id", "not-a-guid");
    c.put("docusign.intervall", "5s");
    ConfigInfos infos =
        connect.validateConnectorConfig(DocuSignSourceConnector.class.getSimpleName(), c);
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigInfo ci : infos.configs()) {
      if (!ci.configValue().errors().isEmpty()) {
        errors.put(ci.configValue().name(), ci.configValue().errors());
      }
    }
    assertThat(errors).containsOnlyKeys("docusign.accounts.a.account.id", "docusign.intervall");
    assertThat(errors.get("docusign.intervall").get(0)).contains("did you mean docusign.interval");
    assertThat(infos.errorCount()).isEqualTo(2);
    // The private key is never echoed back.
    assertThat(infos.toString()).doesNotContain("PRIVATE KEY");

    c.put("docusign.accounts.a.account.id", s.accountId());
    c.remove("docusign.intervall");
    c.put("docusign.interval", "soon");
    infos = connect.validateConnectorConfig(DocuSignSourceConnector.class.getSimpleName(), c);
    assertThat(infos.errorCount()).isEqualTo(1);
    ConfigInfo bad =
        infos.configs().stream()
            .filter(ci -> !ci.configValue().errors().isEmpty())
            .findFirst()
            .orElseThrow();
    assertThat(bad.configValue().name()).isEqualTo("docusign.interval");
  }

  @Test
  @Order(2)
  void exactlyOnceThroughAWorkerDyingMidBacklog() throws Exception {
    DocuSignSimulator a = sim(11, 60_000, 400);
    DocuSignSimulator b = sim(12, 40_000, 300);
    DocuSignSimulator c3 = sim(13, 0, 250);
    // Slow enough that a worker can die while account a's backlog is still being read: 60 pages
    // take at least 15 s, so the kill below lands mid-backlog even when this thread or the reader
    // falls seconds behind (at 40 ms a page, a busy machine once let the backlog end first).
    a.faults().latency(Duration.ofMillis(250));
    b.faults().latency(Duration.ofMillis(40));
    String prefix = "eos";
    connect.kafka().createTopic(prefix + ".customer_events", 3);
    connect.kafka().createTopic(prefix + ".audit_users", 3);
    Map<String, String> c = base(prefix);
    c.put("tasks.max", "3");
    c.put("docusign.accounts", "a,b,c");
    c.put("docusign.max.customer.events.per.fetch", "1000");
    account(c, "a", a);
    account(c, "b", b);
    account(c, "c", c3);
    String events = prefix + ".customer_events";
    String users = prefix + ".audit_users";
    Set<String> truthA = new HashSet<>(a.eventIds());

    try (CommittedReader reader =
        new CommittedReader(connect.kafka().bootstrapServers(), events, users)) {
      connect.configureConnector("eos", c);
      connect
          .assertions()
          .assertConnectorAndExactlyNumTasksAreRunning("eos", 3, "the connector did not start");
      Awaitility.await()
          .atMost(120, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                reader.drain();
                return countOf(reader, events, truthA) >= 15_000;
              });
      long atKill = countOf(reader, events, truthA);
      assertThat(atKill).as("account a is still mid-backlog").isLessThan(60_000);

      // The worker running account a's task (task 0: groupPartitions keeps the order) dies.
      ConnectorStateInfo status = connect.connectorStatus("eos");
      String workerOfA =
          status.tasks().stream().filter(t -> t.id() == 0).findFirst().orElseThrow().workerId();
      WorkerHandle victim =
          connect.workers().stream()
              .filter(w -> workerOfA.endsWith(":" + w.url().getPort()))
              .findFirst()
              .orElseThrow();
      long died = System.nanoTime();
      connect.removeWorker(victim);
      Awaitility.await()
          .atMost(60, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  connect.connectorStatus("eos").tasks().stream()
                      .anyMatch(
                          t ->
                              t.id() == 0
                                  && t.state().equals("RUNNING")
                                  && !t.workerId().equals(workerOfA)));
      long reassigned = System.nanoTime();
      Awaitility.await()
          .atMost(60, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                reader.drain();
                return countOf(reader, events, truthA) > atKill + 1000;
              });
      long resumed = System.nanoTime();
      System.out.printf(
          "connect: worker died with account a at %d of 60000 events; task 0 running elsewhere"
              + " after %d ms, new events of account a committed after %d ms%n",
          atKill, (reassigned - died) / 1_000_000, (resumed - died) / 1_000_000);

      // And a task stopped and started again (a rebalance's or an operator's restart).
      connect.restartTask("eos", 1);

      Set<String> truthEvents = new HashSet<>(a.eventIds());
      truthEvents.addAll(b.eventIds());
      truthEvents.addAll(c3.eventIds());
      Set<String> truthUsers = new HashSet<>(a.userIds());
      truthUsers.addAll(b.userIds());
      truthUsers.addAll(c3.userIds());
      Awaitility.await()
          .atMost(180, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                reader.drain();
                return reader.count(events) >= truthEvents.size()
                    && reader.count(users) >= truthUsers.size();
              });
      // Two more intervals: whatever arrives now would be a duplicate.
      Thread.sleep(5_000);
      reader.drain();

      List<String> eventKeys = keys(reader, events);
      List<String> userKeys = keys(reader, users);
      assertThat(eventKeys).hasSize(truthEvents.size());
      assertThat(new HashSet<>(eventKeys)).isEqualTo(truthEvents);
      assertThat(userKeys).hasSize(truthUsers.size());
      assertThat(new HashSet<>(userKeys)).isEqualTo(truthUsers);
      // Each account's events carry its name.
      for (ConsumerRecord<String, String> r : reader.records) {
        if (r.topic().equals(events) && truthA.contains(r.key())) {
          assertThat(r.value()).contains("\"docusign_account\":\"a\"");
        }
      }
    } finally {
      connect.deleteConnector("eos");
    }
  }

  @Test
  @Order(3)
  void throughputOfOneTask() throws Exception {
    DocuSignSimulator s = sim(21, 100_000, 1);
    String prefix = "speed";
    connect.kafka().createTopic(prefix + ".customer_events", 3);
    connect.kafka().createTopic(prefix + ".audit_users", 1);
    Map<String, String> c = base(prefix);
    c.put("tasks.max", "1");
    c.put("docusign.event.types", "customer_events");
    c.put("docusign.server.url", s.baseUrl());
    c.put("docusign.monitor.url", s.baseUrl());
    c.put("docusign.admin.url", s.baseUrl());
    c.put("docusign.integration.key", s.integrationKey());
    c.put("docusign.user.id", s.userId());
    String events = prefix + ".customer_events";
    try (CommittedReader reader = new CommittedReader(connect.kafka().bootstrapServers(), events)) {
      long t0 = System.nanoTime();
      connect.configureConnector("speed", c);
      Awaitility.await()
          .atMost(180, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                reader.drain();
                return reader.count(events) >= 100_000;
              });
      long ms = (System.nanoTime() - t0) / 1_000_000;
      List<String> keys = keys(reader, events);
      assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(s.eventIds()));
      assertThat(keys).hasSize(100_000);
      System.out.printf(
          "connect: one task, exactly-once: 100000 events committed in %d ms = %.0f events/s"
              + " (from the connector's creation, task start included)%n",
          ms, 100_000 * 1000.0 / ms);
    } finally {
      connect.deleteConnector("speed");
    }
  }

  private static long countOf(CommittedReader r, String topic, Set<String> truth) {
    return r.records.stream()
        .filter(x -> x.topic().equals(topic) && truth.contains(x.key()))
        .count();
  }

  private static List<String> keys(CommittedReader r, String topic) {
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<String, String> x : r.records) {
      if (x.topic().equals(topic)) {
        out.add(x.key());
      }
    }
    return out;
  }
}
