package io.github.docusigncollector.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code elasticsearch} sink of the packaged collector against a real OpenSearch 2.x node: a
 * backlog into a data stream exactly once (and a redelivery that adds nothing), a request above the
 * node's {@code http.max_content_length} split, and SIGKILL chaos while delivering after which the
 * index holds exactly the ground truth.
 */
class ElasticsearchSinkOpenSearchIT {
  private static final String INDEX = "logs-docusign-default";

  @TempDir static Path nodeDir;
  private static OpenSearchNode node;

  @TempDir Path dir;
  private DocuSignSimulator sim;
  private Path config;

  @BeforeAll
  static void startNode() {
    node = OpenSearchNode.start(nodeDir);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @BeforeEach
  void start() throws Exception {
    node.deleteEverything();
    // As Elasticsearch's built-in logs-*-* template does: logs-docusign-* are data streams.
    OpenSearchNode.Answer t =
        node.call(
            "PUT",
            "/_index_template/logs-docusign",
            "{\"index_patterns\":[\"logs-docusign-*\"],\"data_stream\":{},"
                + "\"template\":{\"settings\":{\"number_of_replicas\":0}}}");
    assertThat(t.status()).as(t.text()).isEqualTo(200);
    sim = DocuSignSimulator.builder().events(2_500).users(40).consent(true).start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    config = dir.resolve("collector.yaml");
    writeConfig("  batch_max_events: 400\n");
  }

  private void writeConfig(String outputExtra) throws Exception {
    Files.writeString(
        config,
        sim.collectorConfigYaml(dir.resolve("key.pem"))
            + "event_types: [customer_events, audit_users]\n"
            + "first_fetch: 1h\n"
            + "interval: 1s\n"
            + "max_customer_events_per_fetch: 200\n"
            + "api_budget_per_hour: 100000\n"
            + "api_burst_per_30s: 100000\n"
            + "state_dir: "
            + dir.resolve("state")
            + "\noutput:\n  type: elasticsearch\n  url: "
            + node.url()
            + "\n  retry_for: 20s\n"
            + outputExtra);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private Jar.Result fetch() throws Exception {
    return Jar.run(dir, 120, "--config", config.toString(), "fetch");
  }

  /** Each event once, each user in its latest state, no user record twice, @timestamp = _time. */
  private void assertIndexHoldsExactlyTheGroundTruth() {
    List<JsonNode> docs = node.documents(INDEX);
    List<String> eventIds = new ArrayList<>();
    Map<String, JsonNode> latest = new HashMap<>();
    Set<String> userContents = new HashSet<>();
    for (JsonNode hit : docs) {
      JsonNode d = hit.path("_source");
      assertThat(d.path("@timestamp").asText()).isEqualTo(d.path("_time").asText()).isNotEmpty();
      if (d.path("source_log_type").asText().equals("customerevent")) {
        eventIds.add(d.path("eventId").asText());
        assertThat(hit.path("_id").asText()).isEqualTo(d.path("eventId").asText());
      } else {
        String id = d.path("id").asText();
        JsonNode prev = latest.get(id);
        if (prev == null || prev.path("_time").asText().compareTo(d.path("_time").asText()) < 0) {
          latest.put(id, d);
        }
        ObjectNode content = ((ObjectNode) d).deepCopy();
        content.remove(List.of("@timestamp", "_time", "_time_source", "source_log_type"));
        assertThat(userContents.add(content.toString())).as("a user record twice: " + id).isTrue();
      }
    }
    assertThat(eventIds)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sim.eventIds());
    assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(sim.userIds());
    sim.userModifiedAt()
        .forEach(
            (id, at) ->
                assertThat(latest.get(id).path("_time").asText())
                    .isEqualTo(
                        DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS))));
  }

  @Test
  void aBacklogGoesIntoADataStreamOnceAndARedeliveryAddsNothing() throws Exception {
    Jar.Result r = fetch();
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(node.call("GET", "/_data_stream/" + INDEX, null).status()).isEqualTo(200);
    assertIndexHoldsExactlyTheGroundTruth();
    int count = node.documents(INDEX).size();
    assertThat(count).isEqualTo(2_540);

    assertThat(Jar.run(dir, 60, "--config", config.toString(), "state", "reset").exitCode())
        .isZero();
    Jar.Result again = fetch();
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(node.documents(INDEX)).hasSize(count);
    assertIndexHoldsExactlyTheGroundTruth();
    assertThat(dir.resolve("state").resolve("dead-letter.jsonl")).doesNotExist();
  }

  @Test
  void aRequestAboveTheNodesLimitIsSplit() throws Exception {
    // The node takes at most 1 MB a request; 2,000 events uncompressed in one request are more.
    writeConfig("  compression: none\n  batch_max_events: 100000\n  batch_max_bytes: 16000000\n");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("max_customer_events_per_fetch: 200", "max_customer_events_per_fetch: 2000"));
    Jar.Result r =
        Jar.run(
            dir,
            120,
            Map.of("DOCUSIGN_LOG_LEVEL", "debug"),
            "--config",
            config.toString(),
            "fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("refused as too large").contains("413");
    assertIndexHoldsExactlyTheGroundTruth();
    assertThat(dir.resolve("state").resolve("dead-letter.jsonl")).doesNotExist();
  }

  @Test
  void killedAtRandomMomentsWhileDeliveringTheIndexHoldsExactlyTheGroundTruth() throws Exception {
    Random random = new Random(7);
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
      for (int kill = 0; kill < 5; kill++) {
        try (Jar p = Jar.start(dir, "--config", config.toString(), "run")) {
          Thread.sleep(1_200 + random.nextInt(1_500));
          p.kill();
        }
      }
    } finally {
      adding.set(false);
      producer.join();
    }
    Jar.Result last = fetch();
    assertThat(last.exitCode()).as(last.err()).isZero();
    assertIndexHoldsExactlyTheGroundTruth();
  }
}
