package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.SimClock;
import io.github.docusigncollector.simulator.receivers.EmbeddedReceivers;
import io.github.docusigncollector.simulator.receivers.Receiver;
import io.github.docusigncollector.simulator.receivers.SplunkHecReceiver;
import io.github.docusigncollector.sink.DeadLetters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code fetch} into each HTTP sink's receiver, in-process over loopback, as SPEC §8's "done when":
 * exactly once, outages shorter and longer than {@code retry_for}, 413, refused credentials,
 * per-event refusals, and no credential anywhere it should not be.
 */
class SinkDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 1_500;
  private static final int USERS = 40;

  @TempDir Path dir;
  private DocuSignSimulator sim;
  private Path key;
  private EmbeddedReceivers.Embedded embedded;
  private SimClock clock;
  private Runnable onSleep = () -> {};

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().events(EVENTS).users(USERS).consent(true).start();
    key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
  }

  @AfterEach
  void stop() {
    sim.close();
    if (embedded != null) {
      embedded.close();
    }
  }

  private Receiver receiver(String type) {
    embedded = EmbeddedReceivers.start(type);
    return embedded.receiver();
  }

  private void config(Map<String, String> output, String extra) throws IOException {
    StringBuilder out = new StringBuilder("output:\n");
    output.forEach((k, v) -> out.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(key)
            + "event_types: [customer_events, audit_users]\nfirst_fetch: 1h\n"
            + "api_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + out.toString().replace(": \"true\"", ": true")
            + extra);
  }

  private void config(String extra) throws IOException {
    config(embedded.output(), extra);
  }

  /** A fetch on a clock that each wait moves on (so retry_for passes in milliseconds). */
  private CliRun fetch() {
    clock = SimClock.fixed(Instant.now());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            dir,
            Map.of(),
            clock,
            d -> {
              clock.advance(d);
              onSleep.run();
            },
            new PrintWriter(out),
            new PrintWriter(err),
            "fetch");
    return new CliRun(code, out.toString(), err.toString());
  }

  private void assertExactlyTheGroundTruth(Receiver r) throws IOException {
    Set<String> ids = new HashSet<>();
    Set<String> users = new HashSet<>();
    for (String e : r.events()) {
      JsonNode n = JSON.readTree(e);
      if (n.path("source_log_type").asText().equals(EventType.CUSTOMER_EVENTS.sourceLogType())) {
        ids.add(n.path("eventId").asText());
      } else {
        assertThat(n.path("source_log_type").asText())
            .isEqualTo(EventType.AUDIT_USERS.sourceLogType());
        users.add(n.toString());
      }
    }
    assertThat(r.events()).hasSize(EVENTS + USERS);
    assertThat(ids).isEqualTo(new HashSet<>(sim.eventIds()));
    assertThat(users).hasSize(USERS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void aBacklogOfBothTypesArrivesExactlyOnce(String type) throws Exception {
    Receiver r = receiver(type);
    config("");
    CliRun first = fetch();
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(JSON.readTree(first.out()))
        .isEqualTo(
            JSON.readTree("{\"customer_events\":" + EVENTS + ",\"audit_users\":" + USERS + "}"));
    assertExactlyTheGroundTruth(r);
    assertThat(r.requests().stream().filter(q -> !q.path().endsWith("/ack")))
        .isNotEmpty()
        .allSatisfy(q -> assertThat(q.header("Content-Encoding")).isEqualTo("gzip"));
    CliRun again = fetch();
    assertThat(again.exitCode()).isZero();
    assertThat(r.events()).hasSize(EVENTS + USERS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void downLongerThanRetryForFailsWithoutCheckpointThenEverythingArrives(String type)
      throws Exception {
    Receiver r = receiver(type);
    config("");
    config(withKey(embedded.output(), "retry_for", "2m"), "");
    r.down();
    CliRun failed = fetch();
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).contains(type + " sink").contains("output.retry_for");
    r.up();
    CliRun after = fetch();
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertExactlyTheGroundTruth(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void downShorterThanRetryForOneFetchDeliversEverything(String type) throws Exception {
    Receiver r = receiver(type);
    config("");
    r.down();
    Instant[] back = new Instant[1];
    onSleep =
        () -> {
          if (back[0] == null) {
            back[0] = clock.instant().plus(Duration.ofSeconds(90));
          } else if (!clock.instant().isBefore(back[0])) {
            r.up();
          }
        };
    CliRun run = fetch();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertExactlyTheGroundTruth(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void tooLargeIsSplitAndNoAcceptedRequestIsAboveTheLimit(String type) throws Exception {
    Receiver r = receiver(type);
    r.maxBodyBytes(40_000);
    config("");
    CliRun run = fetch();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertExactlyTheGroundTruth(r);
    assertThat(r.requests()).anySatisfy(q -> assertThat(q.status()).isEqualTo(413));
    assertThat(r.largestAccepted()).isLessThanOrEqualTo(40_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void aRefusedCredentialIsExit1NamingTheKeyAndShownNowhere(String type) throws Exception {
    Receiver r = receiver(type);
    String secretKey = type.equals("xsiam") ? "api_key" : "token";
    String wrong = "wrong-credential-5b8f2c71";
    config(withKey(embedded.output(), secretKey, wrong), "");
    CliRun run = fetch();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("output." + secretKey).doesNotContain(wrong);
    assertThat(run.out()).doesNotContain(wrong);
    assertThat(r.eventCount()).isZero();
    CliRun show = CliRun.run(dir, Map.of(), "state", "show");
    assertThat(show.exitCode()).isZero();
    assertThat(show.all()).doesNotContain(wrong);
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(wrong);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void theCredentialFromItsFileOrTheEnvironmentIsUsedAndShownNowhere(String type) throws Exception {
    Receiver r = receiver(type);
    String secretKey = type.equals("xsiam") ? "api_key" : "token";
    String secret = embedded.output().get(secretKey);
    Map<String, String> out = new LinkedHashMap<>(embedded.output());
    out.remove(secretKey);
    Files.writeString(dir.resolve("cred.txt"), secret + "\n");
    out.put(secretKey + "_file", "cred.txt");
    config(out, "");
    CliRun run = fetch();
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(r.eventCount()).isEqualTo(EVENTS + USERS);
    CliRun show = CliRun.run(dir, Map.of(), "state", "show");
    assertThat(show.all()).doesNotContain(secret);
    assertThat(JSON.readTree(show.out()).path("dead_letters").asLong()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"splunk_hec"})
  void perEventRefusalsGoToTheDeadLettersOnlyAndTheCheckpointMoves(String type) throws Exception {
    SplunkHecReceiver r = (SplunkHecReceiver) receiver(type);
    List<String> refused =
        List.of(sim.eventIds().get(3), sim.eventIds().get(700), sim.eventIds().get(1499));
    r.rejectEvents(e -> refused.stream().anyMatch(id -> e.contains("\"" + id + "\"")));
    config("");
    CliRun run = fetch();
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> dead = Files.readAllLines(dir.resolve("state").resolve(DeadLetters.FILE_NAME));
    assertThat(dead).hasSize(3);
    Set<String> deadIds = new HashSet<>();
    for (String d : dead) {
      deadIds.add(JSON.readTree(d).path("event").path("eventId").asText());
    }
    assertThat(deadIds).containsExactlyInAnyOrderElementsOf(refused);
    assertThat(r.events()).hasSize(EVENTS + USERS - 3);
    CliRun show = CliRun.run(dir, Map.of(), "state", "show");
    assertThat(JSON.readTree(show.out()).path("dead_letters").asLong()).isEqualTo(3);
    CliRun again = fetch();
    assertThat(JSON.readTree(again.out()))
        .isEqualTo(JSON.readTree("{\"customer_events\":0,\"audit_users\":0}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"xsiam", "splunk_hec", "http"})
  void everyKeyWithABadValueIsExit2NamingIt(String type) throws Exception {
    receiver(type);
    Map<String, String> out = new LinkedHashMap<>(embedded.output());
    out.put("url", "http://siem.example.com/x");
    out.put("batch_max_events", "0");
    out.put("batch_max_bytes", "12");
    out.put("compression", "brotli");
    out.put("retry_for", "forever");
    out.put("ca_file", "missing.pem");
    out.put("insecure", "perhaps");
    out.put("proxy", "sometimes");
    out.put("format", "cef");
    out.put("colour", "red");
    List<String> names =
        new java.util.ArrayList<>(
            List.of(
                "output.url",
                "output.batch_max_events",
                "output.batch_max_bytes",
                "output.compression",
                "output.retry_for",
                "output.ca_file",
                "output.insecure",
                "output.proxy",
                "output.format",
                "output.colour"));
    if (type.equals("splunk_hec")) {
      out.put("ack", "often");
      names.add("output.ack");
    }
    if (type.equals("http")) {
      out.put("body", "xml");
      names.add("output.body");
    }
    config(out, "");
    CliRun run = fetch();
    assertThat(run.exitCode()).isEqualTo(2);
    for (String n : names) {
      assertThat(run.err()).contains(n);
    }
    assertThat(embedded.receiver().requests()).isEmpty();
    assertThat(Files.exists(dir.resolve("state").resolve("checkpoints.json"))).isFalse();
  }

  private static Map<String, String> withKey(Map<String, String> m, String k, String v) {
    Map<String, String> out = new LinkedHashMap<>(m);
    out.put(k, v);
    return out;
  }
}
