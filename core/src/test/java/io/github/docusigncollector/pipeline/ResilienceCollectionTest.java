package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.simulator.Endpoint;
import io.github.docusigncollector.simulator.Faults;
import io.github.docusigncollector.simulator.RequestRecord;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.Recovered;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collection pipeline against the simulator's fault injection: every fault during a multi-page
 * backlog either heals inside the cycle or fails it with every checkpoint where it was, and the
 * sink always ends with exactly the simulator's ground truth. Waits advance the simulated clock.
 */
class ResilienceCollectionTest {
  private static final int EVENTS = 5_000;
  private static final String PAGES_OF_500 = "max_customer_events_per_fetch: 500\n";

  @TempDir Path dir;

  private static long count(CycleResult r) {
    return r.delivered().get(EventType.CUSTOMER_EVENTS);
  }

  private static JsonNode stream(Harness h, EventType type) {
    return h.state.readCheckpoints().path("streams").path(type.key());
  }

  /** The sink holds every ingested event, once each, in stream order. */
  private static void assertExact(Harness h) {
    List<String> got = h.deliveredIds("eventId");
    List<String> truth = h.sim.eventIds();
    assertThat(got).doesNotHaveDuplicates().hasSameSizeAs(truth);
    for (int i = 0; i < truth.size(); i++) {
      if (!truth.get(i).equals(got.get(i))) {
        assertThat(got.get(i)).as("event at position %d", i).isEqualTo(truth.get(i));
      }
    }
  }

