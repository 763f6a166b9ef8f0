package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets as real processes: run's log lines, fetch on SIGTERM, the simulator. */
class FirstUseIT {
  @TempDir Path dir;
  private DocuSignSimulator sim;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().events(3_000).users(20).consent(true).start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    config = dir.resolve("collector.yaml");
    Files.writeString(
        config,
        sim.collectorConfigYaml(key)
            + "event_types: [customer_events, audit_users]\n"
            + "first_fetch: 1h\ninterval: 1s\nmax_customer_events_per_fetch: 100\n"
            + "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + "state_dir: "
            + dir.resolve("state")
            + "\n");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void runLogsItsStartEachCycleWithTimeCountsDurationAndLagAndTheNextAttempt() throws Exception {
    try (CollectorProcess p = CollectorProcess.start(dir, "--config", config.toString(), "run")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> p.stderr().lines().filter(l -> l.contains("cycle at ")).count() >= 2);
      String err = p.stderr();
      assertThat(err)
          .contains("run: collecting customer_events, audit_users for account " + sim.accountId())
          .contains("every 1 s");
      assertThat(err)
          .containsPattern(
              "cycle at 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ: delivered customer_events 3000,"
                  + " audit_users 20 in \\d+\\.\\d s; lag customer_events \\d+ s, audit_users \\d+ s");
      sim.faults().forbidMonitor(true);
      await().atMost(Duration.ofSeconds(30)).until(() -> p.stderr().contains("next attempt at "));
      assertThat(p.stderr())
          .containsPattern("next attempt at \\S+Z \\(in \\d+ s, failure 1 in a row\\)");
      assertThat(p.stderr()).doesNotContain("waiting 0 ms");
      p.process.destroy();
      assertThat(p.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process.exitValue()).isZero();
    }
  }

  @Test
  void fetchOnSigtermAbandonsThePageCleanlyAndExitsZero() throws Exception {
    sim.faults().latency(Duration.ofMillis(300));
    try (CollectorProcess p = CollectorProcess.start(dir, "--config", config.toString(), "fetch")) {
      Path events = dir.resolve("state").resolve("events.jsonl");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(events) && Files.size(events) > 0);
      p.process.destroy(); // SIGTERM with pages still to read
      assertThat(p.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process.exitValue()).as(p.stderr()).isZero();
      assertThat(p.stderr()).contains("stopped on request");
      assertThat(p.stdout()).contains("\"customer_events\"");
    }
    sim.faults().clear();
    CollectorProcess.Result r =
        CollectorProcess.runToEnd(
            dir, Duration.ofSeconds(60), "--config", config.toString(), "fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    long lines =
        Files.readAllLines(dir.resolve("state").resolve("events.jsonl")).stream()
            .filter(l -> l.contains("\"eventId\""))
            .distinct()
            .count();
    assertThat(lines).isEqualTo(3_000);
  }

  @Test
  void theSimulatorsStdoutIsAConfigurationThatWorksAsIs() throws Exception {
    Path yaml = dir.resolve("sim.yaml");
    Path work = dir.resolve("work");
    Files.createDirectories(work);
    try (CollectorProcess p =
        CollectorProcess.start(work, "simulator", "--events", "50", "--users", "5", "--consent")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> p.stdout().contains("state_dir:") && p.stderr().contains("Control:"));
      Files.writeString(yaml, p.stdout());
      assertThat(p.stdout()).startsWith("# the DocuSign simulator at http://127.0.0.1:");
      CollectorProcess.Result fetch =
          CollectorProcess.runToEnd(
              work, Duration.ofSeconds(60), "--config", yaml.toString(), "fetch");
      assertThat(fetch.exitCode()).as(fetch.err()).isZero();
      assertThat(fetch.out()).contains("\"customer_events\":50").contains("\"audit_users\":5");
      assertThat(work.resolve("state").resolve("events.jsonl")).exists();
    }
  }
}
