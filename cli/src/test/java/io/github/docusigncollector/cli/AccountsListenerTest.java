package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.simulator.host.HostTools;
import io.github.docusigncollector.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --listen} with {@code accounts:} (SPEC §9, §10), in-process against one simulator per
 * account, the consent of one revoked: the metrics carry each account's own counts under its {@code
 * account} label (checked against each simulator's request log and the shared sink file, and by
 * promtool), {@code /readyz} names the failing account's streams and only those, and the status
 * page (in a real headless Chromium) shows each account's streams, with the revoked one's consent
 * link.
 */
class AccountsListenerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");
  private static final Path SHOTS = Path.of("target", "status-page");

  @TempDir Path dir;
  private Sims sims;
  private final HttpClient http = HttpClient.newHttpClient();
  private Thread daemon;

  @BeforeEach
  void start() throws IOException {
    sims = new Sims(dir, List.of("ok", "revoked"), 300, 20);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (daemon != null && daemon.isAlive()) {
      daemon.interrupt();
      daemon.join(20_000);
    }
    sims.close();
  }

  @Test
  void metricsReadinessAndTheStatusPageShowEveryAccount() throws Exception {
    sims.sim("revoked").revokeConsent();
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        // a long interval: after the first cycles nothing moves while the test looks
        "first_fetch: 1h\ninterval: 60s\napi_budget_per_hour: 5000\napi_burst_per_30s: 100000\n"
            + "event_types: [customer_events, audit_users]\n"
            + "state_dir: "
            + dir.resolve("state")
            + "\nlisten: 127.0.0.1:"
            + port
            + "\n"
            + sims.accountsYaml());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    daemon =
        new Thread(
            () ->
                code.set(
                    Main.execute(
                        dir,
                        Map.of(),
                        Clock.systemUTC(),
                        Sleeper.SYSTEM,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "run")),
            "accounts-run");
    daemon.start();

    // Both accounts' first cycles: ok delivered everything, revoked failed with consent_required.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpResponse<String> ready = null;
    while (System.nanoTime() < deadline) {
      if (reachable(base + "/readyz")) {
        ready = get(base + "/readyz");
        if (ready.body().contains("revoked/audit_users")
            && ready.body().contains("consent_required")
            && !ready.body().contains("\"ok/")) {
          break;
        }
      }
      Thread.sleep(200);
    }
    assertThat(ready).as("the listener answered; %s", err).isNotNull();
    List<String> bodies = new ArrayList<>();
    bodies.add(ready.body());

    // /readyz: 503, naming the revoked account's streams and only those
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    JsonNode failing = JSON.readTree(ready.body()).path("failing");
    assertThat(failing.size()).as(ready.body()).isEqualTo(2);
    for (String type : List.of("customer_events", "audit_users")) {
      JsonNode f = failing.path("revoked/" + type);
      assertThat(f.path("account").asText()).isEqualTo("revoked");
      assertThat(f.path("type").asText()).isEqualTo(type);
      assertThat(f.path("last_error").asText()).contains("consent_required");
    }
    assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);

    // /metrics: each account's own counts under its name
    HttpResponse<String> metrics = get(base + "/metrics");
    bodies.add(metrics.body());
    assertThat(metrics.statusCode()).isEqualTo(200);
    Map<String, Double> m = samples(metrics.body());
    List<String> ok = lines("ok");
    long okEvents =
        ok.stream().filter(l -> l.contains("\"source_log_type\":\"customerevent\"")).count();
    long okUsers = ok.size() - okEvents;
    assertThat(ok).hasSize(320);
    assertThat(okUsers).isEqualTo(20);
    assertThat(lines("revoked")).isEmpty();
    assertThat(m)
        .containsEntry(
            "docusign_events_delivered_total{account=\"ok\",type=\"customer_events\"}", 300.0)
        .containsEntry("docusign_events_delivered_total{account=\"ok\",type=\"audit_users\"}", 20.0)
        .containsEntry(
            "docusign_events_delivered_total{account=\"revoked\",type=\"customer_events\"}", 0.0)
        .containsEntry(
            "docusign_events_delivered_total{account=\"revoked\",type=\"audit_users\"}", 0.0)
        .containsEntry("docusign_cycles_total{account=\"ok\",result=\"ok\"}", 1.0)
        .containsEntry("docusign_cycles_total{account=\"revoked\",result=\"failed\"}", 1.0)
        .containsEntry("docusign_cycles_total{account=\"revoked\",result=\"ok\"}", 0.0)
        .containsEntry("docusign_sink_dead_letters_total{account=\"ok\",sink=\"file\"}", 0.0)
        .containsEntry("docusign_sink_dead_letters_total{account=\"revoked\",sink=\"file\"}", 0.0)
        .containsEntry("docusign_sink_failures_total{account=\"ok\",sink=\"file\"}", 0.0);
    assertThat(m.get("docusign_sink_batches_total{account=\"ok\",sink=\"file\"}"))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(m)
        .containsEntry("docusign_sink_batches_total{account=\"revoked\",sink=\"file\"}", 0.0);
    assertThat(m)
        .doesNotContainKey(
            "docusign_events_delivered_total{account=\"default\",type=\"customer_events\"}");
    for (String name : List.of("ok", "revoked")) {
      DocuSignSimulator sim = sims.sim(name);
      Map<String, Integer> logged = new HashMap<>();
      for (RequestRecord q : sim.requests()) {
        logged.merge(endpoint(q.endpoint()) + "/" + q.status(), 1, Integer::sum);
      }
      Map<String, Integer> counted = new HashMap<>();
      m.forEach(
          (k, v) -> {
            Matcher x =
                Pattern.compile(
                        "docusign_api_calls_total\\{account=\""
                            + name
                            + "\",endpoint=\"(\\w+)\",status=\"(\\d+)\"}")
                    .matcher(k);
            if (x.matches() && v > 0) {
              counted.put(x.group(1) + "/" + x.group(2), v.intValue());
            }
          });
      assertThat(counted).as(name).isEqualTo(logged);
      int used =
          new StateStore(dir.resolve("state").resolve(name))
              .readShared()
              .callsInHour(java.time.Instant.now());
      assertThat(m)
          .containsEntry("docusign_api_budget_remaining{account=\"" + name + "\"}", 5000.0 - used);
    }
    assertThat(m.keySet())
        .anyMatch(
            k ->
                k.startsWith(
                    "docusign_api_calls_total{account=\"revoked\",endpoint=\"token\",status=\"400\"}"));
    Path promtool = HostTools.require("promtool", "prometheus");
    assertThat(promtool(promtool, metrics.body())).isEmpty();

    // the status page: every account's streams, the revoked one's problem with its consent link
    Chromium chromium = new Chromium(dir);
    chromium.screenshot(base + "/", SHOTS.resolve("accounts-one-revoked.png"));
    String dom = chromium.dumpDom(base + "/");
    bodies.add(dom);
    bodies.add(get(base + "/").body());
    assertThat(dom).contains("2 accounts: <b>ok</b>, <b>revoked</b>");
    for (String type : List.of("customer_events", "audit_users")) {
      assertThat(dom)
          .contains("data-account=\"ok\" data-stream=\"" + type + "\" data-state=\"ok\"")
          .contains("data-account=\"revoked\" data-stream=\"" + type + "\" data-state=\"failing\"");
    }
    assertThat(dom).contains("Account revoked, customer_events: Consent is missing");
    assertThat(dom).doesNotContain("data-account=\"ok\" data-stream=\"customer_events\"><h3>");
    Matcher link = Pattern.compile("class=\"fix-link\" href=\"([^\"]+)\"").matcher(dom);
    assertThat(link.find()).as("a consent link on the page").isTrue();
    String consent = link.group(1).replace("&amp;", "&");
    assertThat(consent)
        .startsWith(sims.sim("revoked").baseUrl() + "/oauth/auth?response_type=code")
        .contains("client_id=" + sims.sim("revoked").integrationKey())
        .doesNotContain(sims.sim("ok").integrationKey());
    assertThat(dom).doesNotContain("client_id=" + sims.sim("ok").integrationKey());

    // the daemon ends on a stop, and the listener with it
    daemon.interrupt();
    daemon.join(20_000);
    assertThat(daemon.isAlive()).as("exit %s: %s", code.get(), err).isFalse();
    // (an interrupt stands in for SIGTERM here, so the exit code is not the point)
    assertThat(reachable(base + "/healthz")).isFalse();

    // no secret in any answer
    String token =
        new StateStore(dir.resolve("state").resolve("ok")).readShared().token().accessToken();
    for (String b : bodies) {
      assertThat(b).doesNotContain(token).doesNotContain("eyJ");
    }
  }

  private static String endpoint(Endpoint e) {
    return switch (e) {
      case TOKEN -> "token";
      case USERINFO -> "userinfo";
      case MONITOR -> "monitor";
      case ADMIN_USERS -> "admin";
      default -> "esign";
    };
  }

  private List<String> lines(String account) throws IOException {
    Path file = dir.resolve("state").resolve("events.jsonl");
    List<String> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (JSON.readTree(line).path("docusign_account").asText().equals(account)) {
          out.add(line);
        }
      }
    }
    return out;
  }

  private String promtool(Path promtool, String body) throws IOException {
    Path in = dir.resolve("metrics.txt");
    Files.writeString(in, body);
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectInput(in.toFile())
            .redirectErrorStream(true)
            .start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "promtool did not finish";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.exitValue() == 0 ? text : "exit " + p.exitValue() + ": " + text;
  }

  private static Map<String, Double> samples(String exposition) {
    Map<String, Double> m = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher x = SAMPLE.matcher(line);
      if (x.matches()) {
        m.put(x.group(1) + (x.group(2) == null ? "" : x.group(2)), Double.valueOf(x.group(3)));
      }
    }
    return m;
  }

  private HttpResponse<String> get(String url) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private boolean reachable(String url) {
    try {
      get(url);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
