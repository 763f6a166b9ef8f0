package io.github.docusigncollector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.error.ThrottledException;
import io.github.docusigncollector.state.SharedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Laws of the burst window, the hourly budget and the backoff, over generated call patterns. */
class LimiterPropertiesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T09:59:00Z");

  @Property(tries = 300)
  void burstWindowNeverLetsMoreThanMaxCallsIntoAnyWindow(
      @ForAll @IntRange(min = 1, max = 20) int max,
      @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 5_000) Long> gapsMs) {
    Duration window = Duration.ofSeconds(30);
    BurstWindow w = new BurstWindow(max, window);
    Instant now = T0;
    List<Instant> calls = new ArrayList<>();
    for (long gap : gapsMs) {
      now = now.plusMillis(gap);
      Duration wait = w.waitNeeded(now);
      assertThat(wait).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(window);
      now = now.plus(wait);
      assertThat(w.waitNeeded(now)).isZero();
      w.record(now);
      calls.add(now);
    }
    for (int i = 0; i < calls.size(); i++) {
      Instant end = calls.get(i).plus(window);
      int inWindow = 0;
      for (int j = i; j < calls.size() && calls.get(j).isBefore(end); j++) {
        inWindow++;
      }
      assertThat(inWindow).isLessThanOrEqualTo(max);
    }
  }

  @Property(tries = 300)
  void burstWindowDoesNotWaitWhileFewerThanMaxCallsLieInTheWindow(
      @ForAll @IntRange(min = 1, max = 20) int max,
      @ForAll @Size(min = 1, max = 100) List<@LongRange(min = 0, max = 40_000) Long> gapsMs) {
    BurstWindow w = new BurstWindow(max, Duration.ofSeconds(30));
    Instant now = T0;
    List<Instant> calls = new ArrayList<>();
    for (long gap : gapsMs) {
      now = now.plusMillis(gap);
      Instant t = now;
      long recent = calls.stream().filter(c -> c.isAfter(t.minusSeconds(30))).count();
      if (recent < max) {
        assertThat(w.waitNeeded(now)).isZero();
      }
      now = now.plus(w.waitNeeded(now));
      w.record(now);
      calls.add(now);
    }
  }

  @Property(tries = 300)
  void hourlyBudgetNeverCountsMoreThanTheBudgetInAClockHour(
      @ForAll @IntRange(min = 1, max = 50) int budget,
      @ForAll @Size(min = 1, max = 400) List<@LongRange(min = 0, max = 120_000) Long> gapsMs) {
    SharedState s = SharedState.EMPTY;
    Instant now = T0;
    Map<Instant, Integer> perHour = new HashMap<>();
    for (long gap : gapsMs) {
      now = now.plusMillis(gap);
      Instant hour = SharedState.hourOf(now);
      int before = perHour.getOrDefault(hour, 0);
      try {
        s = HourlyBudget.charge(s, now, budget);
        perHour.merge(hour, 1, Integer::sum);
      } catch (ThrottledException e) {
        // refused only when the hour's budget is really spent, and told to wait for the hour
        assertThat(before).isEqualTo(budget);
        assertThat(now.plus(e.waitNeeded())).isEqualTo(hour.plusSeconds(3600));
      }
      assertThat(s.callsInHour(now)).isEqualTo(perHour.getOrDefault(hour, 0));
    }
    assertThat(perHour.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(budget));
  }

  @Property(tries = 500)
  void backoffStaysWithinZeroAndTheCappedExponential(
      @ForAll @IntRange(min = 0, max = 80) int n,
      @ForAll @LongRange(min = 0, max = 10_000) long baseMs,
      @ForAll @LongRange(min = 0, max = 600_000) long capMs,
      @ForAll long seed) {
    Backoff b =
        new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(capMs), 5, new Random(seed));
    double exact = baseMs * Math.pow(2, n);
    long bound = (long) Math.min((double) capMs, exact);
    assertThat(b.ceiling(n).toMillis()).isEqualTo(bound);
    for (int i = 0; i < 20; i++) {
      Duration d = b.delay(n);
      assertThat(d.toMillis()).isBetween(0L, bound);
    }
  }

  @Property(tries = 200)
  void backoffCeilingNeverShrinks(
      @ForAll @LongRange(min = 1, max = 5_000) long baseMs,
      @ForAll @LongRange(min = 1, max = 120_000) long capMs) {
    Backoff b = new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(capMs), 5, new Random());
    for (int n = 1; n < 70; n++) {
      assertThat(b.ceiling(n)).isGreaterThanOrEqualTo(b.ceiling(n - 1));
    }
  }

  @Property(tries = 50)
  void backoffJitterSpreadsOverTheRange(@ForAll long seed) {
    Backoff b = Backoff.standard(new Random(seed));
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 400; i++) {
      long d = b.delay(3).toMillis();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    // full jitter: both ends of [0, 8 s] are reached, not a fixed delay
    assertThat(min).isLessThan(1_000);
    assertThat(max).isGreaterThan(7_000);
  }

  @Property(tries = 10)
  void budgetOfOneRefusesTheSecondCallOfTheHour(@ForAll @IntRange(min = 0, max = 3599) int s) {
    Instant now = Instant.parse("2026-03-01T10:00:00Z").plusSeconds(s);
    SharedState st = HourlyBudget.charge(SharedState.EMPTY, now, 1);
    assertThatThrownBy(() -> HourlyBudget.charge(st, now, 1))
        .isInstanceOf(ThrottledException.class)
        .hasMessageContaining("api_budget_per_hour");
  }
}
