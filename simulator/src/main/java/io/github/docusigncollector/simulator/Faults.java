package io.github.docusigncollector.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fault injection and stream quirks; every method returns this for chaining; thread-safe.
 *
 * <p>Per-endpoint faults queue up in the order they were asked for: {@code failNext(MONITOR, 1,
 * 503)} then {@code dropNext(MONITOR, 1)} fails the next Monitor request and drops the one after.
 */
public final class Faults {
  /** One pending fault for one request. */
  record Pending(Kind kind, int status, boolean hourly, Duration retryAfter) {}

  enum Kind {
    FAIL,
    DROP,
    MALFORMED,
    THROTTLE
  }

  private final Map<Endpoint, Deque<Pending>> pending = new EnumMap<>(Endpoint.class);
  private final Runnable onExpireTokens;
  private Duration latency = Duration.ZERO;
  private boolean forbidMonitor;
  private int overlappingPages;
  private boolean movingEmptyPages;
  private Duration ingestionLag = Duration.ZERO;
  private boolean oddTimestamps;

  Faults(Runnable onExpireTokens) {
    this.onExpireTokens = onExpireTokens;
  }

  /** Adds {@code perRequest} of real (wall-clock) delay to every answer. */
  public synchronized Faults latency(Duration perRequest) {
    latency = Objects.requireNonNull(perRequest, "perRequest");
    return this;
  }

  /** The next {@code n} requests to {@code e} answer {@code status} (meant for 5xx). */
  public synchronized Faults failNext(Endpoint e, int n, int status) {
    return enqueue(e, n, new Pending(Kind.FAIL, status, false, null));
  }

  /** The next {@code n} requests to {@code e} get their connection closed with no answer. */
  public synchronized Faults dropNext(Endpoint e, int n) {
    return enqueue(e, n, new Pending(Kind.DROP, 0, false, null));
  }

  /** The next {@code n} requests to {@code e} answer 200 with a truncated JSON body. */
  public synchronized Faults malformedNext(Endpoint e, int n) {
    return enqueue(e, n, new Pending(Kind.MALFORMED, 200, false, null));
  }

  /**
   * The next {@code n} requests to {@code e} are throttled: {@code hourly} ? 400
   * HOURLY_APIINVOCATION_LIMIT_EXCEEDED : 429 BURST_APIINVOCATION_LIMIT_EXCEEDED; a {@code
   * Retry-After} header only when {@code retryAfter} is not null.
   */
  public synchronized Faults throttleNext(Endpoint e, int n, boolean hourly, Duration retryAfter) {
    return enqueue(e, n, new Pending(Kind.THROTTLE, hourly ? 400 : 429, hourly, retryAfter));
  }

  /** Monitor answers 403, as for an organization without the Monitor entitlement. */
  public synchronized Faults forbidMonitor(boolean on) {
    forbidMonitor = on;
    return this;
  }

  /** Every access token issued so far answers 401 from now on. */
  public Faults expireTokens() {
    onExpireTokens.run();
    return this;
  }

  /** Each Monitor page starts {@code n} events before the cursor position, repeating them. */
  public synchronized Faults overlappingPages(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("overlappingPages must be >= 0, was " + n);
    }
    overlappingPages = n;
    return this;
  }

  /**
   * At the end of the stream, the first request at each position answers an empty page whose
   * endCursor differs from the cursor sent (pointing at the same position).
   */
  public synchronized Faults movingEmptyPages(boolean on) {
    movingEmptyPages = on;
    return this;
  }

  /** Events added from now on have timestamps up to {@code max} older than their ingestion. */
  public synchronized Faults ingestionLag(Duration max) {
    ingestionLag = Objects.requireNonNull(max, "max");
    return this;
  }

  /**
   * Events added from now on: some with no fraction, 9 fraction digits, a "+00:00" offset instead
   * of Z, or no timestamp at all.
   */
  public synchronized Faults oddTimestamps(boolean on) {
    oddTimestamps = on;
    return this;
  }

  /** Removes every pending fault and quirk (tokens already expired stay expired). */
  public synchronized void clear() {
    pending.clear();
    latency = Duration.ZERO;
    forbidMonitor = false;
    overlappingPages = 0;
    movingEmptyPages = false;
    ingestionLag = Duration.ZERO;
    oddTimestamps = false;
  }

  private Faults enqueue(Endpoint e, int n, Pending p) {
    Objects.requireNonNull(e, "e");
    Deque<Pending> q = pending.computeIfAbsent(e, k -> new ArrayDeque<>());
    for (int i = 0; i < n; i++) {
      q.addLast(p);
    }
    return this;
  }

  synchronized Pending take(Endpoint e) {
    Deque<Pending> q = pending.get(e);
    return q == null ? null : q.pollFirst();
  }

  synchronized Duration latency() {
    return latency;
  }

  synchronized boolean monitorForbidden() {
    return forbidMonitor;
  }

  synchronized int overlap() {
    return overlappingPages;
  }

  synchronized boolean movingEmpty() {
    return movingEmptyPages;
  }

  synchronized Duration lag() {
    return ingestionLag;
  }

  synchronized boolean odd() {
    return oddTimestamps;
  }

  synchronized int pendingCount() {
    int c = 0;
    for (Deque<Pending> q : pending.values()) {
      c += q.size();
    }
    return c;
  }
}
