package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void aMillionEventBacklogStartsFastAndSmall() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    long t = System.nanoTime();
    try (DocuSignSimulator sim =
        TestKeys.builder()
            .clock(SimClock.fixed(Instant.parse("2026-03-02T10:15:00Z")))
            .events(1_000_000)
            .start()) {
      long startMillis = (System.nanoTime() - t) / 1_000_000;
      System.gc();
      long used = rt.totalMemory() - rt.freeMemory() - before;
      assertThat(sim.eventCount()).isEqualTo(1_000_000);
      assertThat(startMillis).isLessThan(3000);
      // a million materialised events would take hundreds of MB
      assertThat(used).isLessThan(20L * 1024 * 1024);
      System.out.printf(
          "1M-event simulator: start %d ms, heap growth %d KiB%n", startMillis, used / 1024);
    }
  }

  /**
   * Pages through 200,000 events over loopback with the JDK HttpClient. The wall-clock rate depends
   * on how busy the machine is, so the firm floor is on the simulator's own CPU time.
   */
  @Test
  void servesWellOverAHundredThousandEventsPerSecond() throws Exception {
    int total = 200_000;
    try (DocuSignSimulator sim =
        TestKeys.builder()
            .clock(SimClock.fixed(Instant.parse("2026-03-02T10:15:00Z")))
            .events(total)
            .users(1000)
            .consent(true)
            .hourlyLimit(0)
            .burstLimit(0)
            .start()) {
      String token = new SimHttp(sim).allScopesToken();
      HttpClient client = HttpClient.newHttpClient();
      MonitorThroughputBenchmark.run(sim, token, client, false, 40_000); // warm-up
      MonitorThroughputBenchmark.Result best = null;
      for (int round = 0; round < 2; round++) {
        MonitorThroughputBenchmark.Result r =
            MonitorThroughputBenchmark.run(sim, token, client, false, total);
        System.out.println("Monitor paging: " + r);
        assertThat(r.events()).isEqualTo(total);
        if (best == null || r.eventsPerServerCpuSecond() > best.eventsPerServerCpuSecond()) {
          best = r;
        }
      }
      assertThat(best.eventsPerServerCpuSecond()).isGreaterThan(100_000);
      assertThat(best.eventsPerSecond()).isGreaterThan(20_000);
    }
  }

  /** Small answers must not wait for delayed ACKs (Nagle): 100 calls far under 100 x 40 ms. */
  @Test
  void smallAnswersAreNotDelayed() {
    try (DocuSignSimulator sim =
        TestKeys.builder()
            .clock(SimClock.fixed(Instant.parse("2026-03-02T10:15:00Z")))
            .consent(true)
            .hourlyLimit(0)
            .burstLimit(0)
            .start()) {
      SimHttp http = new SimHttp(sim);
      String token = http.allScopesToken();
      String me = "/restapi/v2.1/accounts/" + sim.accountId() + "/users/" + sim.userId();
      for (int i = 0; i < 20; i++) {
        http.get(me, token);
      }
      long t = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        assertThat(http.get(me, token).statusCode()).isEqualTo(200);
      }
      long millis = (System.nanoTime() - t) / 1_000_000;
      System.out.printf("100 eSignature user calls in %d ms%n", millis);
      assertThat(millis).isLessThan(2500);
    }
  }

  @Test
  void manySmallAdditionsStayCheap() {
    SimClock clock = SimClock.fixed(Instant.parse("2026-03-02T10:15:00Z"));
    try (DocuSignSimulator sim = TestKeys.builder().clock(clock).start()) {
      long t = System.nanoTime();
      for (int i = 0; i < 100_000; i++) {
        clock.advance(java.time.Duration.ofMillis(10));
        sim.addEvents(1);
      }
      assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(3000);
      assertThat(sim.eventCount()).isEqualTo(100_000);
      assertThat(sim.ingestionTimeAt(99_999)).isEqualTo(clock.instant());
      assertThat(sim.ingestionTimeAt(0))
          .isEqualTo(Instant.parse("2026-03-02T10:15:00Z").plusMillis(10));
    }
  }
}
