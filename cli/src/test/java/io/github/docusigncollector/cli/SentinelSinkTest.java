package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.receivers.AzureLogsIngestion;
import io.github.docusigncollector.simulator.receivers.Receiver;
import io.github.docusigncollector.simulator.receivers.SentinelReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.type: sentinel} end to end, in-process: the simulator's backlog into the embedded
 * Entra token endpoint + Logs Ingestion API over loopback, with their faults.
 */
class SentinelSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "Xy8Q~client.secret-never-shown_" + 1234567;

  @TempDir Path dir;
  private DocuSignSimulator sim;
  private SentinelReceiver az;
  private Path key;

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().events(1_500).users(30).consent(true).start();
    az = new SentinelReceiver(SECRET);
    az.start();
    key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    config(az.outputYaml(SECRET) + "  retry_for: 2s\n");
  }

  @AfterEach
  void stop() {
    az.close();
    sim.close();
  }

  private void config(String outputBlock) throws IOException {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(key)
            + "event_types: [customer_events, audit_users]\n"
            + "first_fetch: 1h\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + outputBlock);
  }

  private CliRun cli(String... args) {
    return CliRun.run(dir, Map.of(), args);
  }

  private void assertTheTableHoldsTheGroundTruth() {
    List<String> eventIds = new ArrayList<>();
    Set<String> users = new HashSet<>();
    for (JsonNode row : az.ingestion().rowsAsJson()) {
      assertThat(row.path("TimeGenerated").asText())
          .isEqualTo(row.path("_time").asText())
          .isNotEmpty();
      if (row.path("source_log_type").asText().equals("customerevent")) {
        eventIds.add(row.path("eventId").asText());
      } else {
        users.add(row.path("id").asText());
      }
    }
    assertThat(eventIds)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sim.eventIds());
    assertThat(users).containsExactlyInAnyOrderElementsOf(sim.userIds());
  }

  private boolean noCheckpoint() throws IOException {
    Path f = dir.resolve("state").resolve("checkpoints.json");
    if (!Files.exists(f)) {
      return true;
    }
    JsonNode p = JSON.readTree(f.toFile()).path("streams").path("customer_events").path("position");
    return p.isMissingNode() || p.isNull();
  }

  @Test
  void aBacklogArrivesOnceWithOneTokenAndNoCallAboveTheLimit() throws Exception {
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertTheTableHoldsTheGroundTruth();
    assertThat(az.ingestion().rows()).hasSize(1_530);
    assertThat(az.ingestion().tokensIssued()).isEqualTo(1); // cached for the whole cycle
    assertThat(az.ingestion().largestAcceptedRawBytes())
        .isLessThanOrEqualTo(AzureLogsIngestion.MAX_CALL_BYTES);
    assertThat(az.ingestion().largestAcceptedDecodedBytes())
        .isLessThanOrEqualTo(AzureLogsIngestion.MAX_CALL_BYTES);
    List<Receiver.Seen> calls =
        az.requests().stream().filter(q -> q.path().startsWith("/dataCollectionRules/")).toList();
    assertThat(calls).allSatisfy(q -> assertThat(q.status()).isEqualTo(204));
    assertThat(calls).allSatisfy(q -> assertThat(q.header("Content-Encoding")).isEqualTo("gzip"));
    assertThat(calls).allSatisfy(q -> assertThat(q.header("Authorization")).startsWith("Bearer "));
  }

  @Test
  void aLargeBacklogInLargeCallsNeverMeetsThe1MbLimit() throws Exception {
    sim.addEvents(6_000);
    config(az.outputYaml(SECRET) + "  batch_max_bytes: 1040000\n  batch_max_events: 100000\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(az.requests()).noneSatisfy(q -> assertThat(q.status()).isEqualTo(413));
    assertThat(az.ingestion().largestAcceptedDecodedBytes())
        .isGreaterThan(500_000)
        .isLessThanOrEqualTo(1_048_576);
    assertTheTableHoldsTheGroundTruth();
  }

  @Test
  void aStricterLimitIsMetBySplitting() throws Exception {
    az.maxBodyBytes(50_000);
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(az.requests()).anySatisfy(q -> assertThat(q.status()).isEqualTo(413));
    assertThat(az.requests().stream().filter(q -> q.status() == 204))
        .allSatisfy(q -> assertThat(q.bodyBytes()).isLessThanOrEqualTo(50_000));
    assertTheTableHoldsTheGroundTruth();
  }

  @Test
  void throttledWithRetryAfterItWaitsAndDelivers() throws Exception {
    config(az.outputYaml(SECRET) + "  retry_for: 30s\n");
    az.failNext(
        2,
        429,
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit\"}}",
        Duration.ofSeconds(1));
    long t0 = System.nanoTime();
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertTheTableHoldsTheGroundTruth();
  }

  @Test
  void downLongerThanRetryForFailsWithNoCheckpointThenEverythingArrives() throws Exception {
    az.down();
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("sentinel");
    assertThat(noCheckpoint()).isTrue();
    az.up();
    CliRun after = cli("fetch");
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertTheTableHoldsTheGroundTruth();
  }

  @Test
  void downForLessThanRetryForOneFetchDeliversEverything() throws Exception {
    config(az.outputYaml(SECRET) + "  retry_for: 1m\n");
    az.downFor(Duration.ofMillis(1_500));
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertTheTableHoldsTheGroundTruth();
  }

  @Test
  void aWrongSecretOrAMissingRoleFailsNamingTheKeyAndTheSecretIsShownNowhere() throws Exception {
    String wrong = "wrong~Secret.value-" + System.nanoTime();
    config(az.outputYaml(wrong));
    CliRun[] runs = new CliRun[3];
    String logs =
        ElasticsearchSinkTest.captureStderr(
            () -> {
              runs[0] = CliRun.run(dir, Map.of("DOCUSIGN_LOG_LEVEL", "trace"), "fetch");
              runs[2] = CliRun.run(dir, Map.of("DOCUSIGN_LOG_LEVEL", "trace"), "state", "show");
            });
    assertThat(runs[0].exitCode()).isEqualTo(1);
    assertThat(runs[0].err()).contains("output.client_secret");
    assertThat(noCheckpoint()).isTrue();

    config(az.outputYaml(SECRET));
    az.ingestion().roleAssigned(false);
    String logs2 =
        ElasticsearchSinkTest.captureStderr(
            () -> runs[1] = CliRun.run(dir, Map.of("DOCUSIGN_LOG_LEVEL", "trace"), "fetch"));
    assertThat(runs[1].exitCode()).isEqualTo(1);
    assertThat(runs[1].err())
        .contains("403")
        .contains("output.client_id")
        .contains("Monitoring Metrics Publisher");
    assertThat(noCheckpoint()).isTrue();

    List<String> everything =
        new ArrayList<>(List.of(logs, logs2, runs[0].all(), runs[1].all(), runs[2].all()));
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        everything.add(Files.readString(f));
      }
    }
    assertThat(everything)
        .allSatisfy(
            t ->
                assertThat(t)
                    .doesNotContain(wrong)
                    .doesNotContain(SECRET)
                    .doesNotContain("eyJ0eXAiOiJKV1Qi."));
    assertThat(az.ingestion().rows()).isEmpty();
  }

  @Test
  void theSecretFromTheEnvironment() throws Exception {
    config(az.outputYaml(SECRET).replace("  client_secret: \"" + SECRET + "\"\n", ""));
    CliRun r = CliRun.run(dir, Map.of("DOCUSIGN_OUTPUT_CLIENT_SECRET", SECRET), "fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertTheTableHoldsTheGroundTruth();
  }

  @Test
  void everyBadKeyIsAConfigurationErrorNamingIt() throws Exception {
    String good = az.outputYaml(SECRET);
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        good.replace("  tenant_id: " + SentinelReceiver.TENANT_ID + "\n", ""), "output.tenant_id");
    cases.put(good.replace(SentinelReceiver.TENANT_ID, "not a tenant/"), "output.tenant_id");
    cases.put(good.replace(SentinelReceiver.CLIENT_ID, "my-app"), "output.client_id");
    cases.put(good.replace("  client_secret: \"" + SECRET + "\"\n", ""), "output.client_secret");
    cases.put(
        good.replace(SentinelReceiver.DCR_IMMUTABLE_ID, "my-rule"), "output.dcr_immutable_id");
    cases.put(good.replace(SentinelReceiver.STREAM, "DocuSign_CL"), "output.stream");
    cases.put(
        good.replace("  endpoint: " + az.baseUrl(), "  endpoint: http://dce.example.com"),
        "output.endpoint");
    cases.put(
        good.replace("  authority_url: " + az.baseUrl(), "  authority_url: not a url"),
        "output.authority_url");
    cases.put(good + "  batch_max_bytes: 2000000\n", "output.batch_max_bytes");
    cases.put(good + "  workspace_id: x\n", "output.workspace_id");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      config(c.getKey());
      CliRun r = cli("fetch");
      assertThat(r.exitCode()).as(c.getValue() + r.all()).isEqualTo(2);
      assertThat(r.err()).as(c.getValue()).contains(c.getValue()).doesNotContain(SECRET);
    }
    assertThat(az.requests()).isEmpty();
  }
}
