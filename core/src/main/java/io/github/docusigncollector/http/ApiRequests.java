package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.Wording.describe;
import static io.github.docusigncollector.http.Wording.firstLine;
import static io.github.docusigncollector.http.Wording.human;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.error.ThrottledException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's requests to DocuSign, each through the same steps: the allowed-host rule for URLs
 * that came from an answer, the bearer token, a {@link CallPermits permit}, the exchange, the
 * rate-limit headers, then by the answer: a throttle wait as DocuSign asks (or the end of the cycle
 * past {@code max_wait}), a 401 that renews the token once, a transient failure retried by the
 * retry policy ({@link Backoff}), or a refusal worded by {@link DocuSignErrors}. Logs under the
 * client's name, which operators' logging settings know.
 */
final class ApiRequests {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignClient.class);

  /** Consecutive throttled answers to one request after which the cycle ends early. */
  static final int MAX_THROTTLES_PER_REQUEST = 10;

  /** Where the bearer token of a request comes from, and is told that DocuSign rejected it. */
  interface Tokens {
    String accessToken();

    void rejected(String token);
  }

  private final CollectorConfig config;
  private final Transport transport;
  private final AllowedHosts allowed;
  private final CallPermits permits;
  private final Backoff backoff;
  private final Waits waits;
  private final DocuSignErrors errors;
  private final Clock clock;
  private final Tokens tokens;
  private volatile ApiObserver observer = ApiObserver.NONE;

  ApiRequests(
      CollectorConfig config,
      Transport transport,
      AllowedHosts allowed,
      CallPermits permits,
      Backoff backoff,
      Waits waits,
      DocuSignErrors errors,
      Clock clock,
      Tokens tokens) {
    this.config = config;
    this.transport = transport;
    this.allowed = allowed;
    this.permits = permits;
    this.backoff = backoff;
    this.waits = waits;
    this.errors = errors;
    this.clock = clock;
    this.tokens = tokens;
  }

  void observe(ApiObserver o) {
    this.observer = o == null ? ApiObserver.NONE : o;
  }

  /** An authenticated GET of {@code uri} (checked against the allowed hosts). */
  <T> T get(URI uri, BodyParser<T> parser) {
    allowed.check(uri);
    return execute("GET", uri, null, parser);
  }

  /** As {@link #get(URI, BodyParser)}, the body received into {@code buffer}. */
  <T> T get(URI uri, ResponseBuffer buffer, BodySliceParser<T> parser) {
    allowed.check(uri);
    return execute("GET", uri, null, parser, buffer);
  }

  /** A form POST to the token endpoint of server_url (no bearer token). */
  <T> T postForm(URI uri, String form, BodyParser<T> parser) {
    return execute("POST", uri, form, parser);
  }

  private <T> T execute(String method, URI uri, String form, BodyParser<T> parser) {
    return execute(method, uri, form, (status, body, length) -> parser.parse(status, body), null);
  }

  private <T> T execute(
      String method, URI uri, String form, BodySliceParser<T> parser, ResponseBuffer buffer) {
    Api api = Api.of(uri);
    boolean bearer = api != Api.TOKEN;
    int failures = 0;
    int throttles = 0;
    boolean renewed = false;
    String where = method + " " + describe(uri);
    while (true) {
      String bearerToken = bearer ? tokens.accessToken() : null;
      permits.acquire(observer);
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(uri)
              .timeout(config.requestTimeout())
              .header("Accept", "application/json")
              .header("User-Agent", "docusign-collector");
      if (bearerToken != null) {
        rb.header("Authorization", "Bearer " + bearerToken);
      }
      String proxyAuth = transport.proxyAuthorization(uri);
      if (proxyAuth != null) {
        rb.header("Proxy-Authorization", proxyAuth);
      }
      if (form != null) {
        rb.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
      } else {
        rb.GET();
      }
      long t0 = System.nanoTime();
      HttpResponse<?> resp;
      try {
        resp =
            buffer == null
                ? transport.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray())
                : transport.send(rb.build(), buffer.handler());
      } catch (IOException e) {
        if (DocuSignErrors.isCertificateFailure(e)) {
          throw DocuSignErrors.tlsFailure(uri, e);
        }
        String cause = errors.describeIo(e, uri);
        LOG.debug("{} failed: {}", where, cause);
        observer.apiCall(api.label(), 0);
        failures = retryOrFail(failures, where, cause, e, Duration.ZERO);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CollectorException.operational("interrupted during " + where, e);
      }
      int status = resp.statusCode();
      observer.apiCall(api.label(), status);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      LOG.debug("{} -> {} in {} ms", where, status, ms);
      Throttle.Headers h = headers(resp.headers());
      Instant now = clock.instant();
      permits.observe(h, now);
      byte[] received;
      int length;
      if (buffer != null) {
        received = buffer.array();
        length = buffer.length();
      } else {
        received = resp.body() instanceof byte[] b ? b : new byte[0];
        length = received.length;
      }
      boolean success = (status >= 200 && status < 300) || status == 404;
      // Failure paths read the body for DocuSign's error code and message: an exact copy.
      byte[] body = success || buffer == null ? received : buffer.copy();

      if (status == 401 && bearer) {
        if (renewed) {
          throw errors.tokenRefused(where, body);
        }
        renewed = true;
        LOG.debug("{} answered 401: dropping the cached token and retrying once", where);
        tokens.rejected(bearerToken);
        continue;
      }
      // Only a 429 or a 400 can be a throttle; a success is not parsed twice to find out.
      String code = status == 429 || status == 400 ? DocuSignErrors.errorCode(body) : null;
      Optional<Throttle.Decision> d = Throttle.decide(status, code, h, now);
      if (d.isPresent()) {
        throttles++;
        Duration wait = d.get().delay();
        String why = "DocuSign throttled " + where + " (" + d.get().cause() + ")";
        if (wait.compareTo(config.maxWait()) > 0) {
          throw errors.beyondMaxWait(why, wait);
        }
        if (throttles > MAX_THROTTLES_PER_REQUEST) {
          throw new ThrottledException(
              why + " " + throttles + " times in a row: stopping the cycle at a clean checkpoint",
              wait);
        }
        observer.throttleWait(wait);
        waits.waitFor(wait, why + "; retrying " + where + " after it", where);
        continue;
      }
      if (status >= 500) {
        // A server that says when to come back (maintenance) is believed, within max_wait.
        Duration hint = Throttle.retryAfter(h.retryAfter(), now).orElse(Duration.ZERO);
        if (hint.compareTo(config.maxWait()) > 0) {
          hint = Duration.ZERO;
        }
        failures =
            retryOrFail(
                failures, where, "HTTP " + status + DocuSignErrors.errorSummary(body), null, hint);
        continue;
      }
      if (status == 407) {
        throw DocuSignErrors.proxyRefused(where);
      }
      if (api == Api.TOKEN && status >= 400) {
        throw errors.tokenError(status, body);
      }
      if (status == 403) {
        throw errors.forbidden(api, where, body);
      }
      if (success) {
        try {
          return parser.parse(status, received, length);
        } catch (IOException e) {
          String cause =
              "malformed answer ("
                  + e.getClass().getSimpleName()
                  + ": "
                  + firstLine(e.getMessage())
                  + ")";
          LOG.debug("{}: {}", where, cause);
          // not passed on as the cause: a parser's message may quote the body
          failures = retryOrFail(failures, where, cause, null, Duration.ZERO);
          continue;
        }
      }
      throw DocuSignErrors.unexpected(status, where, body);
    }
  }

  /** Counts a transient failure: waits the backoff, or throws exit 1 once attempts are spent. */
  private int retryOrFail(int failures, String where, String cause, Throwable e, Duration atLeast) {
    int n = failures + 1;
    if (n >= backoff.maxAttempts()) {
      throw DocuSignErrors.gaveUp(where, n, cause, e);
    }
    Duration d = backoff.delay(n - 1);
    if (d.compareTo(atLeast) < 0) {
      d = atLeast;
    }
    observer.retry();
    LOG.warn(
        "{} failed ({}); retry {} of {} in {}",
        where,
        Secrets.redact(cause),
        n,
        backoff.maxAttempts() - 1,
        human(d));
    // Told to the progress line, but not logged again: the warning above says it all.
    if (d.compareTo(DocuSignClient.NOTABLE_WAIT) >= 0) {
      waits
          .listener()
          .waiting(d, "retry " + n + " of " + (backoff.maxAttempts() - 1) + " of " + where);
    }
    waits.sleep(d, where);
    return n;
  }

  private static Throttle.Headers headers(HttpHeaders h) {
    return new Throttle.Headers(
        h.firstValue("Retry-After").orElse(null),
        h.firstValue("X-RateLimit-Remaining").orElse(null),
        h.firstValue("X-RateLimit-Reset").orElse(null),
        h.firstValue("X-BurstLimit-Remaining").orElse(null),
        h.firstValue("X-RateLimit-Limit").orElse(null),
        h.firstValue("X-BurstLimit-Limit").orElse(null));
  }
}
