package io.github.docusigncollector.http;

import io.github.docusigncollector.state.SharedState;
import io.github.docusigncollector.state.SharedState.BurstLease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code api_burst_per_30s} limit shared by every process of one state directory, as the hourly
 * budget is: each client takes a few calls at a time (a lease) in the shared state under its short
 * lock, usable for {@link #LEASE_TIME}, and counted in every window until 30 s after its end. A
 * finished lease is cut down to the calls actually made, so one client alone waits no longer than
 * its own window would make it; two clients together never exceed the limit.
 */
public final class SharedBurst {
  /** The burst window of {@code api_burst_per_30s}. */
  public static final Duration WINDOW = Duration.ofSeconds(30);

  /** How long a lease may be used. */
  public static final Duration LEASE_TIME = Duration.ofSeconds(2);

  private SharedBurst() {}

  /** Calls taken at once: a tenth of the limit, at least 1 and at most 10. */
  public static int leaseSize(int max) {
    return Math.max(1, Math.min(10, max / 10));
  }

  /** The leases still counted at {@code now}. */
  static List<BurstLease> live(SharedState s, Instant now) {
    List<BurstLease> out = new ArrayList<>();
    for (BurstLease l : s.burst()) {
      if (now.isBefore(l.until().plus(WINDOW))) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * The state with {@code owner}'s lease taken at {@code leaseAt} cut to {@code used} calls ending
   * at {@code lastCall} (removed when none was used), and expired leases dropped.
   */
  public static SharedState finish(
      SharedState s, String owner, Instant leaseAt, int used, Instant lastCall, Instant now) {
    List<BurstLease> out = new ArrayList<>();
    for (BurstLease l : live(s, now)) {
      if (l.owner().equals(owner) && l.at().equals(leaseAt)) {
        if (used > 0 && now.isBefore(lastCall.plus(WINDOW))) {
          out.add(new BurstLease(owner, l.at(), lastCall, used));
        }
      } else {
        out.add(l);
      }
    }
    return s.withBurst(out);
  }

  /** How long to wait from {@code now} before a lease of one call fits (zero: it fits now). */
  public static Duration waitNeeded(SharedState s, Instant now, int max) {
    List<BurstLease> live = live(s, now);
    int used = live.stream().mapToInt(BurstLease::calls).sum();
    if (used < max) {
      return Duration.ZERO;
    }
    // The soonest a lease stops counting; the caller tries again then.
    Instant first = null;
    for (BurstLease l : live) {
      Instant end = l.until().plus(WINDOW);
      if (l.calls() > 0 && (first == null || end.isBefore(first))) {
        first = end;
      }
    }
    return first == null ? Duration.ZERO : Duration.between(now, first);
  }

  /**
   * The state with a new lease of up to {@code size} calls for {@code owner}; see {@link #granted}.
   */
  public static SharedState take(SharedState s, String owner, Instant now, int max, int size) {
    List<BurstLease> live = live(s, now);
    int used = live.stream().mapToInt(BurstLease::calls).sum();
    int calls = Math.min(size, max - used);
    if (calls <= 0) {
      return s.withBurst(live);
    }
    live.add(new BurstLease(owner, now, now.plus(LEASE_TIME), calls));
    return s.withBurst(live);
  }

  /** The calls of {@code owner}'s lease taken at {@code at} (0 when none). */
  public static int granted(SharedState s, String owner, Instant at) {
    for (BurstLease l : s.burst()) {
      if (l.owner().equals(owner) && l.at().equals(at)) {
        return l.calls();
      }
    }
    return 0;
  }
}
