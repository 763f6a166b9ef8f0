package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §9 and §5 on the packaged jar: three accounts feeding one rotating file sink, the process
 * killed with SIGKILL at random moments while all three streams grow; in the end each account's
 * events are in the file exactly once, and no user record twice in a row.
 */
class AccountsChaosIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Sims sims;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    sims = new Sims(dir, List.of("north", "south", "west"), 1_500, 30);
    config = dir.resolve("collector.yaml");
    Files.writeString(
        config,
        "event_types: [customer_events, audit_users]\n"
            + "first_fetch: 1h\n"
            + "interval: 1s\n"
            + "max_customer_events_per_fetch: 120\n"
            + "api_budget_per_hour: 100000\n"
            + "api_burst_per_30s: 100000\n"
            + "max_parallel_accounts: 2\n"
            + "state_dir: "
            + dir.resolve("state")
            + "\noutput: {type: file, path: "
            + events()
            + ", rotate_bytes: 400000, keep: 100}\n"
            + sims.accountsYaml());
  }

  @AfterEach
  void stop() {
    sims.close();
  }

  private Path events() {
    return dir.resolve("state").resolve("events.jsonl");
  }

  private List<JsonNode> delivered() throws IOException {
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

  @Test
  void killedAtRandomMomentsEveryAccountEndsWithExactlyItsGroundTruth() throws Exception {
    Random random = new Random(7);
    AtomicBoolean adding = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              int i = 0;
              while (adding.get()) {
                for (DocuSignSimulator sim : sims.sims) {
                  sim.addEvents(25);
                  if (i % 6 == 0) {
                    sim.modifyUsers(2);
                  }
                }
                i++;
                try {
                  Thread.sleep(60);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    producer.start();
    try {
      for (int kill = 0; kill < 6; kill++) {
        try (CollectorProcess p =
            CollectorProcess.start(dir, "--config", config.toString(), "run")) {
          Thread.sleep(700 + random.nextInt(1_500));
          p.kill();
        }
      }
    } finally {
      adding.set(false);
      producer.join();
    }
    CollectorProcess.Result last =
        CollectorProcess.runToEnd(
            dir, Duration.ofSeconds(90), "--config", config.toString(), "fetch");
    assertThat(last.exitCode()).as(last.err()).isZero();
    assertThat(last.out().strip().split("\n")).hasSize(3);

    Map<String, List<String>> eventIds = new HashMap<>();
    Map<String, Map<String, String>> lastUser = new HashMap<>();
    Map<String, List<String>> userRecords = new HashMap<>();
    for (JsonNode n : delivered()) {
      String account = n.path("docusign_account").asText();
      assertThat(account).isIn(sims.names);
      if (n.path("source_log_type").asText().equals("customerevent")) {
        eventIds.computeIfAbsent(account, a -> new ArrayList<>()).add(n.path("eventId").asText());
      } else {
        String id = n.path("id").asText();
        lastUser.computeIfAbsent(account, a -> new HashMap<>()).put(id, n.path("_time").asText());
        userRecords
            .computeIfAbsent(account + "/" + id, k -> new ArrayList<>())
            .add(strip((ObjectNode) n));
      }
    }
    assertThat(events().resolveSibling("events.jsonl.3")).exists(); // recovery crossed rotations
    for (String name : sims.names) {
      DocuSignSimulator sim = sims.sim(name);
      assertThat(eventIds.get(name)).as(name).doesNotHaveDuplicates();
      assertThat(eventIds.get(name)).as(name).containsExactlyInAnyOrderElementsOf(sim.eventIds());
      assertThat(lastUser.get(name).keySet())
          .as(name)
          .containsExactlyInAnyOrderElementsOf(sim.userIds());
    }
    userRecords.forEach(
        (id, records) -> {
          for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i)).as(id).isNotEqualTo(records.get(i - 1));
          }
        });
  }

  private static String strip(ObjectNode o) {
    ObjectNode c = o.deepCopy();
    c.remove(List.of("_time", "_time_source", "source_log_type"));
    return c.toString();
  }
}
