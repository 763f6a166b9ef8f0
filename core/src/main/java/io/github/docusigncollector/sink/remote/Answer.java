package io.github.docusigncollector.sink.remote;

import java.time.Duration;

/**
 * What a {@link Protocol} read from a receiver's answer to one request: the request's events were
 * {@link #delivered}, should be sent again ({@link #retry}), are refused for good ({@link #fatal},
 * which fails the cycle), were refused as {@link #tooLarge} (split and sent again), got a verdict
 * each ({@link #items}), or were accepted with an acknowledgement still to come ({@link #pending},
 * settled by {@link Protocol#confirm}).
 */
public final class Answer {
  /** The kinds of answer. */
  public enum Kind {
    DELIVERED,
    RETRY,
    FATAL,
    TOO_LARGE,
    ITEMS,
    PENDING
  }

  /** The verdict on one event of the request, for {@link Kind#ITEMS}. */
  public enum Item {
    DELIVERED,
    RETRY,
    DEAD
  }

  private static final Answer DELIVERED = new Answer(Kind.DELIVERED, -1, null, null, null, null);

  private long token = -1;

  private final Kind kind;
  private final int status;
  private final String reason;
  private final Duration retryAfter;
  private final Item[] items;
  private final String[] itemReasons;

  private Answer(
      Kind kind,
      int status,
      String reason,
      Duration retryAfter,
      Item[] items,
      String[] itemReasons) {
    this.kind = kind;
    this.status = status;
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.items = items;
    this.itemReasons = itemReasons;
  }

  public static Answer delivered() {
    return DELIVERED;
  }

  /**
   * A transient failure: the whole request is sent again after a backoff, no sooner than {@code
   * retryAfter} (null: the backoff alone) and for at most {@code retry_for}.
   */
  public static Answer retry(int status, String reason, Duration retryAfter) {
    return new Answer(Kind.RETRY, status, reason, retryAfter, null, null);
  }

  /**
   * The receiver refuses the request for a reason that resending will not fix: the cycle fails
   * (exit 1) with {@code reason}, which names the status and the key to fix.
   */
  public static Answer fatal(int status, String reason) {
    return new Answer(Kind.FATAL, status, reason, null, null, null);
  }

  /** The request is too large for the receiver: it is split in halves, down to single events. */
  public static Answer tooLarge(int status, String reason) {
    return new Answer(Kind.TOO_LARGE, status, reason, null, null, null);
  }

  /**
   * A verdict per event of the request, in request order: delivered, to be sent again, or refused
   * on its own merits (dead letter, with {@code reasons[i]}).
   */
  public static Answer items(Item[] items, String[] reasons, Duration retryAfter) {
    return new Answer(Kind.ITEMS, 200, null, retryAfter, items.clone(), reasons.clone());
  }

  /**
   * Accepted, but durable only once the receiver confirms {@code token} (a Splunk ackId): the sink
   * sends its other parts meanwhile and has the protocol {@link Protocol#confirm confirm} every
   * pending token of the batch at once before it acknowledges the batch.
   */
  public static Answer pending(long token) {
    Answer a = new Answer(Kind.PENDING, 200, null, null, null, null);
    a.token = token;
    return a;
  }

  /** The token of a {@link Kind#PENDING} answer. */
  public long token() {
    return token;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status (or -1 for a connection failure). */
  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public Item item(int i) {
    return items[i];
  }

  public String itemReason(int i) {
    return itemReasons[i];
  }

  public int itemCount() {
    return items == null ? 0 : items.length;
  }

  @Override
  public String toString() {
    return kind + (status >= 0 ? " " + status : "") + (reason != null ? " " + reason : "");
  }
}
