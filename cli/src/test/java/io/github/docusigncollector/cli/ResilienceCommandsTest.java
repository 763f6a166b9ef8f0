package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.SimClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code run} and {@code state show} in-process on the simulator's clock: the daemon's pauses are
 * taken by a sleeper that advances the clock, so many minutes of a failing daemon take no real
 * time.
 */
class ResilienceCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

  @TempDir Path dir;
  private final SimClock clock = SimClock.fixed(START);
  private DocuSignSimulator sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private void start(DocuSignSimulator.Builder b, String extraYaml) throws IOException {
    sim = b.clock(clock).consent(true).hourlyLimit(1_000_000).burstLimit(1_000_000).start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(key)
            + "first_fetch: 1h\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + extraYaml);
  }

  private CliRun cli(Sleeper sleeper, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            dir, Map.of(), clock, sleeper, new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  private CliRun cli(String... args) {
    return cli(clock::advance, args);
  }

  private List<String> deliveredIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("state").resolve("events.jsonl"))) {
      ids.add(JSON.readTree(line).path("eventId").asText());
    }
    return ids;
  }

  private long tokenRequests() {
    return sim.requests().stream().filter(q -> q.endpoint() == Endpoint.TOKEN).count();
  }

  @Test
  void runWithRevokedConsentMakesOneTokenRequestPerPauseAndResumesByItself() throws Exception {
    start(DocuSignSimulator.builder().events(3_000), "interval: 30s\n");
    Set<String> scopes = sim.consentedScopes();
    sim.revokeConsent();
    Logger runLog = (Logger) LoggerFactory.getLogger(RunCommand.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    runLog.addAppender(logged);
    List<Duration> pauses = new ArrayList<>();
    List<Long> tokensPerPause = new ArrayList<>();
    List<Long> consentErrorsPerPause = new ArrayList<>();
    long[] tokensBefore = {0};
    int[] logsBefore = {0};
    Sleeper sleeper =
        d -> {
          pauses.add(d);
          long tokens = tokenRequests();
          tokensPerPause.add(tokens - tokensBefore[0]);
          tokensBefore[0] = tokens;
          List<ILoggingEvent> events = List.copyOf(logged.list);
          consentErrorsPerPause.add(
              events.subList(logsBefore[0], events.size()).stream()
                  .filter(e -> e.getLevel() == Level.ERROR)
                  .filter(e -> e.getFormattedMessage().contains("consent-url"))
                  .count());
          logsBefore[0] = events.size();
          clock.advance(d);
          if (pauses.size() == 6) {
            sim.grantConsent(scopes);
          }
          if (pauses.size() == 8) {
            throw new InterruptedException("test over"); // ends the daemon like a stop request
          }
        };
    CliRun r;
    try {
      r = cli(sleeper, "run");
    } finally {
      runLog.detachAppender(logged);
    }
    assertThat(r.exitCode()).as(r.err()).isZero();
    // SPEC §2 run: doubling from interval up to 10 × interval (300 s, also the 5-minute bound),
    // back to interval after a success
    assertThat(pauses)
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(120),
            Duration.ofSeconds(240),
            Duration.ofSeconds(300),
            Duration.ofSeconds(300),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    assertThat(tokensPerPause.subList(0, 6)).containsOnly(1L);
    assertThat(tokensPerPause.subList(6, 8)).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));
    assertThat(consentErrorsPerPause).containsExactly(1L, 1L, 1L, 1L, 1L, 1L, 0L, 0L);
    // the failed cycles' summaries, then the one that delivered everything, then nothing new
    List<JsonNode> summaries = new ArrayList<>();
    for (String line : r.out().strip().split("\n", -1)) {
      summaries.add(JSON.readTree(line));
    }
    assertThat(summaries).hasSize(8);
    assertThat(summaries.get(5).path("errors").path("customer_events").asText())
        .contains("consent-url");
    assertThat(summaries.get(6).path("customer_events").asInt()).isEqualTo(3_000);
    assertThat(summaries.get(7).path("customer_events").asInt()).isZero();
    assertThat(deliveredIds()).containsExactlyElementsOf(sim.eventIds());
  }

  @Test
  void stateShowGivesEachStreamsHealthAfterAFailureAndARecovery() throws Exception {
    start(
        DocuSignSimulator.builder().events(1_500).users(40),
        "event_types: [customer_events, audit_users]\nmax_customer_events_per_fetch: 500\n");
    sim.faults().failNext(Endpoint.MONITOR, 5, 503);
    CliRun failed = cli("fetch");
    assertThat(failed.exitCode()).isEqualTo(1);
    JsonNode summary = JSON.readTree(failed.out());
    assertThat(summary.path("audit_users").asInt()).isEqualTo(40);
    assertThat(summary.path("errors").path("customer_events").asText()).contains("503");
    Instant failedAt = clock.instant();

    JsonNode show = JSON.readTree(cli("state", "show").out());
    JsonNode ce = show.path("checkpoints").path("streams").path("customer_events");
    JsonNode au = show.path("checkpoints").path("streams").path("audit_users");
    assertThat(ce.path("last_error").asText()).contains("503");
    assertThat(ce.has("last_success")).isFalse();
    assertThat(ce.path("event_age_s").isNull()).isTrue(); // nothing delivered yet
    assertThat(au.path("last_success").asText()).isEqualTo(failedAt.toString());
    assertThat(au.path("caught_up_at").asText()).isNotEmpty();
    assertThat(au.has("last_error")).isFalse();
    assertThat(show.path("api_calls_this_hour").asLong()).isEqualTo(sim.requests().size());

    clock.advance(Duration.ofMinutes(2));
    sim.addEvents(25);
    CliRun ok = cli("fetch");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(deliveredIds().stream().filter(id -> !id.isEmpty()).toList())
        .containsExactlyElementsOf(sim.eventIds()); // users carry no eventId
    Instant now = clock.instant();
    clock.advance(Duration.ofSeconds(7));
    show = JSON.readTree(cli("state", "show").out());
    ce = show.path("checkpoints").path("streams").path("customer_events");
    assertThat(ce.path("last_success").asText()).isEqualTo(now.toString());
    assertThat(ce.path("caught_up_at").asText()).isEqualTo(now.toString());
    assertThat(ce.path("last_error").asText()).as("the cause of the last failure").contains("503");
    long newest =
        Files.readAllLines(dir.resolve("state").resolve("events.jsonl")).stream()
            .map(l -> readTree(l))
            .filter(n -> n.path("source_log_type").asText().equals("customerevent"))
            .mapToLong(n -> Instant.parse(n.path("_time").asText()).getEpochSecond())
            .max()
            .orElseThrow();
    assertThat(ce.path("event_age_s").asLong())
        .isEqualTo(clock.instant().getEpochSecond() - newest);
    assertThat(show.path("api_calls_this_hour").asLong()).isEqualTo(sim.requests().size());

    // a new clock hour starts a new count
    clock.set(START.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
    show = JSON.readTree(cli("state", "show").out());
    assertThat(show.path("api_calls_this_hour").asLong()).isZero();
  }

  @Test
  void separateFetchesShareTheHourlyBudgetAndEachResumesWhereTheLastStopped() throws Exception {
    sim =
        DocuSignSimulator.builder()
            .events(12_000)
            .clock(clock)
            .consent(true)
            .hourlyLimit(1_000_000)
            .burstLimit(1_000_000)
            .start();
    Path key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(key)
            + "first_fetch: 1h\napi_budget_per_hour: 60\nmax_customer_events_per_fetch: 100\n");
    long delivered = 0;
    for (int hour = 0; delivered < 12_000; hour++) {
      assertThat(hour).as("hours to drain").isLessThan(5);
      CliRun first = cli("fetch");
      assertThat(first.exitCode()).as(first.err()).isZero();
      JsonNode s = JSON.readTree(first.out());
      delivered += s.path("customer_events").asLong();
      assertThat(deliveredIds())
          .containsExactlyElementsOf(sim.eventIds().subList(0, (int) delivered));
      if (delivered < 12_000) {
        assertThat(s.path("throttled").asBoolean()).isTrue();
        // a second process in the same hour finds the budget spent and stops at once
        int calls = sim.requests().size();
        clock.advance(Duration.ofMinutes(5));
        CliRun second = cli("fetch");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(JSON.readTree(second.out()).path("throttled").asBoolean()).isTrue();
        assertThat(JSON.readTree(second.out()).path("customer_events").asLong()).isZero();
        assertThat(sim.requests()).hasSize(calls);
        assertThat(JSON.readTree(cli("state", "show").out()).path("api_calls_this_hour").asLong())
            .isEqualTo(60);
      }
      clock.set(clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
    }
    assertThat(deliveredIds()).containsExactlyElementsOf(sim.eventIds());
    java.util.Map<Instant, Long> perHour = new java.util.TreeMap<>();
    sim.requests().forEach(q -> perHour.merge(q.at().truncatedTo(ChronoUnit.HOURS), 1L, Long::sum));
    assertThat(perHour.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(60));
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
