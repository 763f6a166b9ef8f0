package io.github.docusigncollector.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * DocuSign's throttling answers and what they ask of us: HTTP 429, or HTTP 400 whose {@code
 * errorCode} ends in {@code _LIMIT_EXCEEDED}. The wait is {@code Retry-After} when present; else
 * until {@code X-RateLimit-Reset} when the hourly limit is the cause; else the 30-second burst
 * window.
 */
public final class Throttle {
  /** The burst window: the wait when nothing better is known. */
  public static final Duration BURST_WAIT = Duration.ofSeconds(30);

  private Throttle() {}

  /** What a throttled answer asks for: the wait and a short cause for messages. */
  public record Decision(Duration delay, boolean hourly, String cause) {}

  /** The headers of one answer that matter here ({@code null} when absent). */
  public record Headers(
      String retryAfter,
      String rateLimitRemaining,
      String rateLimitReset,
      String burstRemaining,
      String rateLimitLimit,
      String burstLimit) {
    /** Without the limit headers (a limit is then taken as in force). */
    public Headers(
        String retryAfter,
        String rateLimitRemaining,
        String rateLimitReset,
        String burstRemaining) {
      this(retryAfter, rateLimitRemaining, rateLimitReset, burstRemaining, null, null);
    }
  }

  /** Empty when the answer is not a throttling one. */
  public static Optional<Decision> decide(
      int status, String errorCode, Headers headers, Instant now) {
    String code = errorCode == null ? "" : errorCode.toUpperCase(Locale.ROOT);
    boolean throttled = status == 429 || (status == 400 && code.endsWith("_LIMIT_EXCEEDED"));
    if (!throttled) {
      return Optional.empty();
    }
    Long remaining = parseLong(headers.rateLimitRemaining());
    boolean hourly = code.startsWith("HOURLY_") || (remaining != null && remaining <= 0);
    String cause = code.isEmpty() ? "HTTP " + status : code;
    Optional<Duration> retryAfter = retryAfter(headers.retryAfter(), now);
    if (retryAfter.isPresent()) {
      return Optional.of(new Decision(retryAfter.get(), hourly, cause));
    }
    if (hourly) {
      Instant reset = resetInstant(headers.rateLimitReset());
      if (reset == null) {
        // Hourly usage refreshes at the top of each hour.
        reset = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
      }
      Duration w = now.isBefore(reset) ? Duration.between(now, reset) : Duration.ZERO;
      return Optional.of(new Decision(w, true, cause));
    }
    return Optional.of(new Decision(BURST_WAIT, false, cause));
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; never negative. */
  static Optional<Duration> retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    Long seconds = parseLong(v);
    if (seconds != null) {
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(now.isBefore(at) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code X-RateLimit-Reset}: Unix epoch seconds. */
  static Instant resetInstant(String value) {
    Long epoch = parseLong(value);
    return epoch == null || epoch <= 0 ? null : Instant.ofEpochSecond(epoch);
  }

  static Long parseLong(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
