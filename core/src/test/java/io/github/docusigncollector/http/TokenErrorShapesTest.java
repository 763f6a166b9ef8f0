package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.simulator.SimClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token answers the simulator does not produce: other OAuth error codes, codes in {@code
 * error_description} only, a 200 without a token. A fixed-answer loopback server stands in for
 * DocuSign's OAuth host.
 */
class TokenErrorShapesTest {
  @TempDir Path tmp;
  HttpServer server;
  final AtomicInteger hits = new AtomicInteger();

  private DocuSignClient serve(int status, String body) throws IOException {
    server =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/oauth/token",
        ex -> {
          hits.incrementAndGet();
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(status, b.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
          }
        });
    AtomicInteger monitorHits = new AtomicInteger();
    server.createContext(
        "/api/v2.0/datasets/monitor/stream",
        ex -> {
          boolean first = monitorHits.getAndIncrement() == 0;
          byte[] b =
              (first ? "{\"errorCode\":\"MAINTENANCE\"}" : "{\"data\":[]}")
                  .getBytes(StandardCharsets.UTF_8);
          if (first) {
            ex.getResponseHeaders().set("Retry-After", "20");
          }
          ex.sendResponseHeaders(first ? 503 : 200, b.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
          }
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    return SimSupport.client(
        TestConfigs.builder()
            .allUrls(url)
            .privateKey(new SigningKey((RSAPrivateKey) SimSupport.KEYS.getPrivate()))
            .stateDir(tmp)
            .build(),
        clock,
        sleeper);
  }

  final SimClock clock = SimClock.fixed(SimSupport.START);
  final SimSupport.ClockSleeper sleeper = new SimSupport.ClockSleeper(clock);

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static void exitThree(DocuSignClient c, String... fragments) {
    assertThatThrownBy(c::accessToken)
        .isInstanceOf(CollectorException.class)
        .satisfies(
            e -> {
              assertThat(((CollectorException) e).exitCode()).isEqualTo(3);
              assertThat(e.getMessage()).contains(fragments);
              TokenTest.assertNoSecret(e.getMessage());
            });
  }

  @Test
  void anUnknownGrantErrorIsExitThreeNamingDocuSignsCode() throws Exception {
    DocuSignClient c =
        serve(400, "{\"error\":\"invalid_grant\",\"error_description\":\"unauthorized_client\"}");
    exitThree(c, "invalid_grant", "unauthorized_client", "consent-url");
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void theCodeIsRecognisedInErrorDescriptionToo() throws Exception {
    exitThree(
        serve(400, "{\"error\":\"invalid_grant\",\"error_description\":\"consent_required\"}"),
        "consent_required",
        "consent-url");
  }

  @Test
  void aTokenErrorWithoutJsonIsStillExitThree() throws Exception {
    exitThree(serve(401, "<html>denied</html>"), "HTTP 401");
  }

  @Test
  void aTokenAnswerWithoutAccessTokenIsRetriedThenExitOne() throws Exception {
    DocuSignClient c = serve(200, "{\"token_type\":\"Bearer\"}");
    assertThatThrownBy(c::accessToken)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("/oauth/token")
        .hasMessageContaining("no access_token")
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(1));
    assertThat(hits.get()).isEqualTo(5);
  }

  @Test
  void aServerErrorWithRetryAfterWaitsAtLeastThatLong() throws Exception {
    DocuSignClient c = serve(200, "{\"access_token\":\"test-token-123456\",\"expires_in\":3600}");
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    String body =
        c.get(
            java.net.URI.create(url + "/api/v2.0/datasets/monitor/stream?cursor=x"),
            (status, b) -> new String(b, StandardCharsets.UTF_8));
    assertThat(body).isEqualTo("{\"data\":[]}");
    assertThat(sleeper.sleeps).hasSize(1);
    assertThat(sleeper.sleeps.get(0)).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(20));
  }
}
