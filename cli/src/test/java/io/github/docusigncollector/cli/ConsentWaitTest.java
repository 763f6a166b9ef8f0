package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consent-url --wait} against the simulator's consent flow (SPEC §10). */
class ConsentWaitTest {
  @TempDir Path dir;
  private DocuSignSimulator sim;
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private String configure(String redirect) throws IOException {
    sim = DocuSignSimulator.builder().consent(false).start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    String yaml =
        sim.collectorConfigYaml(key).replaceAll("(?m)^redirect_url:.*$", "")
            + "redirect_url: "
            + redirect
            + "\n";
    Files.writeString(dir.resolve("docusign-collector.yaml"), yaml);
    sim.registerRedirectUrl(redirect);
    return redirect;
  }

  /** Runs the command on another thread; its stdout can be read while it waits. */
  private record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
    String firstLine() {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("\n"));
      return out.toString().split("\n")[0].trim();
    }
  }

  private Running start(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Main.execute(
                    dir, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args));
    return new Running(exit, out, err);
  }

  @Test
  void theBrowserComingBackWithACodeEndsInATokenAndOk() throws Exception {
    String redirect = configure("http://127.0.0.1:" + freePort() + "/callback");
    Running r = start("consent-url", "--wait", "--timeout", "30s");
    String url = r.firstLine();
    assertThat(url).startsWith(sim.baseUrl() + "/oauth/auth?");
    // the browser: DocuSign's consent page redirects to the registered URI with a code
    HttpResponse<String> consent = get(url);
    assertThat(consent.statusCode()).isEqualTo(302);
    String location = consent.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(redirect + "?code=");
    HttpResponse<String> page = get(location);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Consent received").contains("return to the terminal");
    assertThat(r.exit().get(20, TimeUnit.SECONDS)).as(r.err().toString()).isZero();
    assertThat(r.out().toString().trim()).endsWith("ok");
    assertThat(sim.requests()).anyMatch(q -> q.endpoint() == Endpoint.TOKEN && q.status() == 200);
    // nothing listens any more
    assertThat(reachable(location)).isFalse();
  }

  @Test
  void aDeclinedConsentIsExit3NamingAccessDenied() throws Exception {
    String redirect = configure("http://localhost:" + freePort() + "/cb");
    Running r = start("consent-url", "--wait");
    r.firstLine();
    HttpResponse<String> page = get(redirect + "?error=access_denied&error_message=declined");
    assertThat(page.body()).contains("access_denied");
    assertThat(r.exit().get(20, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(r.err().toString()).contains("error=access_denied").contains("declined");
    assertThat(sim.requests()).noneMatch(q -> q.endpoint() == Endpoint.TOKEN);
  }

  @Test
  void aNonLoopbackOrHttpsRedirectIsExit2WithoutListening() throws Exception {
    configure("https://127.0.0.1:" + freePort() + "/callback");
    CliRun https = CliRun.run(dir, Map.of(), "consent-url", "--wait");
    assertThat(https.exitCode()).isEqualTo(2);
    assertThat(https.err()).contains("redirect_url").contains("open the URL by hand");
    assertThat(https.out()).isEmpty();
    sim.close();
    configure("http://example.com/callback");
    CliRun remote = CliRun.run(dir, Map.of(), "consent-url", "--wait");
    assertThat(remote.exitCode()).isEqualTo(2);
    assertThat(remote.err()).contains("loopback");
  }

  @Test
  void noAnswerWithinTheTimeoutIsExit1() throws Exception {
    configure("http://127.0.0.1:" + freePort() + "/callback");
    CliRun r = CliRun.run(dir, Map.of(), "consent-url", "--wait", "--timeout", "1s");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no answer from the browser within 1 s");
    CliRun bad = CliRun.run(dir, Map.of(), "consent-url", "--wait", "--timeout", "soon");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--timeout");
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return browser.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private boolean reachable(String url) {
    try {
      get(url);
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
