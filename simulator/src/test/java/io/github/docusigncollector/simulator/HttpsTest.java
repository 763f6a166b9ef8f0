package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class HttpsTest {
  @Test
  void servesHttpsWithACertificateForLoopback() throws Exception {
    try (DocuSignSimulator sim =
        TestKeys.builder()
            .https(true)
            .clock(SimClock.fixed(Instant.parse("2026-03-02T10:15:00Z")))
            .events(10)
            .consent(true)
            .start()) {
      assertThat(sim.baseUrl()).startsWith("https://127.0.0.1:");
      assertThat(sim.certificate()).isNotNull();
      Collection<java.util.List<?>> sans = sim.certificate().getSubjectAlternativeNames();
      assertThat(sans.toString()).contains("127.0.0.1").contains("localhost");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("sim", sim.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      SimHttp http = new SimHttp(sim, HttpClient.newBuilder().sslContext(ctx).build());
      String token = http.allScopesToken();
      HttpResponse<String> r = http.get("/api/v2.0/datasets/monitor/stream", token);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(SimHttp.ids(SimHttp.json(r).path("data"))).isEqualTo(sim.eventIds());
    }
  }
}
