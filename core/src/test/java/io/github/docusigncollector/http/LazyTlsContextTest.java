package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.SimClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * The lazily built TLS context: nothing built for plain HTTP, built once by the first HTTPS use.
 */
class LazyTlsContextTest {

  @Test
  void theRealContextIsBuiltByTheFirstHttpsConnectionOnlyAndOnce() throws Exception {
    SimClock clock = SimClock.fixed(SimSupport.START);
    AtomicInteger built = new AtomicInteger();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .sslContext(
                TlsContexts.lazy(
                    () -> {
                      built.incrementAndGet();
                      return TlsContexts.build(true, null);
                    }))
            .sslParameters(new SSLParameters())
            .build();
    try (DocuSignSimulator plain = SimSupport.sim(clock).start()) {
      HttpResponse<String> r = http.send(get(plain), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(built).as("plain HTTP needs no TLS context").hasValue(0);
    }
    try (DocuSignSimulator tls = SimSupport.sim(clock).https(true).start()) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = http.send(get(tls), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.uri().getScheme()).isEqualTo("https");
      }
      assertThat(built).hasValue(1);
    }
  }

  private static HttpRequest get(DocuSignSimulator sim) {
    return HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/state")).GET().build();
  }
}