  /** The file sink, with an action run once after its {@code after}-th acknowledged delivery. */
  /**
   * The collector reads page N + 1 while it delivers page N: an action run during delivery 3 waits
   * until the read of page 4 has been served, so that a fault it sets hits the read of page 5.
   */
  private static Runnable afterReadAhead(Harness h, Runnable action) {
    return () -> {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  h.sim.requests().stream().filter(q -> q.endpoint() == Endpoint.MONITOR).count()
                      >= 4);
      action.run();
    };
  }

  private static final class TriggerSink extends ForwardingSink {
    private final int after;
    private final Runnable action;
    private int deliveries;
    volatile boolean down;

    TriggerSink(Sink inner, int after, Runnable action) {
      super(inner);
      this.after = after;
      this.action = action;
    }

    @Override
    public Recovered recover(ObjectNode checkpointPosition) {
      if (down) {
        throw new SinkException("sink unavailable (test)", null);
      }
      return inner.recover(checkpointPosition);
    }

    @Override
    public Ack deliver(Batch batch) {
      if (down) {
        throw new SinkException("sink unavailable (test)", null);
      }
      Ack ack = inner.deliver(batch);
      if (++deliveries == after) {
        action.run();
      }
      return ack;
    }
  }

  static Stream<Arguments> healingFaults() {
    return Stream.of(
        Arguments.of("5xx burst", (Consumer<Faults>) f -> f.failNext(Endpoint.MONITOR, 4, 503)),
        Arguments.of(
            "502 then 500",
            (Consumer<Faults>)
                f -> f.failNext(Endpoint.MONITOR, 2, 502).failNext(Endpoint.MONITOR, 2, 500)),
        // The JDK retries a GET once on a dropped connection: 4 drops fail at most 4 attempts.
        Arguments.of(
            "dropped connections", (Consumer<Faults>) f -> f.dropNext(Endpoint.MONITOR, 4)),
        Arguments.of(
            "malformed bodies", (Consumer<Faults>) f -> f.malformedNext(Endpoint.MONITOR, 4)),
        Arguments.of(
            "429 with Retry-After",
            (Consumer<Faults>)
                f -> f.throttleNext(Endpoint.MONITOR, 3, false, Duration.ofSeconds(20))),
        Arguments.of(
            "429 without Retry-After",
            (Consumer<Faults>) f -> f.throttleNext(Endpoint.MONITOR, 3, false, null)),
        Arguments.of("tokens expired mid-backlog", (Consumer<Faults>) Faults::expireTokens),
        Arguments.of(
            "tokens expired, the token endpoint failing and throttled",
            (Consumer<Faults>)
                f ->
                    f.expireTokens()
                        .failNext(Endpoint.TOKEN, 2, 503)
                        .throttleNext(Endpoint.TOKEN, 1, false, Duration.ofSeconds(5))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("healingFaults")
  void aFaultMidBacklogHealsInsideTheCycleAndDeliveryIsExact(String name, Consumer<Faults> fault)
      throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500)) {
      Collector c =
          h.collector(
              new TriggerSink(
                  h.fileSink(), 3, afterReadAhead(h, () -> fault.accept(h.sim.faults()))));
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).as(name).isEmpty();
      assertThat(r.throttled()).isFalse();
      assertThat(r.caughtUp()).isTrue();
      assertThat(count(r)).isEqualTo(EVENTS);
      assertExact(h);
      assertThat(stream(h, EventType.CUSTOMER_EVENTS).path("last_success").asText()).isNotEmpty();
      long grants =
          h.sim.requests().stream()
              .filter(q -> q.endpoint() == Endpoint.TOKEN && q.status() == 200)
              .count();
      // a 401 costs exactly one new token; nothing else renews it
      assertThat(grants).isEqualTo(name.startsWith("tokens expired") ? 2 : 1);
    }
  }

  @Test
  void throttleWaitsFollowRetryAfterElseThirtySeconds() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500)) {
      Collector c =
          h.collector(
              new TriggerSink(
                  h.fileSink(),
                  3,
                  afterReadAhead(
                      h,
                      () ->
                          h.sim
                              .faults()
                              .throttleNext(Endpoint.MONITOR, 2, false, Duration.ofSeconds(45))
                              .throttleNext(Endpoint.MONITOR, 1, false, null))));
      Instant before = h.clock.instant();
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertExact(h);
      List<Instant> monitorCalls =
          h.sim.requests().stream()
              .filter(q -> q.endpoint() == Endpoint.MONITOR)
              .map(RequestRecord::at)
              .toList();
      // calls 5 and 6 were throttled with Retry-After 45 s, call 7 without a header (30 s)
      assertThat(Duration.between(monitorCalls.get(4), monitorCalls.get(5)))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(45));
      assertThat(Duration.between(monitorCalls.get(5), monitorCalls.get(6)))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(45));
      assertThat(Duration.between(monitorCalls.get(6), monitorCalls.get(7)))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
      assertThat(Duration.between(before, h.clock.instant())).isLessThan(Duration.ofMinutes(5));
    }
  }

  @Test
  void anHourlyLimitAnswerWaitsUntilTheResetWhenMaxWaitAllowsIt() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500 + "max_wait: 2h\n")) {
      Collector c =
          h.collector(
              new TriggerSink(
                  h.fileSink(),
                  3,
                  afterReadAhead(
                      h, () -> h.sim.faults().throttleNext(Endpoint.MONITOR, 1, true, null))));
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertThat(r.throttled()).isFalse();
      assertExact(h);
      RequestRecord throttled =
          h.sim.requests().stream().filter(q -> q.status() == 400).findFirst().orElseThrow();
      RequestRecord retry = h.sim.requests().get(h.sim.requests().indexOf(throttled) + 1);
      // X-RateLimit-Reset is the start of the next clock hour
      assertThat(retry.at())
          .isAfterOrEqualTo(throttled.at().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
    }
  }

  @Test
  void anHourlyLimitBeyondMaxWaitEndsTheCycleThrottledAtACleanCheckpoint() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500)) {
      Collector c =
          h.collector(
              new TriggerSink(
                  h.fileSink(),
                  3,
                  afterReadAhead(
                      h, () -> h.sim.faults().throttleNext(Endpoint.MONITOR, 1, true, null))));
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertThat(r.throttled()).isTrue();
      assertThat(r.exitCode()).isZero();
      assertThat(count(r)).isEqualTo(2_000);
      assertThat(h.deliveredIds("eventId"))
          .containsExactlyElementsOf(h.sim.eventIds().subList(0, 2_000));
      assertThat(r.summaryJson()).contains("\"throttled\":true");

      h.clock.advance(Duration.ofHours(1));
      CycleResult next = c.cycle(() -> false);
      assertThat(next.errors()).isEmpty();
      assertThat(count(next)).isEqualTo(EVENTS - 2_000);
      assertExact(h);
    }
  }

  static Stream<Arguments> exhaustingFaults() {
    return Stream.of(
        Arguments.of("5xx", (Consumer<Faults>) f -> f.failNext(Endpoint.MONITOR, 5, 503)),
        Arguments.of("dropped", (Consumer<Faults>) f -> f.dropNext(Endpoint.MONITOR, 10)),
        Arguments.of("malformed", (Consumer<Faults>) f -> f.malformedNext(Endpoint.MONITOR, 5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exhaustingFaults")
  void exhaustedRetriesFailTheCycleWithTheCheckpointWhereItWasAndTheNextCycleCompletes(
      String name, Consumer<Faults> fault) throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500)) {
      Collector c =
          h.collector(
              new TriggerSink(
                  h.fileSink(), 3, afterReadAhead(h, () -> fault.accept(h.sim.faults()))));
      CycleResult r = c.cycle(() -> false);
      assertThat(r.exitCode()).as(name).isEqualTo(CollectorException.OPERATIONAL);
      assertThat(r.errors()).containsKey(EventType.CUSTOMER_EVENTS);
      assertThat(r.throttled()).isFalse();
      assertThat(count(r)).isEqualTo(2_000);
      assertThat(h.deliveredIds("eventId"))
          .containsExactlyElementsOf(h.sim.eventIds().subList(0, 2_000));
      JsonNode s = stream(h, EventType.CUSTOMER_EVENTS);
      assertThat(s.path("last_error").asText()).isNotEmpty();
      assertThat(s.has("last_success")).isFalse();
      String cursor = s.path("cursor").asText();

      // a new process starts from the checkpoint the failed cycle left
      h.clock.advance(Duration.ofMinutes(1));
      CycleResult next = h.collector().cycle(() -> false);
      assertThat(next.errors()).isEmpty();
      assertThat(count(next)).isEqualTo(EVENTS - 2_000);
      assertExact(h);
      RequestRecord firstOfNext =
          h.sim.requests().stream()
              .filter(q -> q.endpoint() == Endpoint.MONITOR && q.status() == 200)
              .filter(q -> q.at().equals(h.sim.requests().get(h.sim.requests().size() - 1).at()))
              .findFirst()
              .orElseThrow();
      assertThat(firstOfNext.query())
          .contains(java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(stream(h, EventType.CUSTOMER_EVENTS).path("last_success").asText()).isNotEmpty();
    }
  }

  @Test
  void usersSurviveFaultsOnEveryEndpointOfThePass() throws Exception {
    try (Harness h =
        new Harness(
            dir,
            b -> b.users(600),
            "event_types: [audit_users]\nmax_user_events_per_fetch: 1250\n")) {
      h.sim
          .faults()
          .failNext(Endpoint.ADMIN_USERS, 2, 503)
          .dropNext(Endpoint.ESIGN_USERS, 2)
          .malformedNext(Endpoint.ESIGN_USERS, 1)
          .throttleNext(Endpoint.ADMIN_USERS, 1, false, null);
      Collector c = h.collector();
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertLatestUsers(h);

      h.clock.advance(Duration.ofMinutes(2));
      h.sim.modifyUsers(40);
      h.sim.faults().expireTokens().failNext(Endpoint.ADMIN_USERS, 5, 500);
      CycleResult failed = c.cycle(() -> false);
      assertThat(failed.exitCode()).isEqualTo(CollectorException.OPERATIONAL);
      h.clock.advance(Duration.ofMinutes(2));
      CycleResult healed = c.cycle(() -> false);
      assertThat(healed.errors()).isEmpty();
      assertThat(healed.delivered().get(EventType.AUDIT_USERS)).isEqualTo(40);
      assertLatestUsers(h);
    }
  }

  /** Every user delivered, the last record of each in its current state, none twice alike. */
  private static void assertLatestUsers(Harness h) {
    h.assertEveryUserInItsLatestState();
    assertThat(h.delivered().size()).isEqualTo(h.sim.userIds().size() + countModified(h));
  }

  private static int countModified(Harness h) {
    return (int)
        h.sim.userModifiedAt().values().stream().filter(at -> at.isAfter(Harness.START)).count();
  }

  // ---- the API budget

  @Test
  void aBudgetOfSixtyAnHourDrainsTwentyThousandEventsHourByHourExactlyOnce() throws Exception {
    try (Harness h =
        new Harness(
            dir,
            b -> b.events(20_000),
            "max_customer_events_per_fetch: 100\n",
            "api_budget_per_hour: 60\n")) {
      Collector c = h.collector();
      CycleResult first = c.cycle(() -> false);
      assertThat(first.throttled()).isTrue();
      assertThat(first.errors()).isEmpty();
      assertThat(first.exitCode()).isZero();
      long delivered = count(first);
      assertThat(delivered).isPositive();
      assertThat(h.deliveredIds("eventId"))
          .containsExactlyElementsOf(h.sim.eventIds().subList(0, (int) delivered));

      // the same hour: the budget is spent, the cycle stops at once without a call
      int before = h.sim.requests().size();
      h.clock.advance(Duration.ofMinutes(1));
      CycleResult again = c.cycle(() -> false);
      assertThat(again.throttled()).isTrue();
      assertThat(count(again)).isZero();
      assertThat(h.sim.requests()).hasSize(before);

      int hours = 1;
      while (delivered < 20_000) {
        hours++;
        assertThat(hours).as("hours to drain").isLessThan(10);
        h.clock.set(h.clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
        CycleResult r = c.cycle(() -> false);
        assertThat(r.errors()).isEmpty();
        delivered += count(r);
        // every cycle resumes exactly where the last stopped
        assertThat(h.deliveredIds("eventId"))
            .containsExactlyElementsOf(h.sim.eventIds().subList(0, (int) delivered));
      }
      assertExact(h);
      Map<Instant, Long> perHour = new TreeMap<>();
      for (RequestRecord q : h.sim.requests()) {
        perHour.merge(q.at().truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
      }
      assertThat(perHour.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(60));
      // 201 Monitor pages and a token per hour: four hours of 60 calls
      assertThat(perHour).hasSizeBetween(4, 5);
      System.out.printf("RESIL budget 60/h: calls per clock hour %s%n", perHour.values());
    }
  }

  @ParameterizedTest(name = "simulator burst limit {0}/30 s")
  @ValueSource(ints = {200, 100})
  void defaultSettingsDrainOneHundredThousandEventsWithoutTrippingTheBurstLimit(int burst)
      throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(100_000).burstLimit(burst).hourlyLimit(3000), "", "")) {
      Instant start = h.clock.instant();
      long t0 = System.nanoTime();
      CycleResult r = h.collector().cycle(() -> false);
      long wallMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.errors()).isEmpty();
      assertThat(r.throttled()).isFalse();
      assertThat(count(r)).isEqualTo(100_000);
      assertThat(h.sim.requests()).allSatisfy(q -> assertThat(q.status()).isEqualTo(200));
      assertExact(h);
      Duration simulated = Duration.between(start, h.clock.instant());
      List<RequestRecord> log = h.sim.requests();
      Map<Instant, Long> perHour = new TreeMap<>();
      log.forEach(q -> perHour.merge(q.at().truncatedTo(ChronoUnit.HOURS), 1L, Long::sum));
      assertThat(perHour.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1000));
      System.out.printf(
          "RESIL default drain (sim burst %d/30s): 100000 events, %d API calls, simulated %d s,"
              + " wall %d ms, calls per clock hour %s%n",
          burst, log.size(), simulated.toSeconds(), wallMs, perHour.values());
    }
  }

  /**
   * Small pages make the burst limit bite: 201 calls at the default burst (100 per 30 s), against a
   * simulator whose own window is as tight (100) or DocuSign's developer one (200).
   */
  @ParameterizedTest(name = "simulator burst limit {0}/30 s, pages of 100")
  @ValueSource(ints = {200, 100})
  void smallPagesArePacedBelowTheBurstLimit(int burst) throws Exception {
    try (Harness h =
        new Harness(
            dir,
            b -> b.events(20_000).burstLimit(burst).hourlyLimit(3000),
            "max_customer_events_per_fetch: 100\n",
            "")) {
      Instant start = h.clock.instant();
      CycleResult r = h.collector().cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertThat(r.throttled()).isFalse();
      assertExact(h);
      List<RequestRecord> log = h.sim.requests();
      assertThat(log).allSatisfy(q -> assertThat(q.status()).isEqualTo(200));
      // never more than 100 calls in any 30 seconds
      for (int i = 100; i < log.size(); i++) {
        assertThat(Duration.between(log.get(i - 100).at(), log.get(i).at()))
            .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
      }
      System.out.printf(
          "RESIL paced drain (sim burst %d/30s): 20000 events in pages of 100, %d API calls,"
              + " simulated %d s%n",
          burst, log.size(), Duration.between(start, h.clock.instant()).toSeconds());
    }
  }

  /**
   * The account's limits are lower than ours (other apps share them): the rate-limit headers slow
   * the client down before DocuSign would answer 429 or the hourly 400.
   */
  @Test
  void docuSignsRemainingHeadersSlowTheClientBeforeAnyThrottleAnswer() throws Exception {
    try (Harness h =
        new Harness(
            dir,
            b -> b.events(10_000).burstLimit(40).hourlyLimit(3000),
            "max_customer_events_per_fetch: 100\n",
            "")) {
      CycleResult r = h.collector().cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertThat(r.throttled()).isFalse();
      assertExact(h);
      assertThat(h.sim.requests()).allSatisfy(q -> assertThat(q.status()).isEqualTo(200));
    }
  }

  @Test
  void anAccountHourNearlySpentEndsTheCycleThrottledBeforeDocuSignRefuses() throws Exception {
    try (Harness h =
        new Harness(
            dir,
            b -> b.events(10_000).hourlyLimit(60),
            "max_customer_events_per_fetch: 100\n",
            "")) {
      Collector c = h.collector();
      long delivered = 0;
      for (int hour = 0; delivered < 10_000; hour++) {
        assertThat(hour).as("hours to drain").isLessThan(6);
        CycleResult r = c.cycle(() -> false);
        assertThat(r.errors()).isEmpty();
        delivered += count(r);
        assertThat(h.deliveredIds("eventId"))
            .containsExactlyElementsOf(h.sim.eventIds().subList(0, (int) delivered));
        h.clock.set(h.clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
      }
      assertExact(h);
      assertThat(h.sim.requests()).allSatisfy(q -> assertThat(q.status()).isEqualTo(200));
    }
  }

  // ---- the daemon with consent revoked

  @Test
  void revokedConsentCostsOneTokenRequestPerPauseAndCollectionResumesOnceItIsBack()
      throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500 + "interval: 30s\n")) {
      Set<String> scopes = h.sim.consentedScopes();
      h.sim.revokeConsent();
      Collector c = h.collector();
      Duration interval = h.config.interval();
      Duration cap = Duration.ofMinutes(5); // 10 × 30 s = 300 s
      List<Duration> pauses = new ArrayList<>();
      int failures = 0;
      for (int i = 0; i < 7; i++) {
        int before = h.sim.requests().size();
        CycleResult r = c.cycle(() -> false);
        List<RequestRecord> made = h.sim.requests().subList(before, h.sim.requests().size());
        assertThat(made).hasSize(1);
        assertThat(made.get(0).endpoint()).isEqualTo(Endpoint.TOKEN);
        assertThat(r.exitCode()).isEqualTo(CollectorException.AUTH);
        assertThat(r.errors().values().stream().map(Throwable::getMessage).distinct())
            .singleElement()
            .asString()
            .contains("consent-url");
        failures++;
        Duration pause = daemonPause(interval, cap, failures);
        pauses.add(pause);
        h.clock.advance(pause);
      }
      assertThat(pauses)
          .containsExactly(
              Duration.ofSeconds(30),
              Duration.ofSeconds(60),
              Duration.ofSeconds(120),
              Duration.ofSeconds(240),
              Duration.ofSeconds(300),
              Duration.ofSeconds(300),
              Duration.ofSeconds(300));
      JsonNode s = stream(h, EventType.CUSTOMER_EVENTS);
      assertThat(s.path("last_error").asText()).contains("consent-url");

      h.sim.grantConsent(scopes);
      CycleResult back = c.cycle(() -> false);
      assertThat(back.errors()).isEmpty();
      assertThat(count(back)).isEqualTo(EVENTS);
      assertExact(h);
    }
  }

  /** SPEC §2 {@code run}: the pause after the n-th failure in a row doubles up to the cap. */
  private static Duration daemonPause(Duration interval, Duration cap, int failures) {
    Duration p = interval.multipliedBy(1L << Math.min(failures - 1, 20));
    return p.compareTo(cap) > 0 ? cap : p;
  }

  // ---- an unavailable sink

  @Test
  void aSinkThatFailsMidBacklogCheckpointsNothingPastItAndTheNextCycleIsExact() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500)) {
      TriggerSink[] sink = new TriggerSink[1];
      sink[0] = new TriggerSink(h.fileSink(), 2, () -> sink[0].down = true);
      Collector c = h.collector(sink[0]);
      CycleResult r = c.cycle(() -> false);
      assertThat(r.exitCode()).isEqualTo(CollectorException.OPERATIONAL);
      assertThat(count(r)).isEqualTo(1_000);
      JsonNode s = stream(h, EventType.CUSTOMER_EVENTS);
      assertThat(s.path("last_error").asText()).contains("sink unavailable");
      String cursor = s.path("cursor").asText();

      // still down: nothing read, nothing checkpointed
      h.clock.advance(Duration.ofMinutes(1));
      int calls = h.sim.requests().size();
      CycleResult down = c.cycle(() -> false);
      assertThat(down.exitCode()).isEqualTo(CollectorException.OPERATIONAL);
      assertThat(count(down)).isZero();
      assertThat(stream(h, EventType.CUSTOMER_EVENTS).path("cursor").asText()).isEqualTo(cursor);
      assertThat(h.sim.requests().size() - calls).isLessThanOrEqualTo(2); // a token, one page

      sink[0].down = false;
      h.clock.advance(Duration.ofMinutes(1));
      CycleResult back = c.cycle(() -> false);
      assertThat(back.errors()).isEmpty();
      assertThat(count(back)).isEqualTo(EVENTS - 1_000);
      assertExact(h);
    }
  }

  @Test
  void aSinkThatFailsMidUserPassLosesNoUserChange() throws Exception {
    try (Harness h =
        new Harness(
            dir,
            b -> b.users(700),
            "event_types: [audit_users]\nmax_user_events_per_fetch: 1250\n")) {
      TriggerSink[] sink = new TriggerSink[1];
      sink[0] = new TriggerSink(h.fileSink(), 1, () -> sink[0].down = true);
      Collector c = h.collector(sink[0]);
      CycleResult r = c.cycle(() -> false);
      assertThat(r.exitCode()).isEqualTo(CollectorException.OPERATIONAL);
      assertThat(r.delivered().get(EventType.AUDIT_USERS)).isEqualTo(Collector.USER_CHUNK);
      assertThat(stream(h, EventType.AUDIT_USERS).path("last_error").asText())
          .contains("sink unavailable");

      h.clock.advance(Duration.ofMinutes(1));
      h.sim.modifyUsers(30); // changes while the sink is down are not lost either
      sink[0].down = false;
      h.clock.advance(Duration.ofMinutes(1));
      CycleResult back = c.cycle(() -> false);
      assertThat(back.errors()).isEmpty();
      h.assertEveryUserInItsLatestState();
      // none delivered twice alike: at most the 30 changed users appear a second time
      assertThat(h.delivered()).hasSizeLessThanOrEqualTo(700 + 30);
    }
  }

  @Test
  void aSinkDownFromTheStartIsRetriedByTheNextCycle() throws Exception {
    try (Harness h = new Harness(dir, b -> b.events(EVENTS), PAGES_OF_500)) {
      TriggerSink sink = new TriggerSink(h.fileSink(), -1, () -> {});
      sink.down = true;
      Collector c = h.collector(sink);
      CycleResult r = c.cycle(() -> false);
      assertThat(r.exitCode()).isEqualTo(CollectorException.OPERATIONAL);
      assertThat(count(r)).isZero();
      assertThat(h.state.readCheckpoints().path("streams").path("customer_events").has("cursor"))
          .isFalse();
      sink.down = false;
      CycleResult back = c.cycle(() -> false);
      assertThat(back.errors()).isEmpty();
      assertExact(h);
    }
  }
}
