package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuirksTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:15:00Z");
  static final String LENS = "/api/v2.0/datasets/monitor/stream";
  DocuSignSimulator sim;
  SimHttp http;
  String token;

  @BeforeEach
  void start() {
    sim =
        TestKeys.builder()
            .clock(SimClock.fixed(T0))
            .events(300)
            .consent(true)
            .hourlyLimit(0)
            .burstLimit(0)
            .start();
    http = new SimHttp(sim);
    token = http.allScopesToken();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  JsonNode page(String cursor, int limit) {
    String q = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + SimHttp.enc(cursor));
    return SimHttp.json(http.get(LENS + q, token));
  }

  @Test
  void overlappingPagesRepeatEventsButLoseNone() {
    sim.faults().overlappingPages(5);
    JsonNode p1 = page(null, 100);
    JsonNode p2 = page(p1.path("endCursor").asText(), 100);
    List<String> ids1 = SimHttp.ids(p1.path("data"));
    List<String> ids2 = SimHttp.ids(p2.path("data"));
    assertThat(ids2.subList(0, 5)).isEqualTo(ids1.subList(95, 100));
    LinkedHashSet<String> all = new LinkedHashSet<>();
    String cursor = null;
    for (int i = 0; i < 20; i++) {
      JsonNode p = page(cursor, 100);
      all.addAll(SimHttp.ids(p.path("data")));
      cursor = p.path("endCursor").asText();
    }
    assertThat(new ArrayList<>(all)).isEqualTo(sim.eventIds());
  }

  @Test
  void movingEmptyPageThenTrueCaughtUpAnswer() {
    sim.faults().movingEmptyPages(true);
    String end = page(null, 2000).path("endCursor").asText();
    JsonNode moved = page(end, 100);
    assertThat(moved.path("data")).isEmpty();
    String movedCursor = moved.path("endCursor").asText();
    assertThat(movedCursor).isNotEqualTo(end).endsWith("_300");
    JsonNode settled = page(movedCursor, 100);
    assertThat(settled.path("data")).isEmpty();
    assertThat(settled.path("endCursor").asText()).isEqualTo(movedCursor);
    sim.addEvents(2);
    assertThat(SimHttp.ids(page(movedCursor, 100).path("data")))
        .isEqualTo(sim.eventIds().subList(300, 302));
  }

  @Test
  void ingestionLagMakesTimestampsOlderThanTheirPlace() {
    sim.clock().advance(Duration.ofMinutes(10));
    token = http.allScopesToken();
    sim.faults().ingestionLag(Duration.ofMinutes(5));
    sim.addEvents(200);
    JsonNode p = page(T0.plus(Duration.ofMinutes(9)).toString(), 2000);
    assertThat(p.path("data")).hasSize(200);
    Instant now = sim.clock().instant();
    long older = 0;
    for (JsonNode e : p.path("data")) {
      Instant ts = Instant.parse(e.path("timestamp").asText());
      assertThat(ts).isAfterOrEqualTo(now.minus(Duration.ofMinutes(5)).minusSeconds(6));
      if (ts.isBefore(now.minusSeconds(60))) {
        older++;
      }
    }
    assertThat(older).isGreaterThan(100);
  }

  @Test
  void oddTimestampsAppearOnlyInEventsAddedAfterwards() {
    sim.faults().oddTimestamps(true);
    sim.addEvents(400);
    JsonNode p = page(null, 2000);
    int none = 0;
    int nine = 0;
    int offset = 0;
    int plain = 0;
    for (int i = 0; i < p.path("data").size(); i++) {
      JsonNode e = p.path("data").get(i);
      if (!e.has("timestamp")) {
        assertThat(i).isGreaterThanOrEqualTo(300);
        none++;
        continue;
      }
      String ts = e.path("timestamp").asText();
      if (ts.matches(".*\\.\\d{9}Z")) {
        nine++;
      } else if (ts.endsWith("+00:00")) {
        offset++;
      } else if (ts.matches(".*:\\d\\dZ")) {
        plain++;
      }
      if (i < 300) {
        assertThat(ts).matches(".*:\\d\\d(\\.\\d{1,7})?Z");
      }
    }
    assertThat(none).isPositive();
    assertThat(nine).isPositive();
    assertThat(offset).isPositive();
    assertThat(plain).isPositive();
  }
}
