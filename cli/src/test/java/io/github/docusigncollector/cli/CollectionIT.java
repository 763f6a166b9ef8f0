package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector jar as a daemon: SIGKILL chaos, SIGTERM, one writer per state directory, demo. */
class CollectionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private DocuSignSimulator sim;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().events(3_000).users(60).consent(true).start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    config = dir.resolve("collector.yaml");
    Files.writeString(
        config,
        sim.collectorConfigYaml(key)
            + "event_types: [customer_events, audit_users]\n"
            + "first_fetch: 1h\n"
            + "interval: 1s\n"
            + "max_customer_events_per_fetch: 150\n"
            + "api_budget_per_hour: 100000\n"
            + "api_burst_per_30s: 100000\n"
            + "state_dir: "
            + dir.resolve("state")
            + "\noutput: {type: file, path: "
            + dir.resolve("state").resolve("events.jsonl")
            + ", rotate_bytes: 400000, keep: 100}\n");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private Path events() {
    return dir.resolve("state").resolve("events.jsonl");
  }

  private List<JsonNode> delivered() throws IOException {
    // Rotated files first, oldest (highest number) to newest, then the live file.
    List<Path> files = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      Path rotated = events().resolveSibling("events.jsonl." + i);
      if (Files.exists(rotated)) {
        files.add(rotated);
      }
    }
    if (Files.exists(events())) {
      files.add(events());
    }
    List<JsonNode> out = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private CollectorProcess run() throws IOException {
    return CollectorProcess.start(dir, "--config", config.toString(), "run");
  }

  @Test
  void killedAtRandomMomentsItEndsWithExactlyTheGroundTruth() throws Exception {
    Random random = new Random(42);
    AtomicBoolean adding = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              int i = 0;
              while (adding.get()) {
                sim.addEvents(40);
                if (++i % 5 == 0) {
                  sim.modifyUsers(2);
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    producer.start();
    try {
      for (int kill = 0; kill < 6; kill++) {
        try (CollectorProcess p = run()) {
          Thread.sleep(600 + random.nextInt(1_400));
          p.kill();
        }
      }
    } finally {
      adding.set(false);
      producer.join();
    }
    CollectorProcess.Result last =
        CollectorProcess.runToEnd(
            dir, Duration.ofSeconds(60), "--config", config.toString(), "fetch");
    assertThat(last.exitCode()).as(last.err()).isZero();

    List<JsonNode> all = delivered();
    List<String> eventIds = new ArrayList<>();
    Map<String, JsonNode> lastUser = new HashMap<>();
    Map<String, List<String>> userRecords = new HashMap<>();
    for (JsonNode n : all) {
      if (n.path("source_log_type").asText().equals("customerevent")) {
        eventIds.add(n.path("eventId").asText());
      } else {
        String id = n.path("id").asText();
        lastUser.put(id, n);
        userRecords.computeIfAbsent(id, k -> new ArrayList<>()).add(n.toString());
      }
    }
    assertThat(events().resolveSibling("events.jsonl.3")).exists(); // recovery crossed rotations
    assertThat(eventIds).doesNotHaveDuplicates();
    assertThat(eventIds).containsExactlyInAnyOrderElementsOf(sim.eventIds());
    assertThat(lastUser.keySet()).containsExactlyInAnyOrderElementsOf(sim.userIds());
    sim.userModifiedAt()
        .forEach(
            (id, at) ->
                assertThat(lastUser.get(id).path("_time").asText())
                    .isEqualTo(
                        DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS))));
    userRecords.forEach(
        (id, records) -> {
          for (int i = 1; i < records.size(); i++) {
            assertThat(strip(records.get(i))).isNotEqualTo(strip(records.get(i - 1)));
          }
        });
  }

  private static String strip(String record) throws RuntimeException {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode o =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(record);
      o.remove(List.of("_time", "_time_source", "source_log_type"));
      return o.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sigtermEndsRunWithExitZeroWithinTenSecondsAndLosesNothing() throws Exception {
    sim.faults().latency(Duration.ofMillis(150));
    try (CollectorProcess p = run()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(events()) && Files.size(events()) > 0);
      Instant sent = Instant.now();
      p.process.destroy(); // SIGTERM, while pages are still in flight
      assertThat(p.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(10));
      assertThat(p.process.exitValue()).as(p.stderr()).isZero();
    }
    sim.faults().clear();
    CollectorProcess.Result r =
        CollectorProcess.runToEnd(
            dir, Duration.ofSeconds(60), "--config", config.toString(), "fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> ids =
        delivered().stream()
            .filter(n -> n.has("eventId"))
            .map(n -> n.path("eventId").asText())
            .toList();
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sim.eventIds());
  }

  @Test
  void aSecondWriterIsRefusedWhileStateShowWorksBesideRun() throws Exception {
    try (CollectorProcess p = run()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> p.stdout().contains("\"customer_events\""));
      CollectorProcess.Result second =
          CollectorProcess.runToEnd(
              dir, Duration.ofSeconds(30), "--config", config.toString(), "fetch");
      assertThat(second.exitCode()).isEqualTo(2);
      assertThat(second.err()).contains(dir.resolve("state").toString());
      CollectorProcess.Result show =
          CollectorProcess.runToEnd(
              dir, Duration.ofSeconds(30), "--config", config.toString(), "state", "show");
      assertThat(show.exitCode()).as(show.err()).isZero();
      assertThat(
              JSON.readTree(show.out()).path("checkpoints").path("streams").has("customer_events"))
          .isTrue();
      p.process.destroy();
      assertThat(p.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process.exitValue()).isZero();
    }
  }

  @Test
  void revokedConsentIsOneClearErrorPerPauseAndCollectionResumesOnceItIsBack() throws Exception {
    try (CollectorProcess p = run()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> p.stdout().contains("\"customer_events\""));
      sim.revokeConsent();
      sim.faults().expireTokens();
      sim.clearRequests();
      sim.addEvents(100);
      Thread.sleep(6_000); // pauses of 1, 2 and 4 s: at most 4 attempts
      long tokenRequests =
          sim.requests().stream()
              .filter(r -> r.endpoint() == io.github.docusigncollector.simulator.Endpoint.TOKEN)
              .count();
      assertThat(tokenRequests).isBetween(1L, 5L);
      assertThat(p.stderr()).contains("consent-url");
      sim.grantConsent(
          sim.consentedScopes().isEmpty()
              ? java.util.List.of("signature", "impersonation", "organization_read", "user_read")
              : sim.consentedScopes());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  delivered().stream().filter(n -> n.has("eventId")).count()
                      == sim.eventIds().size());
      p.process.destroy();
      assertThat(p.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process.exitValue()).isZero();
    }
  }

  @Test
  void demoRunsAndWritesEvents() throws Exception {
    CollectorProcess.Result r =
        CollectorProcess.runToEnd(
            dir, Duration.ofSeconds(90), "demo", "--events", "2000", "--users", "40");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("customer_events")
        .contains("2,000")
        .contains("docusign-collector.yaml");
    assertThat(Files.readAllLines(dir.resolve("demo").resolve("events.jsonl"))).hasSize(2_040);
  }
}
