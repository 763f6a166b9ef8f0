package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.simulator.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerEventsCollectionTest {
  @TempDir Path dir;

  private static long count(CycleResult r) {
    return r.delivered().get(EventType.CUSTOMER_EVENTS);
  }

  @Test
  void deliversEveryEventExactlyOnceFromFirstFetchThenOnlyWhatIsNew() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(5_000), "max_customer_events_per_fetch: 1000\n")) {
      Collector c = h.collector();
      CycleResult first = c.cycle(() -> false);
      assertThat(first.errors()).isEmpty();
      assertThat(first.caughtUp()).isTrue();
      assertThat(count(first)).isEqualTo(5_000);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());

      h.clock.advance(Duration.ofMinutes(1));
      h.sim.addEvents(700);
      CycleResult second = c.cycle(() -> false);
      assertThat(count(second)).isEqualTo(700);
      h.clock.advance(Duration.ofMinutes(1));
      assertThat(count(c.cycle(() -> false))).isZero();

      // a new process picks up where the checkpoint stands
      h.sim.addEvents(300);
      CycleResult fresh = h.collector().cycle(() -> false);
      assertThat(count(fresh)).isEqualTo(300);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
      JsonNode cp = h.state.readCheckpoints().path("streams").path("customer_events");
      assertThat(cp.path("last_success").asText()).isNotEmpty();
      assertThat(cp.path("caught_up_at").asText()).isNotEmpty();
      assertThat(cp.path("newest_event_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }
  }

  @Test
  void drainsATwentyThousandEventBacklogInOneFetch() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(20_000), "")) {
      CycleResult r = h.collector().cycle(() -> false);
      assertThat(count(r)).isEqualTo(20_000);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
      // 10 full pages and the one that shows the stream is caught up
      assertThat(h.requests(Endpoint.MONITOR)).isLessThanOrEqualTo(12);
    }
  }

  @Test
  void overlappingPagesAndOutOfOrderTimestampsGiveNoDuplicates() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(3_000), "max_customer_events_per_fetch: 500\n")) {
      h.sim.faults().overlappingPages(120).ingestionLag(Duration.ofMinutes(4));
      Collector c = h.collector();
      c.cycle(() -> false);
      h.sim.addEvents(1_500);
      h.clock.advance(Duration.ofMinutes(1));
      c.cycle(() -> false);
      List<String> ids = h.deliveredIds("eventId");
      assertThat(ids).doesNotHaveDuplicates().containsExactlyElementsOf(h.sim.eventIds());
    }
  }

  @Test
  void oddAndMissingTimestampsAreDeliveredWithATime() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(0), "")) {
      h.sim.faults().oddTimestamps(true);
      h.sim.addEvents(2_000);
      h.sim.faults().oddTimestamps(false);
      h.sim.addEvents(500); // 0-7 fraction digits
      Collector c = h.collector();
      c.cycle(() -> false);
      List<JsonNode> events = h.delivered();
      assertThat(events).hasSize(2_500);
      long collected = 0;
      for (JsonNode e : events) {
        assertThat(e.path("_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(e.path("source_log_type").asText()).isEqualTo("customerevent");
        if (e.has("_time_source")) {
          collected++;
          assertThat(e.path("_time").asText()).isEqualTo("2026-05-01T12:00:00Z");
        } else {
          String ts = e.path("timestamp").asText();
          assertThat(ts).startsWith(e.path("_time").asText().substring(0, 10));
        }
      }
      assertThat(collected).isPositive().isLessThan(2_000);
      assertThat(events.stream().filter(e -> !e.has("timestamp")).count()).isEqualTo(collected);
    }
  }

  @Test
  void readsTheOrgStreamVariant() throws Exception {
    try (Harness h =
        new Harness(
            dir,
            b -> b.events(2_500),
            "monitor_api: org_v1\nmax_customer_events_per_fetch: 1000\n")) {
      h.collector().cycle(() -> false);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
      assertThat(h.sim.requests())
          .anyMatch(r -> r.path().startsWith("/v1/organizations/" + h.sim.organizationId()));
    }
  }

  @Test
  void anEmptyPageWhoseCursorMovedIsNotTheEnd() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(1_000), "max_customer_events_per_fetch: 400\n")) {
      h.sim.faults().movingEmptyPages(true);
      Collector c = h.collector();
      c.cycle(() -> false);
      h.sim.addEvents(250);
      c.cycle(() -> false);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
    }
  }

  @Test
  void aStopBetweenPagesLeavesACleanCheckpointAndTheNextCycleFinishes() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(3_000), "max_customer_events_per_fetch: 500\n")) {
      java.util.concurrent.atomic.AtomicInteger polls =
          new java.util.concurrent.atomic.AtomicInteger();
      CycleResult stopped = h.collector().cycle(() -> polls.incrementAndGet() > 3);
      assertThat(stopped.stopped()).isTrue();
      assertThat(stopped.caughtUp()).isFalse();
      assertThat(count(stopped)).isEqualTo(1_000);
      CycleResult rest = h.collector().cycle(() -> false);
      assertThat(count(rest)).isEqualTo(2_000);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
    }
  }

  @Test
  void afterACrashTheFileSinkCutsTheHalfLineAndWritesNothingTwice() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(2_000), "max_customer_events_per_fetch: 300\n")) {
      h.collector().cycle(() -> false);
      Path cp = h.config.stateDir().resolve("checkpoints.json");
      byte[] before = Files.readAllBytes(cp);
      h.sim.addEvents(1_000);
      h.collector().cycle(() -> false);
      // The crash: the last checkpoints never reached the disk, a line was half written.
      Files.write(cp, before);
      Files.write(
          h.eventsFile(),
          "{\"eventId\":\"half".getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);
      h.sim.addEvents(100);
      CycleResult r = h.collector().cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertThat(count(r)).isEqualTo(100);
      assertThat(h.deliveredIds("eventId")).containsExactlyElementsOf(h.sim.eventIds());
    }
  }
}
