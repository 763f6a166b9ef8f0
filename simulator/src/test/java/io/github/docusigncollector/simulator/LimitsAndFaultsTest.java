package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LimitsAndFaultsTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:59:25Z");
  static final String LENS = "/api/v2.0/datasets/monitor/stream";
  DocuSignSimulator sim;
  SimHttp http;
  String token;
  String me;

  @BeforeEach
  void start() {
    sim =
        TestKeys.builder()
            .clock(SimClock.fixed(T0))
            .events(50)
            .users(5)
            .consent(true)
            .hourlyLimit(5)
            .burstLimit(3)
            .start();
    http = new SimHttp(sim);
    token = http.allScopesToken();
    me = "/restapi/v2.1/accounts/" + sim.accountId() + "/users/" + sim.userId();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void everyApiAnswerCarriesRateLimitHeaders() {
    HttpResponse<String> r = http.get(me, token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("5");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("4");
    assertThat(r.headers().firstValue("X-RateLimit-Reset"))
        .hasValue(Long.toString(Instant.parse("2026-03-02T11:00:00Z").getEpochSecond()));
    assertThat(r.headers().firstValue("X-BurstLimit-Limit")).hasValue("3");
    assertThat(r.headers().firstValue("X-BurstLimit-Remaining")).hasValue("2");
    // /oauth calls are not counted and carry no limit headers
    HttpResponse<String> info = http.get("/oauth/userinfo", token);
    assertThat(info.headers().firstValue("X-RateLimit-Limit")).isEmpty();
    assertThat(http.get(LENS, token).headers().firstValue("X-RateLimit-Remaining")).hasValue("3");
  }

  @Test
  void burstThenHourlyLimitsAndTheNextHourResets() {
    for (int i = 0; i < 3; i++) {
      assertThat(http.get(me, token).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> burst = http.get(me, token);
    assertThat(burst.statusCode()).isEqualTo(429);
    assertThat(SimHttp.json(burst).path("errorCode").asText())
        .isEqualTo("BURST_APIINVOCATION_LIMIT_EXCEEDED");
    sim.clock().advance(Duration.ofSeconds(5)); // 10:59:30: a new 30 s window, same hour
    // the refused call counted too: this is the 5th call of the hour, the last allowed
    assertThat(http.get(me, token).statusCode()).isEqualTo(200);
    HttpResponse<String> hourly = http.get(me, token);
    assertThat(hourly.statusCode()).isEqualTo(400);
    JsonNode j = SimHttp.json(hourly);
    assertThat(j.path("errorCode").asText()).isEqualTo("HOURLY_APIINVOCATION_LIMIT_EXCEEDED");
    assertThat(j.path("message").asText())
        .isEqualTo(
            "The maximum number of hourly API invocations has been exceeded. The hourly limit is 5.");
    assertThat(hourly.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    sim.clock().advance(Duration.ofSeconds(30)); // 11:00:00
    HttpResponse<String> fresh = http.get(me, token);
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.headers().firstValue("X-RateLimit-Remaining")).hasValue("4");
  }

  @Test
  void missingScopesAre403() {
    String sigOnly = http.token("signature");
    assertThat(http.get(LENS, sigOnly).statusCode()).isEqualTo(403);
    String admin =
        "/management/v2/organizations/"
            + sim.organizationId()
            + "/users?account_id="
            + sim.accountId();
    assertThat(http.get(admin, sigOnly).statusCode()).isEqualTo(403);
    sim.clock().advance(Duration.ofSeconds(30)); // a fresh burst window
    String userRead = http.token("user_read");
    assertThat(http.get(me, userRead).statusCode()).isEqualTo(403);
    assertThat(http.get(admin, userRead).statusCode()).isEqualTo(200);
  }

  @Test
  void failNextAnswersTheStatusThenRecovers() {
    sim.faults().failNext(Endpoint.ESIGN_USER, 2, 503);
    assertThat(http.get(me, token).statusCode()).isEqualTo(503);
    assertThat(http.get(me, token).statusCode()).isEqualTo(503);
    assertThat(http.get(me, token).statusCode()).isEqualTo(200);
  }

  @Test
  void dropNextClosesTheConnection() {
    // the JDK client retries a GET once on a closed connection: drop both tries
    sim.faults().dropNext(Endpoint.MONITOR, 2);
    assertThatThrownBy(() -> http.get(LENS, token))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(http.get(LENS, token).statusCode()).isEqualTo(200);
    List<RequestRecord> log = sim.requests();
    assertThat(log.get(log.size() - 2).status()).isZero();
    assertThat(log.get(log.size() - 3).status()).isZero();
    assertThat(log.get(log.size() - 1).status()).isEqualTo(200);
  }

  @Test
  void malformedNextIsATruncated200() {
    sim.faults().malformedNext(Endpoint.MONITOR, 1);
    HttpResponse<String> r = http.get(LENS, token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> SimHttp.JSON.readTree(r.body())).isInstanceOf(IOException.class);
    assertThat(SimHttp.json(http.get(LENS, token)).path("data")).hasSize(50);
  }

  @Test
  void throttleNextWithAndWithoutRetryAfter() {
    sim.faults()
        .throttleNext(Endpoint.ADMIN_USERS, 1, true, null)
        .throttleNext(Endpoint.ADMIN_USERS, 1, false, Duration.ofSeconds(7));
    String admin =
        "/management/v2/organizations/"
            + sim.organizationId()
            + "/users?account_id="
            + sim.accountId();
    HttpResponse<String> hourly = http.get(admin, token);
    assertThat(hourly.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(hourly).path("errorCode").asText())
        .isEqualTo("HOURLY_APIINVOCATION_LIMIT_EXCEEDED");
    assertThat(hourly.headers().firstValue("Retry-After")).isEmpty();
    HttpResponse<String> burst = http.get(admin, token);
    assertThat(burst.statusCode()).isEqualTo(429);
    assertThat(burst.headers().firstValue("Retry-After")).hasValue("7");
  }

  @Test
  void latencyDelaysAnswers() {
    sim.faults().latency(Duration.ofMillis(300));
    long t = System.nanoTime();
    http.get(me, token);
    assertThat(Duration.ofNanos(System.nanoTime() - t))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void forbidMonitorAnswers403OnBothPaths() {
    sim.faults().forbidMonitor(true);
    assertThat(http.get(LENS, token).statusCode()).isEqualTo(403);
    HttpResponse<String> v1 =
        http.get("/v1/organizations/" + sim.organizationId() + "/stream", token);
    assertThat(v1.statusCode()).isEqualTo(403);
    assertThat(SimHttp.json(v1).path("error").asText()).contains("Monitor entitlement");
    sim.faults().forbidMonitor(false);
    assertThat(http.get(LENS, token).statusCode()).isEqualTo(200);
  }

  @Test
  void expireTokensMakesIssuedTokens401() {
    sim.faults().expireTokens();
    assertThat(http.get(me, token).statusCode()).isEqualTo(401);
    assertThat(http.get("/oauth/userinfo", token).statusCode()).isEqualTo(401);
    assertThat(http.get(me, http.allScopesToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void requestLogRecordsWhatWasServed() {
    sim.clearRequests();
    http.get(me, token);
    http.get(LENS + "?limit=2", token);
    http.get("/_sim/state", null);
    List<RequestRecord> log = sim.requests();
    assertThat(log).hasSize(2);
    assertThat(log.get(0).endpoint()).isEqualTo(Endpoint.ESIGN_USER);
    assertThat(log.get(0).status()).isEqualTo(200);
    assertThat(log.get(0).method()).isEqualTo("GET");
    assertThat(log.get(0).at()).isEqualTo(T0);
    assertThat(log.get(1).endpoint()).isEqualTo(Endpoint.MONITOR);
    assertThat(log.get(1).path()).isEqualTo(LENS);
    assertThat(log.get(1).query()).isEqualTo("limit=2");
  }
}
