package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MonitorTest {
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
            .events(2500)
            .users(20)
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

  JsonNode page(String query) {
    HttpResponse<String> r = http.get(LENS + query, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return SimHttp.json(r);
  }

  /** Pages from the start (no cursor) to the caught-up empty page. */
  List<String> drain(String firstQuery, int limit) {
    List<String> ids = new ArrayList<>();
    JsonNode p = page(firstQuery);
    String cursor = null;
    for (int guard = 0; guard < 10_000; guard++) {
      ids.addAll(SimHttp.ids(p.path("data")));
      String end = p.path("endCursor").asText();
      if (p.path("data").isEmpty() && end.equals(cursor)) {
        return ids;
      }
      cursor = end;
      p = page("?limit=" + limit + "&cursor=" + SimHttp.enc(cursor));
    }
    throw new AssertionError("never caught up");
  }

  @Test
  void pagingToTheEndGivesExactlyTheEventIds() {
    List<String> ids = drain("?limit=700", 700);
    assertThat(ids).hasSize(2500).isEqualTo(sim.eventIds());
    assertThat(new HashSet<>(ids)).hasSize(2500);
  }

  @Test
  void limitDefaultsTo1000AndIsCappedAt2000() {
    assertThat(page("").path("data")).hasSize(1000);
    assertThat(page("?limit=5000").path("data")).hasSize(2000);
    assertThat(page("?limit=3").path("data")).hasSize(3);
  }

  @Test
  void isoCursorStartsAtTheFirstEventIngestedAtOrAfterIt() {
    // the backlog is ingested evenly over the 30 minutes before T0: half of it after T0-15m
    JsonNode p =
        page("?limit=2000&cursor=" + SimHttp.enc(T0.minus(Duration.ofMinutes(15)).toString()));
    List<String> all = sim.eventIds();
    assertThat(SimHttp.ids(p.path("data")).get(0)).isEqualTo(all.get(1249));
    JsonNode future = page("?cursor=" + SimHttp.enc(T0.plusSeconds(60).toString()));
    assertThat(future.path("data")).isEmpty();
  }

  @Test
  void caughtUpEmptyPageReturnsItsCursorAndNewEventsAppear() {
    JsonNode p = page("?limit=2000");
    p = page("?limit=2000&cursor=" + p.path("endCursor").asText());
    String end = p.path("endCursor").asText();
    assertThat(end).matches("aa_\\d+_\\d+_2500");
    JsonNode empty = page("?cursor=" + end);
    assertThat(empty.path("data")).isEmpty();
    assertThat(empty.path("endCursor").asText()).isEqualTo(end);
    sim.addEvents(7);
    JsonNode more = page("?cursor=" + end);
    assertThat(SimHttp.ids(more.path("data"))).isEqualTo(sim.eventIds().subList(2500, 2507));
  }

  @Test
  void noCursorMeansSevenDaysAgo() {
    sim.clock().advance(Duration.ofDays(7).minusMinutes(10));
    token = http.allScopesToken();
    // events older than seven days are gone from a cursor-less start: two thirds of the backlog
    JsonNode p = page("?limit=2000");
    assertThat(SimHttp.ids(p.path("data")).get(0)).isEqualTo(sim.eventIds().get(1666));
  }

  @Test
  void eventsHaveRealisticFieldsAndUnorderedTimestamps() {
    JsonNode data = page("?limit=2000").path("data");
    Set<Integer> digits = new HashSet<>();
    int outOfOrder = 0;
    String prev = null;
    Set<String> actions = new HashSet<>();
    for (JsonNode e : data) {
      for (String f :
          List.of(
              "timestamp",
              "eventId",
              "site",
              "accountId",
              "organizationId",
              "userId",
              "integratorKey",
              "userAgent",
              "userAgentClientInfo",
              "ipAddress",
              "ipAddressLocation",
              "object",
              "action",
              "property",
              "field",
              "result",
              "source",
              "isUserMemberOfDomain",
              "proxyStatus",
              "latitude",
              "longitude",
              "city",
              "state",
              "country",
              "device",
              "browser",
              "os",
              "data")) {
        assertThat(e.has(f)).as(f).isTrue();
      }
      String ts = e.path("timestamp").asText();
      assertThat(ts).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,7})?Z");
      int dot = ts.indexOf('.');
      digits.add(dot < 0 ? 0 : ts.length() - dot - 2);
      Instant t = Instant.parse(ts);
      assertThat(t).isBefore(T0.plusSeconds(1)).isAfter(T0.minus(Duration.ofMinutes(31)));
      if (prev != null && Instant.parse(prev).isAfter(t)) {
        outOfOrder++;
      }
      prev = ts;
      actions.add(e.path("action").asText());
      assertThat(e.path("accountId").asText()).isEqualTo(sim.accountId());
      assertThat(e.path("userAgentClientInfo").path("browser").isObject()).isTrue();
      assertThat(e.path("ipAddressLocation").path("latitude").isNumber()).isTrue();
    }
    assertThat(digits).contains(7, 6).hasSizeGreaterThan(4);
    assertThat(outOfOrder).isGreaterThan(10);
    assertThat(actions)
        .contains("Login", "EnvelopeSent", "UserCreated", "PermissionProfileChanged", "Alert");
  }

  @Test
  void orgStreamAnswersResultData() {
    HttpResponse<String> r =
        http.get("/v1/organizations/" + sim.organizationId() + "/stream?limit=10", token);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode j = SimHttp.json(r);
    assertThat(j.has("data")).isFalse();
    assertThat(SimHttp.ids(j.path("resultData"))).isEqualTo(sim.eventIds().subList(0, 10));
    HttpResponse<String> wrong =
        http.get("/v1/organizations/00000000-0000-4000-8000-000000000000/stream", token);
    assertThat(wrong.statusCode()).isEqualTo(403);
  }

  @Test
  void sameSeedSameData() {
    try (DocuSignSimulator other =
        TestKeys.builder().clock(SimClock.fixed(T0)).events(2500).users(20).start()) {
      assertThat(other.eventIds()).isEqualTo(sim.eventIds());
      assertThat(other.userIds()).isEqualTo(sim.userIds());
      assertThat(other.integrationKey()).isEqualTo(sim.integrationKey());
    }
  }

  @Test
  void groundTruthByPosition() {
    List<String> ids = sim.eventIds();
    assertThat(sim.eventIdAt(1234)).isEqualTo(ids.get(1234));
    assertThat(sim.eventIndexOf(ids.get(2499))).isEqualTo(2499);
    assertThat(sim.eventIndexOf(ids.get(0))).isZero();
    assertThat(sim.eventIndexOf("00000000-0000-4000-8000-000000000000")).isEqualTo(-1);
    assertThat(sim.ingestionTimeAt(2499)).isEqualTo(T0);
    assertThat(sim.ingestionTimeAt(1249)).isEqualTo(T0.minus(Duration.ofMinutes(15)));
    sim.clock().advance(Duration.ofSeconds(3));
    sim.addEvents(1);
    assertThat(sim.ingestionTimeAt(2500)).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void concurrentReadersSeeTheSameStream() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<String>>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int limit = 300 + i * 250;
        runs.add(pool.submit(() -> drain("?limit=" + limit, limit)));
      }
      for (java.util.concurrent.Future<List<String>> f : runs) {
        assertThat(f.get()).isEqualTo(sim.eventIds());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
