package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §9 for {@code run} on the jar: an account whose consent is revoked backs off alone (its
 * pauses double) while the other keeps collecting every interval; it recovers once consent is back;
 * SIGTERM ends the daemon with 0.
 */
class AccountsRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Sims sims;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    sims = new Sims(dir, List.of("ok", "revoked"), 200, 0);
    config = dir.resolve("collector.yaml");
    Files.writeString(
        config,
        "first_fetch: 1h\ninterval: 1s\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + "state_dir: "
            + dir.resolve("state")
            + "\n"
            + sims.accountsYaml());
  }

  @AfterEach
  void stop() {
    sims.close();
  }

  private List<String> ids(String account) throws IOException {
    Path file = dir.resolve("state").resolve("events.jsonl");
    List<String> ids = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        JsonNode n = JSON.readTree(line);
        if (n.path("docusign_account").asText().equals(account)) {
          ids.add(n.path("eventId").asText());
        }
      }
    }
    return ids;
  }

  @Test
  void aFailingAccountBacksOffAloneAndRecoversWhileTheOtherGoesOn() throws Exception {
    sims.sim("revoked").revokeConsent();
    try (CollectorProcess p = CollectorProcess.start(dir, "--config", config.toString(), "run")) {
      for (int i = 0; i < 5; i++) {
        Thread.sleep(1_200);
        sims.sim("ok").addEvents(10);
      }
      Thread.sleep(2_000);
      assertThat(ids("ok")).containsExactlyInAnyOrderElementsOf(sims.sim("ok").eventIds());
      assertThat(ids("revoked")).isEmpty();
      String err = p.stderr();
      long failures = err.lines().filter(l -> l.contains("revoked: cycle failed")).count();
      // pauses of 1, 2, 4 s in about 8 s: at most 4 attempts, and the other account was not held
      assertThat(failures).as(err).isBetween(2L, 4L);
      assertThat(err).contains("consent-url");

      sims.sim("revoked")
          .grantConsent(List.of("signature", "impersonation", "organization_read", "user_read"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (ids("revoked").size() < 200 && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      assertThat(ids("revoked"))
          .containsExactlyInAnyOrderElementsOf(sims.sim("revoked").eventIds());
      p.process.destroy(); // SIGTERM
      assertThat(p.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process.exitValue()).as(p.stderr()).isZero();
      assertThat(p.stdout()).contains("{\"account\":\"ok\"").contains("{\"account\":\"revoked\"");
    }
  }
}
