package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.simulator.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Monitor stream near its head costs about one call per cycle: a short page whose newest event is
 * recent ends the cycle without the page that would only show the cursor standing still. A backlog
 * (full pages, or short pages of old events) is still read back to back, and no event is lost.
 */
class SteadyStateCallsTest {
  @TempDir Path dir;

  private static long delivered(CycleResult r) {
    return r.delivered().get(EventType.CUSTOMER_EVENTS);
  }

  @Test
  void aCaughtUpStreamCostsOneCallPerCycleAndLosesNoEvent() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(500), "max_customer_events_per_fetch: 1000\n")) {
      Collector c = h.collector();
      assertThat(delivered(c.cycle(() -> false))).isEqualTo(500);
      long calls = h.requests(Endpoint.MONITOR);
      int cycles = 30;
      for (int i = 0; i < cycles; i++) {
        h.clock.advance(Duration.ofSeconds(60));
        h.sim.addEvents(i % 7 == 3 ? 0 : 40 + i);
        CycleResult r = c.cycle(() -> false);
        assertThat(r.errors()).isEmpty();
        assertThat(r.caughtUp()).isTrue();
      }
      long perCycle = h.requests(Endpoint.MONITOR) - calls;
      assertThat(perCycle).isEqualTo(cycles);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
    }
  }

  @Test
  void aBacklogOfFullPagesIsStillReadBackToBackInOneCycle() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(4_000), "max_customer_events_per_fetch: 500\n")) {
      Collector c = h.collector();
      c.cycle(() -> false);
      h.clock.advance(Duration.ofSeconds(60));
      h.sim.addEvents(3_210); // just ingested: fresh, but more than six pages
      CycleResult r = c.cycle(() -> false);
      assertThat(delivered(r)).isEqualTo(3_210);
      assertThat(r.caughtUp()).isTrue();
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
    }
  }

  @Test
  void aShortPageOfOldEventsIsNotTakenForTheHead() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(300), "max_customer_events_per_fetch: 1000\n")) {
      // The backlog was ingested in the 30 minutes before the start; 20 minutes later it is old.
      h.clock.advance(Duration.ofMinutes(20));
      Collector c = h.collector();
      long before = h.requests(Endpoint.MONITOR);
      CycleResult r = c.cycle(() -> false);
      assertThat(delivered(r)).isEqualTo(300);
      // the short page of old events, then the one showing that the cursor stands still
      assertThat(h.requests(Endpoint.MONITOR) - before).isEqualTo(2);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
    }
  }
}
