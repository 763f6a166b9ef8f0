package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.simulator.SimClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyAndTimeoutTest {
  @TempDir Path tmp;

  @Test
  void threadsShareOneTokenOneBudgetAndOneBurstWindow() throws Exception {
    SimClock clock = SimClock.fixed(SimSupport.START);
    SimSupport.ClockSleeper sleeper = new SimSupport.ClockSleeper(clock);
    try (DocuSignSimulator sim = SimSupport.sim(clock).burstLimit(0).start()) {
      CollectorConfig cfg = SimSupport.config(sim, tmp).apiBurstPer30s(20).build();
      DocuSignClient c = SimSupport.client(cfg, clock, sleeper);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 15; i++) {
                    c.get(SimSupport.monitor(sim), (s, b) -> s);
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(SimSupport.count(sim, Endpoint.TOKEN)).isEqualTo(1);
      assertThat(SimSupport.count(sim, Endpoint.MONITOR)).isEqualTo(60);
      assertThat(c.apiCallsThisHour()).isEqualTo(61);
      // 61 calls at 20 per 30 s: the limiter waited at least three full windows.
      assertThat(sleeper.total()).isGreaterThanOrEqualTo(Duration.ofSeconds(90));
      List<RequestRecord> all = sim.requests();
      for (int i = 0; i < all.size(); i++) {
        Instant start = all.get(i).at();
        Instant end = start.plusSeconds(30);
        long window =
            all.stream().filter(r -> !r.at().isBefore(start) && r.at().isBefore(end)).count();
        // The limiter counts calls when it lets them go; the simulator stamps them on arrival. In
        // simulated time a call still in flight while another thread's wait moves the clock by
        // 30 s arrives "late", so each of the other three threads may add one call to a window.
        assertThat(window).isLessThanOrEqualTo(20 + 3);
      }
    }
  }

  @Test
  void requestTimeoutsAreRetriedThenExitOneNamingTheSetting() {
    SimClock clock = SimClock.fixed(SimSupport.START);
    SimSupport.ClockSleeper sleeper = new SimSupport.ClockSleeper(clock);
    try (DocuSignSimulator sim = SimSupport.sim(clock).start()) {
      CollectorConfig cfg =
          SimSupport.config(sim, tmp).requestTimeout(Duration.ofMillis(250)).build();
      DocuSignClient c = SimSupport.client(cfg, clock, sleeper);
      c.accessToken();
      sim.faults().latency(Duration.ofMillis(600));
      assertThatThrownBy(() -> c.get(SimSupport.monitor(sim), (s, b) -> s))
          .isInstanceOf(CollectorException.class)
          .hasMessageContaining("request_timeout")
          .hasMessageContaining("5 times")
          .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(1));
      sim.faults().latency(Duration.ZERO);
      Integer status = c.get(SimSupport.monitor(sim), (s, b) -> s);
      assertThat(status).isEqualTo(200);
    }
  }
}
