package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.EcsSchema;
import io.github.docusigncollector.format.MappingPaths;
import io.github.docusigncollector.format.MappingTable;
import io.github.docusigncollector.format.OcsfSchema;
import io.github.docusigncollector.format.OutputFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §11 end to end: the simulator's events and users collected with {@code output.format: ocsf}
 * or {@code ecs}; every delivered event validates against the shipped schema, every kind the
 * simulator makes is a known kind, and the original is kept.
 */
class FormattedCollectionTest {
  @TempDir Path dir;

  static OcsfSchema ocsf;
  static EcsSchema ecs;

  @BeforeAll
  static void schemas() {
    ocsf = OcsfSchema.load();
    ecs = EcsSchema.load();
  }

  private static String yaml(Path dir, String format) {
    return "event_types: [customer_events, audit_users]\n"
        + "output:\n  type: file\n  path: "
        + dir.resolve("events.jsonl")
        + "\n  format: "
        + format
        + "\n";
  }

  @Test
  void everyCollectedEventIsValidOcsf() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(1500).users(40), yaml(dir, "ocsf"))) {
      assertThat(h.config.output().format()).isEqualTo(OutputFormat.OCSF);
      Collector c = h.collector();
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      List<JsonNode> out = h.delivered();
      assertThat(out).hasSize(1540);
      Map<String, Set<String>> classesByKind = new TreeMap<>();
      int users = 0;
      for (JsonNode e : out) {
        assertThat(ocsf.validate(e)).as("%s", e).isEmpty();
        JsonNode original = e.get("unmapped");
        assertThat(original.path("_time").asText()).isNotEmpty();
        if (original.path("source_log_type").asText().equals("auditusers")) {
          users++;
          assertThat(e.path("class_uid").asInt()).isEqualTo(5003);
          continue;
        }
        String pair = original.path("object").asText() + "/" + original.path("action").asText();
        assertThat(
                MappingTable.kind(
                    original.path("object").asText(), original.path("action").asText()))
            .as(pair)
            .isNotEqualTo(MappingTable.Kind.UNKNOWN);
        classesByKind
            .computeIfAbsent(pair, k -> new TreeSet<>())
            .add(e.path("class_name").asText() + ": " + e.path("activity_name").asText());
      }
      assertThat(users).isEqualTo(40);
      // the simulator's 14 object/action pairs (its two alerts share Alert/Alert)
      assertThat(classesByKind).hasSize(14);
      assertThat(c.unknownKinds()).isZero();
      assertThat(classesByKind.get("Login/Login")).containsExactly("Authentication: Logon");
      assertThat(classesByKind.get("Login/Logout")).containsExactly("Authentication: Logoff");
      assertThat(classesByKind.get("Alert/Alert")).containsExactly("Detection Finding: Create");
      assertThat(classesByKind.get("User/UserCreated")).containsExactly("Account Change: Create");
      // a second cycle over the same state delivers nothing again
      CycleResult again = h.collector().cycle(() -> false);
      assertThat(again.delivered().get(EventType.CUSTOMER_EVENTS)).isZero();
      assertThat(h.delivered()).hasSize(1540);
    }
  }

  @Test
  void everyCollectedEventIsValidEcs() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(1500).users(40), yaml(dir, "ecs"))) {
      Collector c = h.collector();
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      List<JsonNode> out = h.delivered();
      assertThat(out).hasSize(1540);
      Set<String> datasets = new TreeSet<>();
      for (JsonNode e : out) {
        assertThat(ecs.validate(e)).as("%s", e).isEmpty();
        datasets.add(e.path("event").path("dataset").asText());
        assertThat(e.path("@timestamp").asText())
            .isEqualTo(e.path("docusign").path("_time").asText());
        assertThat(e.path("event").has("category")).isTrue();
      }
      assertThat(datasets).containsExactly("docusign.audit_users", "docusign.monitor");
      assertThat(c.unknownKinds()).isZero();
    }
  }

  @Test
  void theSimulatorsEventsTakeTheBytePathAndMapAsTheJacksonPathDoes() throws Exception {
    String yaml =
        "event_types: [customer_events]\noutput:\n  type: file\n  path: "
            + dir.resolve("events.jsonl")
            + "\n";
    try (Harness h = new Harness(dir, b -> b.events(3000), yaml)) {
      assertThat(h.collector().cycle(() -> false).errors()).isEmpty();
      byte[] raw = java.nio.file.Files.readAllBytes(h.eventsFile());
      for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
        for (String account : new String[] {null, "billing"}) {
          MappingPaths.Outputs o =
              MappingPaths.map(f, account, h.clock, EventType.CUSTOMER_EVENTS, raw);
          assertThat(o.events()).isEqualTo(3000);
          assertThat(o.declined()).as("%s: events left to the Jackson path", f).isZero();
          assertThat(o.bytePath()).isEqualTo(o.jacksonPath());
        }
      }
    }
  }
}
