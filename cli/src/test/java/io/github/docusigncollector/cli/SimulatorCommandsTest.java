package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.simulator.SimClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's commands against the simulator over loopback, run in-process through Main. */
class SimulatorCommandsTest {
  /** base64url of {"alg":"RS256","typ":"JWT"}: every assertion starts with it. */
  static final String JWT_HEADER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

  @TempDir Path dir;
  DocuSignSimulator sim;
  Path keyFile;

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().users(3).events(5).start();
    keyFile = dir.resolve("app-key.pem");
    Files.writeString(keyFile, sim.privateKeyPkcs1Pem());
    writeConfig("");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  void writeConfig(String extra) throws IOException {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"), sim.collectorConfigYaml(keyFile) + extra);
  }

  CliRun run(String... args) {
    return run(Map.of(), args);
  }

  CliRun run(Map<String, String> env, String... args) {
    return CliRun.run(dir, env, args);
  }

  long count(Endpoint e) {
    return sim.requests().stream().filter(r -> r.endpoint() == e).count();
  }

  /** Opens the consent URL the way a browser would (the simulator records the consent). */
  void openConsentUrl(String... flags) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("consent-url"));
    args.addAll(List.of(flags));
    CliRun url = run(args.toArray(String[]::new));
    assertThat(url.exitCode()).as(url.err()).isZero();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url.out().trim())).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isBetween(200, 399);
  }

  String cachedToken() throws IOException {
    JsonNode shared = new ObjectMapper().readTree(dir.resolve("state/shared.json").toFile());
    return shared.path("token").path("access_token").asText();
  }

  @Test
  void authTestNeedsConsentThenPrintsOk() throws Exception {
    CliRun before = run("auth-test");
    assertThat(before.exitCode()).isEqualTo(3);
    assertThat(before.err()).contains("consent_required").contains("consent-url");
    assertThat(before.out()).isEmpty();

    openConsentUrl();
    CliRun after = run("auth-test");
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertThat(after.out()).isEqualTo("ok" + System.lineSeparator());
    assertThat(after.err()).contains("token: ok").contains("customer_events: ok");
    RequestRecord monitor =
        sim.requests().stream().filter(r -> r.endpoint() == Endpoint.MONITOR).findFirst().get();
    assertThat(monitor.query()).contains("limit=1");
  }

  @Test
  void adminConsentCoversAuditUsers() throws Exception {
    writeConfig("event_types: [customer_events, audit_users]\n");
    assertThat(run("auth-test").exitCode()).isEqualTo(3);
    openConsentUrl("--admin");
    CliRun r = run("auth-test");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("ok" + System.lineSeparator());
    assertThat(r.err()).contains("audit_users: ok").contains("account_id: ok");
    RequestRecord admin =
        sim.requests().stream().filter(x -> x.endpoint() == Endpoint.ADMIN_USERS).findFirst().get();
    assertThat(admin.query()).contains("take=1");
  }

  @Test
  void wrongAccountIdIsRefused() throws Exception {
    sim.grantConsent(List.of("signature", "impersonation"));
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(keyFile)
            .replace(sim.accountId(), "00000000-0000-0000-0000-000000000000"));
    CliRun r = run("auth-test");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("account_id").contains("00000000-0000-0000-0000-000000000000");
  }

  /** A command that uses the cached token. */
  private static final String[] PEEK = {
    "get-events", "--type", "customer_events", "--limit", "1", "--format", "jsonl"
  };

  /** get-events, not auth-test: auth-test makes a new grant every time, on purpose. */
  @Test
  void tokenIsReusedAcrossRunsAndRenewedAfterResetToken() throws Exception {
    sim.grantConsent(List.of("signature", "impersonation"));
    assertThat(run(PEEK).exitCode()).isZero();
    assertThat(run(PEEK).exitCode()).isZero();
    assertThat(count(Endpoint.TOKEN)).isEqualTo(1);

    CliRun reset = run("reset-token");
    assertThat(reset.exitCode()).isZero();
    assertThat(reset.out()).contains("deleted");
    assertThat(run("reset-token").out()).contains("No cached access token");
    assertThat(run(PEEK).exitCode()).isZero();
    assertThat(count(Endpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void tokenIsRenewedFifteenMinutesBeforeExpiry() throws IOException {
    sim.close();
    SimClock clock = SimClock.fixed(Instant.parse("2026-03-01T10:00:00Z"));
    sim = DocuSignSimulator.builder().clock(clock).consent(true).start();
    Files.writeString(keyFile, sim.privateKeyPkcs1Pem());
    writeConfig("");
    assertThat(runAt(clock, PEEK).exitCode()).isZero();
    clock.advance(Duration.ofMinutes(44));
    assertThat(runAt(clock, PEEK).exitCode()).isZero();
    assertThat(count(Endpoint.TOKEN)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(runAt(clock, PEEK).exitCode()).isZero();
    assertThat(count(Endpoint.TOKEN)).isEqualTo(2);
  }

  /** A run on the simulator's clock, whose waits advance that clock instead of sleeping. */
  CliRun runAt(SimClock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            dir, Map.of(), clock, clock::advance, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void authTestReportsAMissingMonitorEntitlementAsExitThree() {
    sim.grantConsent(List.of("signature", "impersonation"));
    sim.faults().forbidMonitor(true);
    CliRun r = run("auth-test");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).containsIgnoringCase("monitor");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void goLiveCheckMakesTwentyEsignatureRequests() {
    sim.grantConsent(List.of("signature", "impersonation"));
    CliRun r = run("go-live-check");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(21);
    assertThat(lines.get(20)).isEqualTo("20/20 ok");
    assertThat(lines.get(0))
        .contains("/restapi/v2.1/accounts/" + sim.accountId() + "/users/" + sim.userId());
    assertThat(count(Endpoint.ESIGN_USER)).isEqualTo(20);
  }

  @Test
  void goLiveCheckFailsWhenRequestsFail() {
    sim.grantConsent(List.of("signature", "impersonation"));
    sim.faults().failNext(Endpoint.ESIGN_USER, 1, 503);
    CliRun r = runAt(sim.clock(), "go-live-check");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).endsWith("0/20 ok, then a failure" + System.lineSeparator());
    assertThat(r.err()).contains("503").contains("consecutive");
    // It stops at the first failed request, without retrying it.
    assertThat(count(Endpoint.ESIGN_USER)).isEqualTo(1);
  }

  @Test
  void goLiveCheckIsExitThreeWithoutConsent() {
    CliRun r = run("go-live-check");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("consent-url");
  }

  @Test
  void goLiveCheckRefusesProduction() throws IOException {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(keyFile)
            .replace("server_url: " + sim.baseUrl(), "server_url: https://account.docusign.com"));
    CliRun r = run("go-live-check");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("server_url").contains("developer");
    assertThat(sim.requests()).isEmpty();
  }

  @Test
  void keysFromTheEnvironmentAndOnOneLineWork() throws IOException {
    sim.grantConsent(List.of("signature", "impersonation"));
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(dir.resolve("does-not-exist.pem")));
    Map<String, String> env =
        Map.of("DOCUSIGN_PRIVATE_KEY", sim.privateKeyPkcs8Pem().replace('\n', ' '));
    CliRun r = run(env, "auth-test");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Files.writeString(dir.resolve("k8.pem"), sim.privateKeyPkcs8Pem());
    r = run(Map.of("DOCUSIGN_PRIVATE_KEY_FILE", "k8.pem"), "reset-token");
    assertThat(r.exitCode()).as(r.err()).isZero();
    r = run(Map.of("DOCUSIGN_PRIVATE_KEY_FILE", "k8.pem"), "auth-test");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void stateShowRedactsTheToken() throws IOException {
    sim.grantConsent(List.of("signature", "impersonation"));
    assertThat(run("auth-test").exitCode()).isZero();
    String token = cachedToken();
    assertThat(token).isNotEmpty();
    CliRun show = run("state", "show");
    assertThat(show.exitCode()).as(show.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(show.out());
    assertThat(json.path("shared").path("token").path("access_token").asText()).isEqualTo("***");
    assertThat(json.path("api_calls_this_hour").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(show.out()).doesNotContain(token);
  }

  @Test
  void noCommandPrintsTheKeyTheAssertionOrTheTokenEvenAtTrace() throws Exception {
    writeConfig("event_types: [customer_events, audit_users]\n");
    Map<String, String> env = new HashMap<>();
    env.put("DOCUSIGN_LOG_LEVEL", "trace");
    StringBuilder all = new StringBuilder();
    PrintStream realErr = System.err;
    PrintStream realOut = System.out;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      // Failures first (no consent), then each command after consent.
      all.append(run(env, "--verbose", "auth-test").all());
      all.append(run(env, "--verbose", "go-live-check").all());
      sim.grantConsent(List.of("signature", "impersonation", "organization_read", "user_read"));
      for (String[] cmd :
          List.of(
              new String[] {"--verbose", "consent-url"},
              new String[] {"consent-url", "--admin", "--verbose"},
              new String[] {"auth-test", "--verbose"},
              new String[] {"go-live-check", "--verbose"},
              new String[] {"state", "show", "--verbose"},
              new String[] {"reset-token", "--verbose"},
              new String[] {"auth-test", "--verbose"})) {
        CliRun r = run(env, cmd);
        all.append(r.all());
      }
      // Token expired on DocuSign's side: a 401, a new token, a retry.
      sim.faults().expireTokens();
      all.append(run(env, "--verbose", "auth-test").all());
      // A broken key file makes an error message that must not quote it.
      Files.writeString(keyFile, sim.privateKeyPkcs1Pem().replace("MII", "M!I"));
      all.append(run(env, "--verbose", "auth-test").all());
    } finally {
      System.setErr(realErr);
      System.setOut(realOut);
    }
    all.append(logs.toString(StandardCharsets.UTF_8));
    String text = all.toString();
    assertThat(text).contains("DEBUG").contains("ok");
    assertThat(text).doesNotContain(JWT_HEADER);
    assertThat(text).doesNotContain(cachedToken());
    for (String pem : List.of(sim.privateKeyPkcs1Pem(), sim.privateKeyPkcs8Pem())) {
      for (String line : pem.split("\n")) {
        if (!line.startsWith("-----") && line.length() >= 16) {
          assertThat(text).doesNotContain(line);
          assertThat(text).doesNotContain(line.substring(0, 16));
        }
      }
    }
  }
}
