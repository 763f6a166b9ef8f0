package io.github.docusigncollector.http;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.state.SharedState;
import io.github.docusigncollector.state.SharedStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One account's permission to call DocuSign, asked before every call: its burst window ({@code
 * api_burst_per_30s}), the pace DocuSign's rate-limit headers ask for, and its leases in the shared
 * state of the hour's budget ({@code api_budget_per_hour}) and of the burst limit, which the
 * processes of one state directory share. DocuSign's limits are per account, so each account has
 * its own; thread-safe: the threads of one account share one window, one pacer and one lease, each
 * call counted once under one lock.
 */
final class CallPermits {
  /** Calls counted in the shared state at once; see {@link #leased}. */
  static final int LEASE_CALLS = 10;

  private final CollectorConfig config;
  private final SharedStateStore state;
  private final Clock clock;
  private final Waits waits;
  private final DocuSignErrors errors;
  private final BurstWindow burst;
  private final RateLimitPacer pacer = new RateLimitPacer();
  private final Object lock = new Object();

  /**
   * Calls already counted in the shared state but not made yet (guarded by {@code lock}): the count
   * is reserved a few calls at a time, so that the shared file is written once per lease rather
   * than once per call, while separate processes still never exceed the budget together. A crash
   * over-counts at most one lease; {@link #release} gives the unused rest back.
   */
  private Instant leaseHour;

  private int leased;

  /**
   * This account's lease of the burst limit shared through the state directory (guarded by {@code
   * lock}): its id, when it was taken, the calls left and made, and the last call's time.
   */
  private final String burstOwner = Long.toHexString(new java.security.SecureRandom().nextLong());

  private int burstSeq;
  private String burstLeaseId;
  private Instant burstLeaseAt;
  private int burstLeft;
  private int burstUsed;
  private Instant burstLastCall;

  CallPermits(
      CollectorConfig config,
      SharedStateStore state,
      Clock clock,
      Waits waits,
      DocuSignErrors errors) {
    this.config = config;
    this.state = state;
    this.clock = clock;
    this.waits = waits;
    this.errors = errors;
    this.burst = new BurstWindow(config.apiBurstPer30s(), Duration.ofSeconds(30));
  }

  /**
   * Waits for the burst window and DocuSign's headers, then counts the call against the hour's
   * budget in the shared state (under its short lock, so separate processes share the count). A
   * wait beyond {@code max_wait}, or a spent budget, is a {@link
   * io.github.docusigncollector.error.ThrottledException}.
   */
  void acquire(ApiObserver observer) {
    synchronized (lock) {
      while (true) {
        Instant now = clock.instant();
        Duration burstWait = burst.waitNeeded(now);
        Duration paceWait = pacer.waitNeeded(now);
        Duration wait = burstWait.compareTo(paceWait) >= 0 ? burstWait : paceWait;
        if (!wait.isZero()) {
          String why =
              burstWait.compareTo(paceWait) >= 0
                  ? "api_burst_per_30s (" + config.apiBurstPer30s() + ") reached"
                  : pacer.reason();
          if (wait.compareTo(config.maxWait()) > 0) {
            throw errors.beyondMaxWait(why, wait);
          }
          observer.throttleWait(wait);
          waits.waitFor(wait, why, "a rate-limit wait");
          continue;
        }
        Duration shared = takeFromLease(now);
        if (!shared.isZero()) {
          String why =
              "api_burst_per_30s ("
                  + config.apiBurstPer30s()
                  + ") reached by the processes sharing the state directory";
          if (shared.compareTo(config.maxWait()) > 0) {
            throw errors.beyondMaxWait(why, shared);
          }
          observer.throttleWait(shared);
          waits.waitFor(shared, why, "a rate-limit wait");
          continue;
        }
        burst.record(now);
        return;
      }
    }
  }

  /** Takes note of an answer's rate-limit headers, received at {@code now}. */
  void observe(Throttle.Headers h, Instant now) {
    synchronized (lock) {
      pacer.observe(h, now);
    }
  }

  /**
   * The API calls counted in this clock hour through the shared state, less this lease's unused.
   */
  int callsThisHour() {
    Instant now = clock.instant();
    synchronized (lock) {
      int unused = SharedState.hourOf(now).equals(leaseHour) ? leased : 0;
      return state.readShared().callsInHour(now) - unused;
    }
  }

  /** Gives the unused rest of the call lease back to the hour's count and ends the burst lease. */
  void release() {
    synchronized (lock) {
      Instant now = clock.instant();
      int unused = leased;
      boolean giveBack = leased > 0 && leaseHour.equals(SharedState.hourOf(now));
      leased = 0;
      String burstId = burstLeaseId;
      Instant burstAt = burstLeaseAt;
      int burstMade = burstUsed;
      Instant burstLast = burstLastCall;
      burstLeaseId = null;
      burstLeft = 0;
      if (giveBack || burstId != null) {
        state.updateShared(
            s -> {
              SharedState after = s;
              if (giveBack) {
                after = after.plusCalls(now, -Math.min(unused, after.callsInHour(now)));
              }
              if (burstId != null) {
                after = SharedBurst.finish(after, burstId, burstAt, burstMade, burstLast, now);
              }
              return after;
            });
      }
    }
  }

  /**
   * Takes one call from this account's leases of the hourly budget and of the shared burst limit,
   * renewing them in the shared state when spent or (burst) expired; returns how long to wait when
   * the processes of the state directory have used the burst limit (zero: the call may go).
   */
  private Duration takeFromLease(Instant now) {
    Instant hour = SharedState.hourOf(now);
    boolean needHour = leased == 0 || !hour.equals(leaseHour);
    boolean needBurst =
        burstLeaseId == null
            || burstLeft == 0
            || !now.isBefore(burstLeaseAt.plus(SharedBurst.LEASE_TIME));
    if (needHour || needBurst) {
      int budget = config.apiBudgetPerHour();
      int max = config.apiBurstPer30s();
      String oldId = burstLeaseId;
      Instant oldAt = burstLeaseAt;
      int oldUsed = burstUsed;
      Instant oldLast = burstLastCall;
      String newId = burstOwner + ":" + (burstSeq + 1);
      int[] got = new int[2];
      Duration[] wait = {Duration.ZERO};
      state.updateShared(
          s -> {
            SharedState after = s;
            if (needBurst) {
              if (oldId != null) {
                after = SharedBurst.finish(after, oldId, oldAt, oldUsed, oldLast, now);
              }
              wait[0] = SharedBurst.waitNeeded(after, now, max);
              if (!wait[0].isZero()) {
                return after;
              }
            }
            if (needHour) {
              SharedState reserved = HourlyBudget.reserve(after, now, budget, LEASE_CALLS);
              got[0] = HourlyBudget.reserved(after, reserved, now);
              after = reserved;
            }
            if (needBurst) {
              after = SharedBurst.take(after, newId, now, max, SharedBurst.leaseSize(max));
              got[1] = SharedBurst.granted(after, newId, now);
            }
            return after;
          });
      if (needBurst) {
        burstLeaseId = null; // the old lease is finished in the shared state
        burstLeft = 0;
      }
      if (!wait[0].isZero()) {
        return wait[0];
      }
      if (needHour) {
        leaseHour = hour;
        leased = got[0];
      }
      if (needBurst) {
        burstSeq++;
        burstLeaseId = newId;
        burstLeaseAt = now;
        burstLeft = got[1];
        burstUsed = 0;
      }
    }
    leased--;
    burstLeft--;
    burstUsed++;
    burstLastCall = now;
    return Duration.ZERO;
  }
}
