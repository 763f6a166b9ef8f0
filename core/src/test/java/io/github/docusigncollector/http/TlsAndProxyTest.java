package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS verification, ca_file, insecure, and the proxy settings of our own client. */
class TlsAndProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BodyParser<JsonNode> TREE = (status, body) -> JSON.readTree(body);

  // Making a self-signed certificate takes seconds: one HTTPS simulator serves every test.
  private static final SimClock HTTPS_CLOCK = SimClock.fixed(SimSupport.START);
  private static DocuSignSimulator httpsSim;

  @TempDir Path tmp;
  SimClock clock;
  SimSupport.ClockSleeper sleeper;
  DocuSignSimulator sim;
  private DocuSignSimulator own;

  @BeforeAll
  static void startHttps() {
    httpsSim = SimSupport.sim(HTTPS_CLOCK).https(true).start();
  }

  @AfterAll
  static void stopHttps() {
    httpsSim.close();
  }

  @AfterEach
  void stop() {
    if (own != null) {
      own.close();
    }
  }

  private DocuSignSimulator start(boolean https) {
    if (https) {
      clock = HTTPS_CLOCK;
      sim = httpsSim;
    } else {
      clock = SimClock.fixed(SimSupport.START);
      sim = SimSupport.sim(clock).start();
      own = sim;
    }
    sim.clearRequests();
    sleeper = new SimSupport.ClockSleeper(clock);
    return sim;
  }

  /** A CA certificate from the JDK's trust store: real, but not the simulator's signer. */
  private static X509Certificate someOtherCa() throws Exception {
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((java.security.KeyStore) null);
    javax.net.ssl.X509TrustManager tm = (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0];
    return tm.getAcceptedIssuers()[0];
  }

  private static String pem(X509Certificate cert) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void selfSignedCertificateIsRefusedByDefault() {
    start(true);
    DocuSignClient c = SimSupport.client(SimSupport.config(sim, tmp).build(), clock, sleeper);
    assertThatThrownBy(c::accessToken)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("127.0.0.1:" + sim.port())
        .hasMessageContaining("could not be verified")
        .hasMessageContaining("ca_file")
        .hasMessageContaining("insecure")
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(1));
    assertThat(sim.requests()).isEmpty();
    assertThat(sleeper.sleeps).as("a certificate failure is not retried").isEmpty();
  }

  @Test
  void insecureTrustsTheSelfSignedCertificate() {
    start(true);
    CollectorConfig cfg = SimSupport.config(sim, tmp).insecure(true).build();
    DocuSignClient c = SimSupport.client(cfg, clock, sleeper);
    assertThat(c.get(SimSupport.monitor(sim), TREE).has("endCursor")).isTrue();
  }

  @Test
  void caFileHoldingTheCertificateIsTrusted() throws Exception {
    start(true);
    Path ca = tmp.resolve("ca.pem");
    Files.writeString(ca, pem(sim.certificate()));
    CollectorConfig cfg = SimSupport.config(sim, tmp.resolve("s")).caFile(ca).build();
    DocuSignClient c = SimSupport.client(cfg, clock, sleeper);
    assertThat(c.get(SimSupport.monitor(sim), TREE).has("endCursor")).isTrue();
    assertThat(c.userInfo().sub()).isEqualTo(sim.userId());
  }

  @Test
  void caFileWithAnotherCertificateDoesNotHelp() throws Exception {
    start(true);
    Path ca = tmp.resolve("ca.pem");
    Files.writeString(ca, pem(someOtherCa()));
    CollectorConfig cfg = SimSupport.config(sim, tmp.resolve("s")).caFile(ca).build();
    DocuSignClient c = SimSupport.client(cfg, clock, sleeper);
    assertThatThrownBy(c::accessToken)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("ca_file");
  }

  @Test
  void unreadableOrEmptyCaFileIsAConfigurationError() throws Exception {
    start(false);
    Path missing = tmp.resolve("nope.pem");
    assertThatThrownBy(
            () ->
                SimSupport.client(
                    SimSupport.config(sim, tmp).caFile(missing).build(), clock, sleeper))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("ca_file")
        .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(2));
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "nothing here\n");
    assertThatThrownBy(
            () ->
                SimSupport.client(
                    SimSupport.config(sim, tmp).caFile(empty).build(), clock, sleeper))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("ca_file");
  }

  @Test
  void proxyTrueSendsEveryRequestThroughTheProxy() throws Exception {
    start(false);
    try (ForwardProxy proxy = new ForwardProxy()) {
      CollectorConfig cfg = SimSupport.config(sim, tmp).proxy(true).build();
      DocuSignClient c = SimSupport.client(cfg, clock, sleeper, Map.of("HTTP_PROXY", proxy.url()));
      c.get(SimSupport.monitor(sim), TREE);
      c.userInfo();
      assertThat(proxy.seen)
          .anySatisfy(l -> assertThat(l).startsWith("POST " + sim.baseUrl() + "/oauth/token "))
          .anySatisfy(
              l -> assertThat(l).startsWith("GET " + sim.baseUrl() + "/api/v2.0/datasets/monitor"))
          .anySatisfy(l -> assertThat(l).startsWith("GET " + sim.baseUrl() + "/oauth/userinfo"))
          .hasSize(3);
      assertThat(sim.requests()).hasSize(3);
    }
  }

  @Test
  void proxyTrueTunnelsHttpsWithConnect() throws Exception {
    start(true);
    try (ForwardProxy proxy = new ForwardProxy()) {
      CollectorConfig cfg = SimSupport.config(sim, tmp).proxy(true).insecure(true).build();
      DocuSignClient c = SimSupport.client(cfg, clock, sleeper, Map.of("https_proxy", proxy.url()));
      c.get(SimSupport.monitor(sim), TREE);
      assertThat(proxy.seen)
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l).startsWith("CONNECT 127.0.0.1:" + sim.port()));
      assertThat(SimSupport.count(sim, Endpoint.MONITOR)).isEqualTo(1);
    }
  }

  private static final String PROXY_AUTH =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString("collector:pr0xy-s3cret".getBytes(StandardCharsets.UTF_8));

  private static String withCredentials(ForwardProxy proxy) {
    return proxy.url().replace("http://", "http://collector:pr0xy-s3cret@");
  }

  @Test
  void proxyCredentialsInTheVariableAuthenticateToTheProxyAndAreRedacted() throws Exception {
    start(false);
    try (ForwardProxy proxy = new ForwardProxy(PROXY_AUTH)) {
      CollectorConfig cfg = SimSupport.config(sim, tmp).proxy(true).build();
      DocuSignClient c =
          SimSupport.client(cfg, clock, sleeper, Map.of("HTTP_PROXY", withCredentials(proxy)));
      c.get(SimSupport.monitor(sim), TREE);
      assertThat(proxy.auths).hasSize(2).allSatisfy(a -> assertThat(a).isEqualTo(PROXY_AUTH));
      assertThat(sim.requests()).hasSize(2);
      assertThat(io.github.docusigncollector.auth.Secrets.redact("via " + withCredentials(proxy)))
          .doesNotContain("pr0xy-s3cret");
      assertThat(io.github.docusigncollector.auth.Secrets.redact(PROXY_AUTH))
          .doesNotContain(PROXY_AUTH.substring(6));
    }
  }

  @Test
  void aProxyRefusingTheCredentialsIsNamedAsTheProxy() throws Exception {
    start(false);
    try (ForwardProxy proxy = new ForwardProxy(PROXY_AUTH)) {
      CollectorConfig cfg = SimSupport.config(sim, tmp).proxy(true).build();
      DocuSignClient c =
          SimSupport.client(
              cfg,
              clock,
              sleeper,
              Map.of("HTTP_PROXY", proxy.url().replace("http://", "http://collector:wrong@")));
      assertThatThrownBy(() -> c.get(SimSupport.monitor(sim), TREE))
          .hasMessageContaining("407")
          .hasMessageContaining("HTTPS_PROXY")
          .hasMessageNotContaining("wrong");
      assertThat(sim.requests()).isEmpty();
    }
  }

  @Test
  void proxyFalseIgnoresTheProxyVariables() throws Exception {
    start(false);
    try (ForwardProxy proxy = new ForwardProxy()) {
      CollectorConfig cfg = SimSupport.config(sim, tmp).proxy(false).build();
      Map<String, String> env = Map.of("HTTP_PROXY", proxy.url(), "HTTPS_PROXY", proxy.url());
      DocuSignClient c = SimSupport.client(cfg, clock, sleeper, env);
      c.get(SimSupport.monitor(sim), TREE);
      assertThat(proxy.seen).isEmpty();
      assertThat(sim.requests()).hasSize(2);
    }
  }

  @Test
  void noProxyNamesHostsThatGoDirect() throws Exception {
    start(false);
    try (ForwardProxy proxy = new ForwardProxy()) {
      CollectorConfig cfg = SimSupport.config(sim, tmp).proxy(true).build();
      Map<String, String> env =
          Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "example.org,127.0.0.1");
      DocuSignClient c = SimSupport.client(cfg, clock, sleeper, env);
      c.get(SimSupport.monitor(sim), TREE);
      assertThat(proxy.seen).isEmpty();
      assertThat(sim.requests()).hasSize(2);
    }
  }
}
