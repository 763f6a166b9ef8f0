package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The throttle decision and the header pacer. */
class ThrottlePropertiesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:20:00Z");
  private static final Throttle.Headers NONE = new Throttle.Headers(null, null, null, null);

  @Property(tries = 300)
  void onlyA429OrALimitExceededCodeIsThrottling(
      @ForAll @IntRange(min = 100, max = 599) int status) {
    Optional<Throttle.Decision> d = Throttle.decide(status, "SOME_OTHER_ERROR", NONE, NOW);
    assertThat(d.isPresent()).isEqualTo(status == 429);
    assertThat(Throttle.decide(400, "BURST_APIINVOCATION_LIMIT_EXCEEDED", NONE, NOW)).isPresent();
    assertThat(Throttle.decide(400, "Hourly_Envelope_Polling_Limit_Exceeded", NONE, NOW))
        .isPresent();
  }

  @Property(tries = 300)
  void retryAfterWinsAndIsHonouredExactly(
      @ForAll @LongRange(min = 0, max = 100_000) long seconds,
      @ForAll boolean hourlyCode,
      @ForAll @LongRange(min = -10_000, max = 10_000) long resetOffset) {
    Throttle.Headers h =
        new Throttle.Headers(
            Long.toString(seconds), "0", Long.toString(NOW.getEpochSecond() + resetOffset), null);
    String code = hourlyCode ? "HOURLY_APIINVOCATION_LIMIT_EXCEEDED" : null;
    Throttle.Decision d = Throttle.decide(hourlyCode ? 400 : 429, code, h, NOW).orElseThrow();
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Property(tries = 300)
  void hourlyWithoutRetryAfterWaitsUntilTheResetNeverNegative(
      @ForAll @LongRange(min = -10_000, max = 10_000) long resetOffset, @ForAll boolean byHeader) {
    Throttle.Headers h =
        new Throttle.Headers(
            null, byHeader ? "0" : "12", Long.toString(NOW.getEpochSecond() + resetOffset), null);
    String code = byHeader ? null : "HOURLY_APIINVOCATION_LIMIT_EXCEEDED";
    Throttle.Decision d = Throttle.decide(byHeader ? 429 : 400, code, h, NOW).orElseThrow();
    assertThat(d.hourly()).isTrue();
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(Math.max(0, resetOffset)));
  }

  @Test
  void hourlyWithoutAnyResetWaitsForTheTopOfTheHour() {
    Throttle.Decision d =
        Throttle.decide(400, "HOURLY_APIINVOCATION_LIMIT_EXCEEDED", NONE, NOW).orElseThrow();
    assertThat(d.delay()).isEqualTo(Duration.ofMinutes(40));
  }

  @Test
  void burstWithoutRetryAfterWaitsThirtySeconds() {
    Throttle.Headers h = new Throttle.Headers(null, "2500", "1", "0");
    Throttle.Decision d =
        Throttle.decide(400, "BURST_APIINVOCATION_LIMIT_EXCEEDED", h, NOW).orElseThrow();
    assertThat(d.hourly()).isFalse();
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(Throttle.decide(429, null, NONE, NOW).orElseThrow().delay())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterAsHttpDate() {
    Throttle.Headers h = new Throttle.Headers("Sun, 01 Mar 2026 10:20:45 GMT", null, null, null);
    assertThat(Throttle.decide(429, null, h, NOW).orElseThrow().delay())
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Property(tries = 300)
  void pacerWaitsOnlyNearZeroAndNeverLongerThanTheResetOrTheBurstWindow(
      @ForAll @IntRange(min = 0, max = 3000) int hourlyLeft,
      @ForAll @IntRange(min = 0, max = 500) int burstLeft,
      @ForAll @LongRange(min = 1, max = 3600) long resetIn) {
    RateLimitPacer p = new RateLimitPacer();
    p.observe(
        new Throttle.Headers(
            null,
            Integer.toString(hourlyLeft),
            Long.toString(NOW.getEpochSecond() + resetIn),
            Integer.toString(burstLeft)),
        NOW);
    Duration w = p.waitNeeded(NOW);
    boolean nearHourly = hourlyLeft <= RateLimitPacer.HOURLY_RESERVE;
    boolean nearBurst = burstLeft <= RateLimitPacer.BURST_RESERVE;
    if (!nearHourly && !nearBurst) {
      assertThat(w).isZero();
    } else {
      assertThat(w).isPositive();
    }
    Duration bound = Duration.ofSeconds(Math.max(nearHourly ? resetIn : 0, 30));
    assertThat(w).isLessThanOrEqualTo(bound);
    assertThat(p.waitNeeded(NOW.plus(bound))).isZero();
  }

  @Test
  void pacerSlowsDownMoreTheCloserBurstGetsToZero() {
    Duration prev = Duration.ZERO;
    for (int left = RateLimitPacer.BURST_RESERVE; left >= 0; left--) {
      RateLimitPacer p = new RateLimitPacer();
      p.observe(new Throttle.Headers(null, null, null, Integer.toString(left)), NOW);
      Duration w = p.waitNeeded(NOW);
      assertThat(w).isGreaterThan(prev);
      prev = w;
    }
    assertThat(prev).isEqualTo(Duration.ofSeconds(30));
  }
}
