package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.SimSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.error.ThrottledException;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.simulator.SimClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budget, burst, throttling, retries and the allowed-host rule, against the simulator. */
class ResilienceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BodyParser<JsonNode> TREE = (status, body) -> JSON.readTree(body);

  @TempDir Path tmp;
  SimClock clock;
  DocuSignSimulator sim;
  SimSupport.ClockSleeper sleeper;

  private void start(Instant at, DocuSignSimulator.Builder... ignored) {
    clock = SimClock.fixed(at);
    sim = SimSupport.sim(clock).start();
    sleeper = new SimSupport.ClockSleeper(clock);
  }

  private void start() {
    start(SimSupport.START);
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private TestConfigs.Builder config() {
    return SimSupport.config(sim, tmp.resolve("state"));
  }

  private DocuSignClient client(CollectorConfig c) {
    return SimSupport.client(c, clock, sleeper);
  }

  @Test
  void hourlyBudgetStopsAtSixtyCallsAndResumesNextHour() {
    start();
    DocuSignClient c = client(config().apiBudgetPerHour(60).build());
    int ok = 0;
    ThrottledException stop = null;
    for (int i = 0; i < 100 && stop == null; i++) {
      try {
        c.get(SimSupport.monitor(sim), TREE);
        ok++;
      } catch (ThrottledException e) {
        stop = e;
      }
    }
    assertThat(stop).isNotNull();
    assertThat(stop.getMessage()).contains("api_budget_per_hour").contains("11:00:00Z");
    assertThat(stop.waitNeeded()).isEqualTo(Duration.ofHours(1));
    assertThat(ok).isEqualTo(59); // plus the token request
    assertThat(sim.requests()).hasSize(60);
    assertThat(c.apiCallsThisHour()).isEqualTo(60);

    clock.advance(Duration.ofHours(1));
    c.get(SimSupport.monitor(sim), TREE);
    // the token expired meanwhile: a new one and the call
    assertThat(c.apiCallsThisHour()).isEqualTo(2);
  }

  @Test
  void twoClientsOnOneStateDirShareTheBudget() {
    start();
    CollectorConfig cfg = config().apiBudgetPerHour(60).build();
    DocuSignClient a = client(cfg);
    DocuSignClient b = client(cfg);
    for (int i = 0; i < 30; i++) {
      a.get(SimSupport.monitor(sim), TREE);
    }
    // While a lives it holds the unused rest of its call lease; a finished run gives it back.
    assertThat(b.apiCallsThisHour()).isGreaterThanOrEqualTo(31);
    a.close();
    assertThat(b.apiCallsThisHour()).isEqualTo(31);
    int okB = 0;
    try {
      for (int i = 0; i < 100; i++) {
        b.get(SimSupport.monitor(sim), TREE);
        okB++;
      }
    } catch (ThrottledException e) {
      // expected once the shared budget is spent
    }
    assertThat(okB).isEqualTo(29);
    assertThat(sim.requests()).hasSize(60);
    assertThatThrownBy(() -> a.get(SimSupport.monitor(sim), TREE))
        .isInstanceOf(ThrottledException.class);
    assertThat(count(sim, Endpoint.TOKEN)).isEqualTo(1);
  }

  @Test
  void burstLimitIsNeverExceeded() {
    clock = SimClock.fixed(SimSupport.START);
    sim = SimSupport.sim(clock).burstLimit(0).start();
    sleeper = new SimSupport.ClockSleeper(clock);
    DocuSignClient c = client(config().apiBurstPer30s(10).build());
    for (int i = 0; i < 45; i++) {
      c.get(SimSupport.monitor(sim), TREE);
    }
    List<RequestRecord> all = sim.requests();
    assertThat(all).hasSize(46).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    for (int i = 0; i < all.size(); i++) {
      Instant end = all.get(i).at().plusSeconds(30);
      long in = all.stream().skip(i).filter(r -> r.at().isBefore(end)).count();
      assertThat(in).isLessThanOrEqualTo(10);
    }
    // 46 calls at 10 per 30 s need four full windows of waiting, no more.
    assertThat(sleeper.total()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void twoClientsOnOneStateDirTogetherKeepTheBurstLimit() {
    clock = SimClock.fixed(SimSupport.START);
    sim = SimSupport.sim(clock).burstLimit(0).start();
    sleeper = new SimSupport.ClockSleeper(clock);
    CollectorConfig cfg = config().apiBurstPer30s(20).build();
    // Two clients, each with its own store of the directory: they meet only in its files.
    DocuSignClient a = client(cfg);
    DocuSignClient b = client(cfg);
    for (int i = 0; i < 40; i++) {
      a.get(SimSupport.monitor(sim), TREE);
      b.get(SimSupport.monitor(sim), TREE);
    }
    a.close();
    b.close();
    List<RequestRecord> all = sim.requests();
    assertThat(all).hasSize(81).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    for (int i = 0; i < all.size(); i++) {
      Instant end = all.get(i).at().plusSeconds(30);
      long in = all.stream().skip(i).filter(r -> r.at().isBefore(end)).count();
      assertThat(in).as("calls in the 30 s from call %d", i).isLessThanOrEqualTo(20);
    }
    // each alone would have let 20 through per window: together they waited for 81 calls
    assertThat(sleeper.total()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void throttled429WithRetryAfterWaitsThatLong() {
    start();
    DocuSignClient c = client(config().build());
    c.accessToken();
    sim.faults().throttleNext(Endpoint.MONITOR, 1, false, Duration.ofSeconds(7));
    assertThat(c.get(SimSupport.monitor(sim), TREE).has("endCursor")).isTrue();
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(SimSupport.of(sim, Endpoint.MONITOR))
        .extracting(RequestRecord::status)
        .containsExactly(429, 200);
  }

  @Test
  void throttled429WithoutRetryAfterWaitsTheBurstWindow() {
    start();
    DocuSignClient c = client(config().build());
    c.accessToken();
    sim.faults().throttleNext(Endpoint.MONITOR, 2, false, null);
    c.get(SimSupport.monitor(sim), TREE);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void hourlyLimitWaitsUntilTheResetWhenThatFitsMaxWait() {
    start(Instant.parse("2026-03-01T10:58:00Z"));
    DocuSignClient c = client(config().build());
    c.accessToken();
    sim.faults().throttleNext(Endpoint.MONITOR, 1, true, null);
    c.get(SimSupport.monitor(sim), TREE);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofMinutes(2));
    assertThat(SimSupport.of(sim, Endpoint.MONITOR))
        .extracting(RequestRecord::status)
        .containsExactly(400, 200);
  }

  @Test
  void hourlyLimitBeyondMaxWaitEndsTheCycleThrottled() {
    start(Instant.parse("2026-03-01T10:10:00Z"));
    DocuSignClient c = client(config().build());
    c.accessToken();
    sim.faults().throttleNext(Endpoint.MONITOR, 1, true, null);
    assertThatThrownBy(() -> c.get(SimSupport.monitor(sim), TREE))
        .isInstanceOf(ThrottledException.class)
        .hasMessageContaining("HOURLY_APIINVOCATION_LIMIT_EXCEEDED")
        .hasMessageContaining("max_wait")
        .satisfies(
            e ->
                assertThat(((ThrottledException) e).waitNeeded())
                    .isEqualTo(Duration.ofMinutes(50)));
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void retryAfterLongerThanMaxWaitEndsTheCycleThrottled() {
    start();
    DocuSignClient c = client(config().maxWait(Duration.ofSeconds(20)).build());
    c.accessToken();
    sim.faults().throttleNext(Endpoint.MONITOR, 1, false, null);
    assertThatThrownBy(() -> c.get(SimSupport.monitor(sim), TREE))
        .isInstanceOf(ThrottledException.class);
  }

  @Test
  void serverErrorsDropsAndMalformedBodiesAreRetriedThenSucceed() {
    start();
    DocuSignClient c = client(config().build());
    c.accessToken();
    sim.faults().failNext(Endpoint.MONITOR, 1, 503);
    sim.faults().dropNext(Endpoint.MONITOR, 1);
    sim.faults().malformedNext(Endpoint.MONITOR, 1);
    JsonNode page = c.get(SimSupport.monitor(sim), TREE);
    assertThat(page.has("endCursor")).isTrue();
    assertThat(SimSupport.of(sim, Endpoint.MONITOR)).hasSize(4);
    // The JDK client itself retries a GET once when a connection closes before any answer, so
    // the drop may cost no backoff of ours.
    assertThat(sleeper.sleeps).hasSizeBetween(2, 3);
    Backoff bounds = Backoff.standard(new java.util.Random());
    for (int i = 0; i < sleeper.sleeps.size(); i++) {
      assertThat(sleeper.sleeps.get(i)).isLessThanOrEqualTo(bounds.ceiling(i));
    }
  }

  @Test
  void exhaustedRetriesAreExitOneNamingTheEndpointAndCause() {
    start();
    DocuSignClient c = client(config().build());
    c.accessToken();
    sim.faults().failNext(Endpoint.MONITOR, 5, 500);
    assertThatThrownBy(() -> c.get(SimSupport.monitor(sim), TREE))
        .isInstanceOf(CollectorException.class)
        .isNotInstanceOf(ThrottledException.class)
        .hasMessageContaining("/api/v2.0/datasets/monitor/stream")
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("5 times")
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(1));
    assertThat(SimSupport.of(sim, Endpoint.MONITOR)).hasSize(5);
  }

  @Test
  void connectionRefusedIsRetriedThenExitOne() throws Exception {
    start();
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CollectorConfig cfg = config().monitorUrl("http://127.0.0.1:" + port).build();
    DocuSignClient c = client(cfg);
    URI dead = URI.create("http://127.0.0.1:" + port + "/api/v2.0/datasets/monitor/stream");
    assertThatThrownBy(() -> c.get(dead, TREE))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("ConnectException (connection refused")
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(1));
    assertThat(sleeper.sleeps).hasSize(4);
  }

  @Test
  void aMonitorForbiddenIsExitThreeExplainingTheRoles() {
    start();
    DocuSignClient c = client(config().build());
    sim.faults().forbidMonitor(true);
    assertThatThrownBy(() -> c.get(SimSupport.monitor(sim), TREE))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("Monitor")
        .hasMessageContaining("security reports administrator")
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(3));
  }

  @Test
  void notFoundIsPassedToTheParser() {
    start();
    DocuSignClient c = client(config().build());
    URI missing =
        URI.create(
            sim.baseUrl() + "/restapi/v2.1/accounts/" + sim.accountId() + "/users/nobody-here");
    Integer status = c.get(missing, (s, body) -> s);
    assertThat(status).isEqualTo(404);
  }

  @Test
  void foreignHostsFromResponsesAreRefusedWithoutARequest() {
    start();
    DocuSignClient c = client(config().build());
    assertThatThrownBy(() -> c.get(URI.create("https://evil.example/management/v2/x"), TREE))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("came from a DocuSign response")
        .hasMessageContaining("evil.example")
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(1));
    assertThatThrownBy(() -> c.get(URI.create("http://na3.docusign.net/restapi/x"), TREE))
        .hasMessageContaining("plain http://");
    assertThat(sim.requests()).isEmpty();
  }

  @Test
  void theRateLimitHeadersSlowUsDownBeforeDocuSignsBurstLimit() {
    clock = SimClock.fixed(SimSupport.START);
    sim = SimSupport.sim(clock).burstLimit(12).start();
    sleeper = new SimSupport.ClockSleeper(clock);
    // Our own burst limit would allow far more: only the headers can keep us under 12.
    DocuSignClient c = client(config().apiBurstPer30s(1000).build());
    for (int i = 0; i < 40; i++) {
      c.get(SimSupport.monitor(sim), TREE);
    }
    assertThat(sim.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(sleeper.sleeps).isNotEmpty();
  }

  @Test
  void fewHourlyCallsLeftAtDocuSignEndTheCycleBeforeItRefusesUs() {
    clock = SimClock.fixed(SimSupport.START);
    sim = SimSupport.sim(clock).hourlyLimit(30).start();
    sleeper = new SimSupport.ClockSleeper(clock);
    DocuSignClient c = client(config().build());
    ThrottledException stop = null;
    for (int i = 0; i < 40 && stop == null; i++) {
      try {
        c.get(SimSupport.monitor(sim), TREE);
      } catch (ThrottledException e) {
        stop = e;
      }
    }
    assertThat(stop).isNotNull();
    assertThat(stop.getMessage()).contains("X-RateLimit-Remaining").contains("max_wait");
    // The account keeps its reserve for other apps, and DocuSign never had to refuse a call.
    assertThat(SimSupport.of(sim, Endpoint.MONITOR))
        .hasSize(30 - RateLimitPacer.HOURLY_RESERVE)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
  }
}
