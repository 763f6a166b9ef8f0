package io.github.docusigncollector.sink.remote;

import io.github.docusigncollector.auth.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The common reading of HTTP statuses (SPEC §8), for protocols to start from. */
public final class Answers {
  private Answers() {}

  /**
   * 2xx delivered; 408, 429, 500, 502, 503, 504 sent again (honouring {@code Retry-After}); 413
   * split; 401/403 fatal naming the credential key; 404 fatal naming {@code output.url}; any other
   * status fatal with the start of the body.
   */
  public static Answer byStatus(Response r, String credentialKey) {
    int s = r.status();
    if (s >= 200 && s < 300) {
      return Answer.delivered();
    }
    return switch (s) {
      case 408, 429, 500, 502, 503, 504 -> Answer.retry(s, "HTTP " + s + snippet(r), retryAfter(r));
      case 413 -> Answer.tooLarge(s, "HTTP 413 (request too large)");
      case 401, 403 ->
          Answer.fatal(
              s,
              "the receiver refused the credential (HTTP "
                  + s
                  + snippet(r)
                  + "); check "
                  + credentialKey
                  + " (and that it may write where the events go)");
      case 404 ->
          Answer.fatal(
              s,
              "the receiver has no such endpoint (HTTP 404" + snippet(r) + "); check output.url");
      default ->
          Answer.fatal(
              s,
              "the receiver refused the request (HTTP "
                  + s
                  + snippet(r)
                  + "); check the output settings against the receiver's");
    };
  }

  /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
  public static Duration retryAfter(Response r) {
    if (r.headers() == null) {
      return null;
    }
    String v = r.headers().firstValue("Retry-After").orElse(null);
    if (v == null) {
      return null;
    }
    v = v.trim();
    try {
      long secs = Long.parseLong(v);
      return secs < 0 ? null : Duration.ofSeconds(Math.min(secs, 86_400));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** ": <the start of the body>" (redacted, one line, at most 200 characters), or "". */
  public static String snippet(Response r) {
    if (r.body() == null || r.body().length == 0) {
      return "";
    }
    String t =
        new String(
            r.body(), 0, Math.min(r.body().length, 400), java.nio.charset.StandardCharsets.UTF_8);
    t = Secrets.redact(t).replaceAll("\\s+", " ").trim();
    if (t.length() > 200) {
      t = t.substring(0, 200) + "…";
    }
    return t.isEmpty() ? "" : ": " + t;
  }
}
