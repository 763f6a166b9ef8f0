package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.simulator.SimClock;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --listen} in-process against the simulator (SPEC §10): the metrics after a known
 * collection, {@code /readyz} through a revoked and a restored consent, the status page in a real
 * headless Chromium in both states, and no secret in any answer.
 */
class OperationsListenerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-03-02T10:15:00Z");
  private static final Path SHOTS = Path.of("target", "status-page");
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

  @TempDir Path dir;
  private final SimClock clock = SimClock.fixed(START);
  private final HttpClient http = HttpClient.newHttpClient();
  private DocuSignSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void metricsHealthReadinessAndTheStatusPageFollowTheCollection() throws Exception {
    sim =
        DocuSignSimulator.builder()
            .clock(clock)
            .events(1_200)
            .users(40)
            .consent(true)
            .hourlyLimit(1_000_000)
            .burstLimit(1_000_000)
            .start();
    int port = freePort();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(key)
            + "first_fetch: 7d\ninterval: 60s\nmax_customer_events_per_fetch: 500\n"
            + "api_budget_per_hour: 5000\napi_burst_per_30s: 100000\n"
            + "event_types: [customer_events, audit_users]\n"
            + "listen: 127.0.0.1:"
            + port
            + "\n");
    String base = "http://127.0.0.1:" + port;
    Set<String> scopes = sim.consentedScopes();
    Chromium chromium = new Chromium(dir);
    List<String> bodies = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int[] pauses = {0};

    Sleeper sleeper =
        d -> {
          if (d.compareTo(Duration.ofSeconds(60)) < 0) {
            clock.advance(d); // a wait inside a cycle, not a pause between cycles
            return;
          }
          pauses[0]++;
          try {
            switch (pauses[0]) {
              case 1 -> {
                afterAKnownCollection(base, bodies);
                chromium.screenshot(base + "/", SHOTS.resolve("healthy.png"));
                String dom = chromium.dumpDom(base + "/");
                bodies.add(dom);
                assertThat(dom)
                    .contains("data-state=\"ok\"")
                    .doesNotContain("data-state=\"failing\"");
                assertThat(dom).contains("None: nothing to do.");
                assertThat(dom).contains("customer_events").contains("audit_users");
                sim.revokeConsent();
                sim.faults().expireTokens();
              }
              case 2 -> {
                // one cycle after the revocation
                HttpResponse<String> ready = get(base + "/readyz");
                bodies.add(ready.body());
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode failing = JSON.readTree(ready.body()).path("failing");
                assertThat(failing.path("customer_events").path("last_error").asText())
                    .contains("consent_required");
                assertThat(failing.path("audit_users").path("last_error").asText())
                    .contains("consent_required");
                assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
                chromium.screenshot(base + "/", SHOTS.resolve("failing-consent.png"));
                String dom = chromium.dumpDom(base + "/");
                bodies.add(dom);
                assertThat(dom).contains("data-state=\"failing\"");
                assertThat(dom).contains("Consent is missing");
                Matcher link = Pattern.compile("class=\"fix-link\" href=\"([^\"]+)\"").matcher(dom);
                assertThat(link.find()).as("a consent link on the page").isTrue();
                String consent = link.group(1).replace("&amp;", "&");
                assertThat(consent)
                    .startsWith(sim.baseUrl() + "/oauth/auth?response_type=code")
                    .contains("client_id=" + sim.integrationKey());
                sim.grantConsent(scopes);
              }
              case 3 -> {
                HttpResponse<String> ready = get(base + "/readyz");
                bodies.add(ready.body());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                throw new InterruptedException("test over");
              }
              default -> throw new InterruptedException("test over");
            }
          } catch (IOException | AssertionError e) {
            problems.add(String.valueOf(e));
            throw new InterruptedException("test failed: " + e);
          }
          clock.advance(d);
        };
    CliRun r = cli(sleeper, "run");
    assertThat(problems).isEmpty();
    assertThat(r.exitCode()).as("%s", r.all()).isZero();
    assertThat(pauses[0]).isEqualTo(3);
    // the listener ends with the daemon
    assertThat(reachable(base + "/healthz")).isFalse();

    // No secret in any answer: the access token, the private key, the JWT assertion's signature.
    String token = new StateStore(dir.resolve("state")).readShared().token().accessToken();
    String keyBody = Files.readString(key).split("\n")[3];
    for (String b : bodies) {
      assertThat(b).doesNotContain(token).doesNotContain(keyBody).doesNotContain("eyJ");
    }
  }

  @Test
  void aBadListenAddressIsAConfigurationErrorNamingItsKeyOrFlag() throws Exception {
    sim = DocuSignSimulator.builder().clock(clock).consent(true).start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    Path config = dir.resolve("docusign-collector.yaml");
    Files.writeString(config, sim.collectorConfigYaml(key) + "listen: 127.0.0.1:http\n");
    CliRun fromKey = cli(d -> {}, "run");
    assertThat(fromKey.exitCode()).isEqualTo(2);
    assertThat(fromKey.err()).contains("listen").contains("127.0.0.1:9464");
    Files.writeString(config, sim.collectorConfigYaml(key));
    CliRun fromFlag = cli(d -> {}, "run", "--listen", "9464");
    assertThat(fromFlag.exitCode()).isEqualTo(2);
    assertThat(fromFlag.err()).contains("--listen").contains("HOST:PORT");
    assertThat(sim.requests()).isEmpty();
  }

  private void afterAKnownCollection(String base, List<String> bodies) throws IOException {
    HttpResponse<String> metrics = get(base + "/metrics");
    bodies.add(metrics.body());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse(""))
        .contains("text/plain")
        .contains("version=0.0.4");
    Map<String, Double> m = samples(metrics.body());

    // events delivered = what the sink holds, per type
    List<String> lines = Files.readAllLines(dir.resolve("state").resolve("events.jsonl"));
    long events =
        lines.stream().filter(l -> l.contains("\"source_log_type\":\"customerevent\"")).count();
    long users = lines.size() - events;
    assertThat(events).isEqualTo(1_200);
    assertThat(users).isEqualTo(40);
    assertThat(m)
        .containsEntry(
            "docusign_events_delivered_total{account=\"default\",type=\"customer_events\"}",
            (double) events)
        .containsEntry(
            "docusign_events_delivered_total{account=\"default\",type=\"audit_users\"}",
            (double) users);

    // API calls = the simulator's request log, per endpoint and status
    Map<Endpoint, Integer> logged = new EnumMap<>(Endpoint.class);
    for (RequestRecord q : sim.requests()) {
      logged.merge(q.endpoint(), 1, Integer::sum);
      assertThat(q.status()).isEqualTo(200);
    }
    double total =
        m.entrySet().stream()
            .filter(e -> e.getKey().startsWith("docusign_api_calls_total{"))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    assertThat(total).isEqualTo(sim.requests().size());
    assertThat(m)
        .containsEntry(
            "docusign_api_calls_total{account=\"default\",endpoint=\"monitor\",status=\"200\"}",
            (double) logged.get(Endpoint.MONITOR))
        .containsEntry(
            "docusign_api_calls_total{account=\"default\",endpoint=\"token\",status=\"200\"}",
            (double) logged.get(Endpoint.TOKEN))
        .containsEntry(
            "docusign_api_calls_total{account=\"default\",endpoint=\"admin\",status=\"200\"}",
            (double) logged.get(Endpoint.ADMIN_USERS));

    // the sink: batches and bytes as written, no failure, no dead letter
    long bytes = Files.size(dir.resolve("state").resolve("events.jsonl"));
    assertThat(m.get("docusign_sink_bytes_total{account=\"default\",sink=\"file\"}"))
        .isEqualTo((double) bytes);
    assertThat(m.get("docusign_sink_batches_total{account=\"default\",sink=\"file\"}"))
        .isGreaterThanOrEqualTo(3.0); // 1,200 events in pages of 500 and one user chunk
    assertThat(m)
        .containsEntry("docusign_sink_dead_letters_total{account=\"default\",sink=\"file\"}", 0.0);
    assertThat(m)
        .containsEntry("docusign_sink_failures_total{account=\"default\",sink=\"file\"}", 0.0);

    // the cycle, its time, the lag and the budget
    assertThat(m)
        .containsEntry(
            "docusign_last_success_timestamp_seconds{account=\"default\",type=\"customer_events\"}",
            (double) START.getEpochSecond());
    assertThat(m.get("docusign_event_age_seconds{account=\"default\",type=\"customer_events\"}"))
        .isBetween(0.0, 10.0); // the newest event was ingested at the clock's now
    assertThat(m).containsEntry("docusign_cycle_duration_seconds_count{account=\"default\"}", 1.0);
    assertThat(m).containsEntry("docusign_cycles_total{account=\"default\",result=\"ok\"}", 1.0);
    int counted = new StateStore(dir.resolve("state")).readShared().callsInHour(START);
    assertThat(m)
        .containsEntry("docusign_api_budget_remaining{account=\"default\"}", 5000.0 - counted);
    assertThat(m)
        .containsEntry("docusign_throttle_waits_total{account=\"default\"}", 0.0)
        .containsEntry("docusign_throttle_wait_seconds_total{account=\"default\"}", 0.0)
        .containsEntry("docusign_api_retries_total{account=\"default\"}", 0.0)
        .containsEntry("docusign_cycles_total{account=\"default\",result=\"failed\"}", 0.0);
    assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));

    // the official linter of the text format
    Path promtool = HostTools.require("promtool", "prometheus");
    assertThat(promtool(promtool, metrics.body())).isEmpty();

    HttpResponse<String> ready = get(base + "/readyz");
    bodies.add(ready.body());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> page = get(base + "/");
    bodies.add(page.body());
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    // self-contained: no script, no external style, image or font
    assertThat(page.body())
        .contains("<meta http-equiv=\"refresh\"")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("<img")
        .doesNotContain("@import")
        .doesNotContain("url(");
    assertThat(get(base + "/nothing").statusCode()).isEqualTo(404);
  }

  /** What promtool finds wrong with the exposition (empty when nothing). */
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
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
  }

  private static Map<String, Double> samples(String exposition) {
    Map<String, Double> m = new java.util.HashMap<>();
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

  private CliRun cli(Sleeper sleeper, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            dir, Map.of(), clock, sleeper, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
