package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.EventRewriter;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --format ocsf|ecs} and {@code get-events --format ocsf|ecs} from the packaged jar:
 * every line is the mapping the core tests validate against the OCSF 1.8.0 and ECS 9.4.0 schemas
 * (equal, as JSON, to the in-process mapping of the original it keeps), with its key fields right.
 */
class MappedFormatsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> OCSF_CLASSES = Set.of(2004, 3001, 3002, 3004, 3006, 5003, 6003);

  @TempDir Path dir;

  @Test
  void demoWritesOcsfAndEcs() throws Exception {
    for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
      Path work = Files.createDirectories(dir.resolve(f.key()));
      CollectorProcess.Result r =
          CollectorProcess.runToEnd(
              work,
              Duration.ofSeconds(120),
              "demo",
              "--events",
              "1000",
              "--users",
              "20",
              "--format",
              f.key());
      assertThat(r.exitCode()).as(r.err()).isZero();
      List<String> lines = Files.readAllLines(work.resolve("demo").resolve("events.jsonl"));
      assertThat(lines).hasSize(1_020);
      Set<String> kinds = check(f, lines);
      assertThat(kinds).as("%s classes or categories", f).hasSizeGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void getEventsPrintsOcsfAndEcs() throws Exception {
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder().events(500).users(10).consent(true).start()) {
      Path key = dir.resolve("key.pem");
      Files.writeString(key, sim.privateKeyPkcs8Pem());
      Path config = dir.resolve("collector.yaml");
      Files.writeString(
          config,
          sim.collectorConfigYaml(key)
              + "event_types: [customer_events, audit_users]\nfirst_fetch: 1h\n"
              + "state_dir: "
              + dir.resolve("state")
              + "\n");
      for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
        for (String type : List.of("customer_events", "audit_users")) {
          CollectorProcess.Result r =
              CollectorProcess.runToEnd(
                  dir,
                  Duration.ofSeconds(60),
                  "--config",
                  config.toString(),
                  "get-events",
                  "--type",
                  type,
                  "--limit",
                  "200",
                  "--format",
                  f.key());
          assertThat(r.exitCode()).as(r.err()).isZero();
          List<String> lines = r.out().lines().toList();
          assertThat(lines).as("%s %s", f, type).hasSize(type.equals("audit_users") ? 10 : 200);
          check(f, lines);
        }
      }
    }
  }

  /** Checks every line; returns the OCSF classes or ECS categories seen. */
  private static Set<String> check(OutputFormat f, List<String> lines) throws Exception {
    EventRewriter rewriter = new EventRewriter(f, null, Clock.systemUTC());
    Set<String> kinds = new TreeSet<>();
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      ObjectNode original =
          (ObjectNode) (f == OutputFormat.OCSF ? e.get("unmapped") : e.get("docusign"));
      assertThat(original).as(line).isNotNull();
      String logType = original.path("source_log_type").asText();
      assertThat(logType).isIn("customerevent", "auditusers");
      EventType type =
          logType.equals("auditusers") ? EventType.AUDIT_USERS : EventType.CUSTOMER_EVENTS;
      if (f == OutputFormat.OCSF) {
        int classUid = e.path("class_uid").asInt();
        assertThat(classUid).as(line).isIn(OCSF_CLASSES);
        assertThat(e.path("type_uid").asLong())
            .isEqualTo(classUid * 100L + e.path("activity_id").asInt());
        assertThat(e.path("metadata").path("version").asText()).isEqualTo("1.8.0");
        assertThat(e.path("metadata").path("product").path("vendor_name").asText())
            .isEqualTo("DocuSign");
        assertThat(e.path("time").asLong()).isPositive();
        if (type == EventType.CUSTOMER_EVENTS) {
          assertThat(e.path("metadata").path("uid").asText())
              .isEqualTo(original.path("eventId").asText());
        }
        kinds.add(String.valueOf(classUid));
      } else {
        assertThat(e.path("@timestamp").asText()).isEqualTo(original.path("_time").asText());
        assertThat(e.path("ecs").path("version").asText()).isEqualTo("9.4.0");
        assertThat(e.path("event").path("kind").asText()).isIn("event", "alert", "state");
        assertThat(e.path("event").path("dataset").asText())
            .isEqualTo(type == EventType.AUDIT_USERS ? "docusign.audit_users" : "docusign.monitor");
        kinds.add(e.path("event").path("category").toString());
      }
      assertThat((JsonNode) rewriter.map(type, original)).as(line).isEqualTo(e);
    }
    return kinds;
  }
}
