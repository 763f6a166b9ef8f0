package io.github.docusigncollector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounts scenario run small (5 accounts, 2 simulated minutes, the collector in its child JVM
 * from the test class path): its row carries the issue's figures, with sane values.
 */
class AccountsScenarioTest {
  @TempDir Path dir;

  @Test
  void fiveAccountsForTwoMinutesGiveTheRowTheIssueAsksFor() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    BenchOptions opts = new BenchOptions(null, List.of(), dir, 0, 0, 2, null);
    BenchResult r = new AccountsScenario(opts, g.generateKeyPair(), 5).run();

    JsonNode o = new ObjectMapper().readTree(BenchReport.json(List.of(r))).get(0);
    assertThat(o.path("scenario").asText()).isEqualTo("accounts");
    assertThat(o.path("accounts").asInt()).isEqualTo(5);
    // 2 simulated minutes at 2,000 events a minute, each account up to its last cycle.
    assertThat(o.path("events").asLong()).isBetween(5 * 1900L, 5 * 4200L);
    // A cycle every 60 s, each event waiting at most about one interval.
    assertThat(o.path("lag_s").asDouble()).isBetween(30.0, 120.0);
    assertThat(o.path("peak_heap_mb").asDouble()).isPositive().isLessThanOrEqualTo(256.0);
    // Measured at full collections, which a run this small may not need.
    assertThat(o.has("peak_live_heap_mb")).isTrue();
    if (!o.path("peak_live_heap_mb").isNull()) {
      assertThat(o.path("peak_live_heap_mb").asDouble()).isPositive().isLessThan(256.0);
    }
    assertThat(o.path("full_gcs").asDouble()).isNotNegative();
    assertThat(o.path("cpu_s_per_account_hour").asDouble()).isPositive();
    assertThat(o.path("api_calls_per_account_hour").asDouble()).isPositive();
    // Just over 2,000 events per cycle: two pages, and no call that only proves the cursor
    // stands still; without the near-head rule that call comes back.
    double withRule = o.path("monitor_calls_per_cycle").asDouble();
    double without = o.path("baseline").path("monitor_calls_per_cycle").asDouble();
    assertThat(withRule).isBetween(1.0, 2.0);
    assertThat(o.path("monitor_calls_beyond_data_per_cycle").asDouble()).isLessThan(0.2);
    assertThat(without - withRule).isGreaterThan(0.8);
    assertThat(BenchReport.table(List.of(r))).contains("accounts", "monitor_calls_per_cycle");
  }
}
