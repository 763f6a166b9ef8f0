package io.github.docusigncollector.http;

import io.github.docusigncollector.error.ThrottledException;
import io.github.docusigncollector.state.SharedState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The {@code api_budget_per_hour} rule, applied inside the shared state's short lock so that every
 * process of one state directory draws on one count per clock hour.
 */
public final class HourlyBudget {
  private HourlyBudget() {}

  /**
   * The state with one more call counted at {@code now}; a {@link ThrottledException} (waiting
   * until the next clock hour) when the hour's budget is spent.
   */
  public static SharedState charge(SharedState s, Instant now, int budget) {
    return reserve(s, now, budget, 1);
  }

  /**
   * The state with up to {@code calls} more calls counted at {@code now} (fewer when the budget has
   * less left: {@link #reserved} tells how many); a {@link ThrottledException} when none is left.
   */
  public static SharedState reserve(SharedState s, Instant now, int budget, int calls) {
    int used = s.callsInHour(now);
    if (used >= budget) {
      Instant next = SharedState.hourOf(now).plus(1, ChronoUnit.HOURS);
      throw new ThrottledException(
          "the API budget of "
              + budget
              + " calls per hour (api_budget_per_hour) is spent for this hour; collection"
              + " continues after "
              + DateTimeFormatter.ISO_INSTANT.format(next),
          Duration.between(now, next));
    }
    return s.plusCalls(now, Math.min(calls, budget - used));
  }

  /** How many calls {@link #reserve} counted between the two states. */
  public static int reserved(SharedState before, SharedState after, Instant now) {
    return after.callsInHour(now) - before.callsInHour(now);
  }
}
