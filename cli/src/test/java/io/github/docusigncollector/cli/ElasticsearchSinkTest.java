package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.receivers.ElasticsearchReceiver;
import io.github.docusigncollector.simulator.receivers.Receiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.type: elasticsearch} end to end, in-process: the simulator's backlog of both event
 * types into the embedded Elasticsearch receiver over loopback, with its faults.
 */
class ElasticsearchSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY =
      "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
  private static final String INDEX = "logs-docusign-default";

  @TempDir Path dir;
  private DocuSignSimulator sim;
  private ElasticsearchReceiver es;
  private Path key;

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().events(1_200).users(30).consent(true).start();
    es = new ElasticsearchReceiver(API_KEY);
    es.start();
    key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    output("retry_for: 2s\n  batch_max_events: 300\n");
  }

  @AfterEach
  void stop() {
    es.close();
    sim.close();
  }

  private void output(String extra) throws IOException {
    config(
        "output:\n  type: elasticsearch\n  url: "
            + es.baseUrl()
            + "\n  api_key: \""
            + API_KEY
            + "\"\n  "
            + extra);
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

  private List<JsonNode> docs() {
    return es.bulk().documentsAsJson(INDEX);
  }

  /** Every event and the latest state of every user are in the index, each event once. */
  private void assertIndexHoldsTheGroundTruth() {
    List<JsonNode> docs = docs();
    List<String> eventIds = new ArrayList<>();
    Map<String, JsonNode> users = new HashMap<>();
    for (JsonNode d : docs) {
      assertThat(d.path("@timestamp").asText()).isEqualTo(d.path("_time").asText()).isNotEmpty();
      if (d.path("source_log_type").asText().equals("customerevent")) {
        eventIds.add(d.path("eventId").asText());
      } else {
        users.put(d.path("id").asText(), d);
      }
    }
    assertThat(eventIds)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sim.eventIds());
    assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(sim.userIds());
  }

  private JsonNode checkpoints() throws IOException {
    Path f = dir.resolve("state").resolve("checkpoints.json");
    return Files.exists(f) ? JSON.readTree(f.toFile()).path("streams") : JSON.createObjectNode();
  }

  @Test
  void aBacklogOfBothTypesArrivesOnceAndARedeliveryAddsNothing() throws Exception {
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertIndexHoldsTheGroundTruth();
    assertThat(docs()).hasSize(1_230);
    assertThat(es.requests())
        .allSatisfy(q -> assertThat(q.header("Authorization")).isEqualTo("ApiKey " + API_KEY));
    assertThat(es.requests())
        .allSatisfy(q -> assertThat(q.header("Content-Encoding")).isEqualTo("gzip"));

    // Everything delivered again (the checkpoints gone): each create is a 409, delivered, once.
    assertThat(cli("state", "reset").exitCode()).isZero();
    long itemsBefore = es.bulk().items();
    CliRun again = cli("fetch");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(es.bulk().items() - itemsBefore).isGreaterThanOrEqualTo(1_200); // really sent again
    assertThat(docs()).hasSize(1_230);
    assertIndexHoldsTheGroundTruth();
    assertThat(Files.exists(dir.resolve("state").resolve("dead-letter.jsonl"))).isFalse();
  }

  @Test
  void downLongerThanRetryForFailsTheCycleWithNoCheckpointThenEverythingArrives() throws Exception {
    es.down();
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("elasticsearch").contains("output.retry_for");
    assertThat(
            checkpoints().path("customer_events").path("position").isMissingNode()
                || checkpoints().path("customer_events").path("position").isNull())
        .as(checkpoints().toString())
        .isTrue();
    es.up();
    CliRun after = cli("fetch");
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertIndexHoldsTheGroundTruth();
  }

  @Test
  void downForLessThanRetryForOneFetchStillDeliversEverything() throws Exception {
    output("retry_for: 1m\n  batch_max_events: 300\n");
    es.downFor(Duration.ofMillis(1_500));
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertIndexHoldsTheGroundTruth();
  }

  @Test
  void aRequestTooLargeIsSplitAndNoAcceptedRequestIsAboveTheLimit() throws Exception {
    es.maxBodyBytes(60_000);
    output("retry_for: 2s\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertIndexHoldsTheGroundTruth();
    List<Receiver.Seen> seen = es.requests();
    assertThat(seen).anySatisfy(q -> assertThat(q.status()).isEqualTo(413));
    assertThat(seen.stream().filter(q -> q.status() == 200))
        .allSatisfy(q -> assertThat(q.bodyBytes()).isLessThanOrEqualTo(60_000));
  }

  @Test
  void eventsRefusedOnTheirOwnMeritsAreDeadLetteredAndTheRestDelivered() throws Exception {
    Set<String> refused = Set.of(sim.eventIdAt(5), sim.eventIdAt(600), sim.eventIdAt(1_100));
    es.rejectEvents(e -> refused.stream().anyMatch(e::contains));
    // and a transient per-item refusal, twice, for another event: only that item is sent again
    es.bulk().reject(sim.eventIdAt(42), 429, "es_rejected_execution_exception", 2);
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> dead = Files.readAllLines(dir.resolve("state").resolve("dead-letter.jsonl"));
    assertThat(dead).hasSize(3);
    Set<String> deadIds =
        dead.stream()
            .map(l -> read(l))
            .peek(l -> assertThat(l.path("sink").asText()).isEqualTo("elasticsearch"))
            .peek(l -> assertThat(l.path("reason").asText()).contains("mapper_parsing_exception"))
            .map(l -> l.path("event").path("eventId").asText())
            .collect(Collectors.toSet());
    assertThat(deadIds).isEqualTo(refused);
    List<String> indexed =
        docs().stream().filter(d -> d.has("eventId")).map(d -> d.path("eventId").asText()).toList();
    assertThat(indexed).doesNotHaveDuplicates().hasSize(1_197).doesNotContainAnyElementsOf(refused);
    assertThat(indexed).contains(sim.eventIdAt(42));
    // the checkpoint moved past them: the next fetch has nothing to send
    int before = es.requests().size();
    CliRun again = cli("fetch");
    assertThat(again.exitCode()).isZero();
    assertThat(es.requests().size()).isEqualTo(before);
    assertThat(JSON.readTree(cli("state", "show").out()).toString()).contains("\"dead_letters\":3");
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRefusedCredentialFailsTheCycleNamingTheKeyAndShowsItNowhere() throws Exception {
    String wrong = "d3JvbmctaWQ6d3Jvbmcta2V5LXNob3VsZC1uZXZlci1iZS1zZWVu";
    config(
        "output:\n  type: elasticsearch\n  url: "
            + es.baseUrl()
            + "\n  api_key: \""
            + wrong
            + "\"\n");
    CliRun[] runs = new CliRun[2];
    String logs =
        captureStderr(
            () -> {
              runs[0] = CliRun.run(dir, Map.of("DOCUSIGN_LOG_LEVEL", "trace"), "fetch");
              runs[1] = CliRun.run(dir, Map.of("DOCUSIGN_LOG_LEVEL", "trace"), "state", "show");
            });
    assertThat(runs[0].exitCode()).isEqualTo(1);
    assertThat(runs[0].err()).contains("output.api_key").contains("401");
    assertThat(
            checkpoints().path("customer_events").path("position").isMissingNode()
                || checkpoints().path("customer_events").path("position").isNull())
        .isTrue();
    List<String> everything = new ArrayList<>(List.of(logs, runs[0].all(), runs[1].all()));
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        everything.add(Files.readString(f));
      }
    }
    assertThat(everything).allSatisfy(t -> assertThat(t).doesNotContain(wrong));
    assertThat(docs()).isEmpty();
  }

  @Test
  void basicAuthenticationAndTheKeyFromTheEnvironmentOrAFile() throws Exception {
    es.close();
    es = new ElasticsearchReceiver(null, "collector", "pa55-w0rd-basic", false, 0);
    es.start();
    Path pw = dir.resolve("pw.txt");
    Files.writeString(pw, "pa55-w0rd-basic\n");
    config(
        "output:\n  type: elasticsearch\n  url: ["
            + es.baseUrl()
            + "]\n  username: collector\n  password_file: "
            + pw
            + "\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertIndexHoldsTheGroundTruth();

    ElasticsearchReceiver keyed = new ElasticsearchReceiver(API_KEY);
    keyed.start();
    try {
      config("output:\n  type: elasticsearch\n  url: " + keyed.baseUrl() + "\n");
      cli("state", "reset");
      CliRun env = CliRun.run(dir, Map.of("DOCUSIGN_OUTPUT_API_KEY", API_KEY), "fetch");
      assertThat(env.exitCode()).as(env.err()).isZero();
      assertThat(keyed.bulk().documents(INDEX)).hasSize(1_230);
    } finally {
      keyed.close();
    }
  }

  @Test
  void requestsFailOverToTheNextUrl() throws Exception {
    config(
        "output:\n  type: elasticsearch\n  url: [\"http://127.0.0.1:9\", \""
            + es.baseUrl()
            + "\"]\n  api_key: \""
            + API_KEY
            + "\"\n  retry_for: 30s\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertIndexHoldsTheGroundTruth();
  }

  @Test
  void everyBadKeyIsAConfigurationErrorNamingIt() throws Exception {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("  api_key: x\n", "output.url");
    cases.put("  url: http://example.com:9200\n", "output.url");
    cases.put("  url: [\"https://a:9200\", \"ftp://b\"]\n", "output.url");
    cases.put("  url: https://a:9200\n  index: Logs*Bad\n", "output.index");
    cases.put(
        "  url: https://a:9200\n  api_key: k\n  username: u\n  password: p\n", "output.api_key");
    cases.put("  url: https://a:9200\n  username: u\n", "output.password");
    cases.put("  url: https://a:9200\n  password: p\n", "output.username");
    cases.put("  url: https://a:9200\n  api_key: \"\"\n", "output.api_key");
    cases.put("  url: https://a:9200\n  api_key_file: /nonexistent/key\n", "output.api_key_file");
    cases.put("  url: https://a:9200\n  batch_max_events: 0\n", "output.batch_max_events");
    cases.put("  url: https://a:9200\n  batch_max_bytes: lots\n", "output.batch_max_bytes");
    cases.put("  url: https://a:9200\n  compression: zstd\n", "output.compression");
    cases.put("  url: https://a:9200\n  retry_for: soon\n", "output.retry_for");
    cases.put("  url: https://a:9200\n  ca_file: /nonexistent.pem\n", "output.ca_file");
    cases.put("  url: https://a:9200\n  pipeline: x\n", "output.pipeline");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      config("output:\n  type: elasticsearch\n" + c.getKey());
      CliRun r = cli("fetch");
      assertThat(r.exitCode()).as(c.getKey() + r.all()).isEqualTo(2);
      assertThat(r.err()).as(c.getKey()).contains(c.getValue());
    }
    assertThat(es.requests()).isEmpty();
    assertThat(Files.exists(dir.resolve("state").resolve("checkpoints.json"))).isFalse();
  }

  static String captureStderr(Runnable r) {
    PrintStream real = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(real);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
