package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ControlInterfaceTest {
  @Test
  void controlEndpointsDriveTheSimulator() {
    try (DocuSignSimulator sim =
        TestKeys.builder()
            .clock(SimClock.fixed(Instant.parse("2026-03-02T10:15:00Z")))
            .events(10)
            .users(10)
            .start()) {
      SimHttp http = new SimHttp(sim);
      assertThat(post(http, "/_sim/events?n=5", "").statusCode()).isEqualTo(200);
      assertThat(sim.eventCount()).isEqualTo(15);
      JsonNode modified = SimHttp.json(post(http, "/_sim/users/modify?n=3", ""));
      assertThat(modified.path("modified")).hasSize(3);
      post(http, "/_sim/consent?scopes=signature,impersonation", "");
      assertThat(sim.consentedScopes()).containsExactlyInAnyOrder("signature", "impersonation");
      String token = http.token("signature impersonation");
      http.send(
          HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/consent")).DELETE().build());
      assertThat(sim.consentedScopes()).isEmpty();
      post(
          http,
          "/_sim/faults",
          "{\"failNext\":{\"endpoint\":\"MONITOR\",\"n\":1,\"status\":502},"
              + "\"throttleNext\":{\"endpoint\":\"MONITOR\",\"n\":1,\"hourly\":false,"
              + "\"retryAfterSeconds\":3}}");
      assertThat(http.get("/api/v2.0/datasets/monitor/stream", token).statusCode()).isEqualTo(502);
      HttpResponse<String> t = http.get("/api/v2.0/datasets/monitor/stream", token);
      assertThat(t.statusCode()).isEqualTo(429);
      assertThat(t.headers().firstValue("Retry-After")).hasValue("3");
      JsonNode log = SimHttp.json(http.get("/_sim/requests", null));
      assertThat(log.size()).isEqualTo(sim.requests().size());
      assertThat(log.get(log.size() - 1).path("status").asInt()).isEqualTo(429);
      JsonNode state = SimHttp.json(http.get("/_sim/state", null));
      assertThat(state.path("eventCount").asLong()).isEqualTo(15);
      assertThat(state.path("users").asInt()).isEqualTo(10);
    }
  }

  private static HttpResponse<String> post(SimHttp http, String path, String body) {
    return http.send(
        HttpRequest.newBuilder(URI.create(http.sim.baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
