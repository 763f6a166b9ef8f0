package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fetch, get-events and state reset run in-process against the simulator on loopback. */
class CollectCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private DocuSignSimulator sim;
  private Path key;

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().events(1_500).users(40).consent(true).start();
    key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    writeConfig("event_types: [customer_events, audit_users]\n");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private void writeConfig(String extra) throws IOException {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(key)
            + "first_fetch: 1h\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + extra);
  }

  private CliRun cli(String... args) {
    return CliRun.run(dir, Map.of(), args);
  }

  private long lines() throws IOException {
    Path events = dir.resolve("state").resolve("events.jsonl");
    return Files.exists(events) ? Files.readAllLines(events).size() : 0;
  }

  @Test
  void fetchPrintsTheSummaryAndAnotherFetchOnlyWhatIsNew() throws Exception {
    CliRun first = cli("fetch");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(JSON.readTree(first.out()))
        .isEqualTo(JSON.readTree("{\"customer_events\":1500,\"audit_users\":40}"));
    sim.addEvents(25);
    CliRun second = cli("fetch");
    assertThat(JSON.readTree(second.out()))
        .isEqualTo(JSON.readTree("{\"customer_events\":25,\"audit_users\":0}"));
    assertThat(lines()).isEqualTo(1_565);

    CliRun show = cli("state", "show");
    JsonNode ce =
        JSON.readTree(show.out()).path("checkpoints").path("streams").path("customer_events");
    assertThat(ce.path("event_age_s").isNumber()).isTrue();
    assertThat(ce.path("last_success").asText()).isNotEmpty();
  }

  @Test
  void aFailingTypeDoesNotStopTheOtherAndSetsTheExitCode() throws Exception {
    sim.faults().forbidMonitor(true);
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(3);
    JsonNode s = JSON.readTree(r.out());
    assertThat(s.path("audit_users").asInt()).isEqualTo(40);
    assertThat(s.path("customer_events").asInt()).isZero();
    assertThat(s.path("errors").path("customer_events").asText()).isNotEmpty();
    assertThat(r.err()).contains("docusign-collector:");
    sim.faults().forbidMonitor(false);
    JsonNode cp = JSON.readTree(cli("state", "show").out()).path("checkpoints").path("streams");
    assertThat(cp.path("customer_events").path("last_error").asText()).isNotEmpty();
  }

  @Test
  void revokedConsentIsOneTokenRequestPerCycleAndAClearError() throws Exception {
    sim.revokeConsent();
    sim.clearRequests();
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("consent-url");
    assertThat(sim.requests().stream().filter(q -> q.endpoint() == Endpoint.TOKEN).count())
        .isEqualTo(1);
    assertThat(JSON.readTree(r.out()).path("errors").size()).isEqualTo(2);
  }

  @Test
  void anUnavailableSinkCheckpointsNothingAndTheNextFetchDeliversEverything() throws Exception {
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked.resolve("events.jsonl")); // a directory where the file goes
    writeConfig("output: {type: file, path: " + blocked.resolve("events.jsonl") + "}\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("events.jsonl");
    assertThat(JSON.readTree(r.out()).path("customer_events").asInt()).isZero();
    Files.delete(blocked.resolve("events.jsonl"));
    CliRun again = cli("fetch");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.readAllLines(blocked.resolve("events.jsonl"))).hasSize(1_500);
  }

  @Test
  void aCorruptCheckpointFileIsExitOneUntilStateReset() throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state").resolve("checkpoints.json"), "{\"version\":1,\"str");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("checkpoints.json").contains("state reset");
    assertThat(cli("state", "reset").exitCode()).isZero();
    assertThat(cli("fetch").exitCode()).isZero();
    assertThat(lines()).isEqualTo(1_540);
  }

  @Test
  void aLongThrottleEndsTheCycleCleanlyAndTheNextContinues() throws Exception {
    writeConfig("max_customer_events_per_fetch: 500\nmax_wait: 1s\n");
    sim.faults().throttleNext(Endpoint.MONITOR, 1, true, Duration.ofMinutes(30));
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).path("throttled").asBoolean()).isTrue();
    CliRun next = cli("fetch");
    assertThat(next.exitCode()).isZero();
    assertThat(lines()).isEqualTo(1_500);
  }

  @Test
  void theStdoutSinkPutsEventsOnStdoutAndTheSummaryOnStderr() throws Exception {
    writeConfig("output: {type: stdout}\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().count()).isEqualTo(1_500);
    assertThat(r.err()).contains("{\"customer_events\":1500}");
  }

  @Test
  void getEventsLooksWithoutMovingAnythingAndStateResetStartsOver() throws Exception {
    CliRun jsonl =
        cli("get-events", "--type", "customer_events", "--limit", "5", "--format", "jsonl");
    assertThat(jsonl.exitCode()).as(jsonl.err()).isZero();
    assertThat(jsonl.out().lines().toList()).hasSize(5);
    assertThat(JSON.readTree(jsonl.out().lines().findFirst().get()).path("eventId").asText())
        .isEqualTo(sim.eventIds().get(0));
    CliRun users = cli("get-events", "--type", "audit_users", "--limit", "3", "--format", "json");
    assertThat(JSON.readTree(users.out())).hasSize(3);
    CliRun ocsf =
        cli("get-events", "--type", "customer_events", "--limit", "4", "--format", "ocsf");
    assertThat(ocsf.exitCode()).as(ocsf.err()).isZero();
    assertThat(ocsf.out().lines().toList()).hasSize(4);
    JsonNode first = JSON.readTree(ocsf.out().lines().findFirst().get());
    assertThat(first.path("metadata").path("version").asText()).isEqualTo("1.8.0");
    assertThat(first.path("unmapped").path("eventId").asText()).isEqualTo(sim.eventIds().get(0));
    CliRun ecs = cli("get-events", "--type", "audit_users", "--limit", "2", "--format", "ecs");
    assertThat(ecs.exitCode()).as(ecs.err()).isZero();
    assertThat(
            JSON.readTree(ecs.out().lines().findFirst().get())
                .path("event")
                .path("dataset")
                .asText())
        .isEqualTo("docusign.audit_users");
    CliRun bad = cli("get-events", "--type", "customer_events", "--format", "cef");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--format").contains("ocsf");
    CliRun table = cli("get-events", "--type", "customer_events", "--limit", "2");
    assertThat(table.out().lines().toList()).hasSize(3).first().asString().startsWith("_time");
    assertThat(dir.resolve("state").resolve("checkpoints.json")).doesNotExist();
    assertThat(lines()).isZero();

    cli("fetch");
    CliRun after = cli("get-events", "--type", "customer_events", "--format", "json");
    assertThat(JSON.readTree(after.out())).isEmpty();

    assertThat(cli("state", "reset", "--type", "customer_events").exitCode()).isZero();
    CliRun again = cli("fetch");
    assertThat(JSON.readTree(again.out()))
        .isEqualTo(JSON.readTree("{\"customer_events\":1500,\"audit_users\":0}"));
    assertThat(cli("state", "reset").exitCode()).isZero();
    assertThat(JSON.readTree(cli("fetch").out()).path("audit_users").asInt()).isEqualTo(40);
  }
}
