package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.simulator.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures delivery from a warm backlog into the file sink, and API calls per 1,000 events and per
 * 1,000 users. Run on demand: {@code -Dbench=true -Dtest=DeliveryThroughputTest}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DeliveryThroughputTest {
  @TempDir Path dir;

  @Test
  void eventsPerSecondIntoTheFileSink() throws Exception {
    int n = Integer.getInteger("bench.events", 200_000);
    try (Harness h = new Harness(dir, b -> b.events(n), "")) {
      // Warm-up: the same path on a small separate backlog.
      Path w = Files.createDirectories(dir.resolve("warm"));
      try (Harness warm = new Harness(w, b -> b.events(20_000), "")) {
        warm.collector().cycle(() -> false);
      } catch (Exception e) {
        // warm-up is best effort
      }
      h.sim.clearRequests();
      Collector c = h.collector();
      long t0 = System.nanoTime();
      CycleResult r = c.cycle(() -> false);
      double secs = (System.nanoTime() - t0) / 1e9;
      long got = r.delivered().get(EventType.CUSTOMER_EVENTS);
      assertThat(got).isEqualTo(n);
      long calls = h.requests(Endpoint.values());
      System.out.printf(
          "BENCH events: %d in %.2f s = %.0f events/s, %.1f MB/s written, %d API calls = %.2f per"
              + " 1000 events%n",
          got,
          secs,
          got / secs,
          Files.size(h.eventsFile()) / secs / 1e6,
          calls,
          calls * 1000.0 / got);
    }
  }

  @Test
  void apiCallsPerThousandUsers() throws Exception {
    try (Harness h = new Harness(dir, b -> b.users(1_250), "event_types: [audit_users]\n")) {
      h.sim.clearRequests();
      CycleResult r = h.collector().cycle(() -> false);
      long got = r.delivered().get(EventType.AUDIT_USERS);
      long calls = h.requests(Endpoint.ADMIN_USERS, Endpoint.ESIGN_USER, Endpoint.ESIGN_USERS);
      System.out.printf(
          "BENCH users: %d delivered with %d API calls = %.2f per 1000 users (+%d token/userinfo)%n",
          got, calls, calls * 1000.0 / got, h.requests(Endpoint.TOKEN, Endpoint.USERINFO));
    }
  }
}
