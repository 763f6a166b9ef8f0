package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLogTest {
  @Test
  void theLogKeepsTheNewestRequestsUpToItsLimit() {
    try (DocuSignSimulator sim =
        TestKeys.builder().events(10).consent(true).requestLogLimit(5).start()) {
      SimHttp http = new SimHttp(sim);
      String token = http.token("signature impersonation");
      for (int i = 0; i < 7; i++) {
        http.get("/api/v2.0/datasets/monitor/stream?limit=" + (i + 1), token);
      }
      List<RequestRecord> log = sim.requests();
      assertThat(log).hasSize(5);
      // the token request and the first two reads were dropped, the newest five kept in order
      assertThat(log)
          .extracting(RequestRecord::query)
          .containsExactly("limit=3", "limit=4", "limit=5", "limit=6", "limit=7");
      assertThat(sim.requestsDropped()).isEqualTo(3);
      JsonNode state = SimHttp.json(http.get("/_sim/state", null));
      assertThat(state.path("requests").asInt()).isEqualTo(5);
      assertThat(state.path("requestsDropped").asLong()).isEqualTo(3);
      sim.clearRequests();
      assertThat(sim.requests()).isEmpty();
      assertThat(sim.requestsDropped()).isZero();
    }
  }
}
