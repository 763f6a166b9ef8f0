package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.Wording.describe;
import static io.github.docusigncollector.http.Wording.firstLine;
import static io.github.docusigncollector.http.Wording.human;
import static io.github.docusigncollector.http.Wording.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.auth.JwtAssertion;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.error.ThrottledException;
import io.github.docusigncollector.state.SharedState.CachedToken;
import io.github.docusigncollector.state.SharedState.CachedUserInfo;
import io.github.docusigncollector.state.SharedStateStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client every DocuSign call goes through: JWT Grant tokens cached in the state, the
 * allowed-host rule, the API budget and burst limiter, DocuSign's rate-limit headers, throttle
 * waits, retries with backoff, and TLS/proxy settings of its own (never the JVM's). Thread-safe:
 * threads share one token, one budget lease, one burst window and one pacer, each call counted once
 * under {@code permitLock}; throttle and backoff waits are per request.
 */
public final class DocuSignClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A cached token is renewed this long before it expires. */
  public static final Duration TOKEN_RENEW_BEFORE = Duration.ofMinutes(15);

  /** The cached userinfo answer is fetched again after this long. */
  public static final Duration USERINFO_TTL = Duration.ofHours(24);

  /** Consecutive throttled answers to one request after which the cycle ends early. */
  static final int MAX_THROTTLES_PER_REQUEST = 10;

  private static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final CollectorConfig config;
  private final SharedStateStore state;
  private final Clock clock;
  private final HttpClient http;
  private final AllowedHosts allowed;
  private final DocuSignErrors errors;
  private final Backoff backoff;
  private final Set<String> scopes;
  private final String subject;
  private final EnvProxySelector proxies;
  private final Waits waits;
  private final CallPermits permits;
  private final Object tokenLock = new Object();
  private volatile CachedToken token;
  private volatile CachedUserInfo userInfo;
  private volatile ApiObserver observer = ApiObserver.NONE;

  public DocuSignClient(
      CollectorConfig config, SharedStateStore state, Clock clock, Sleeper sleeper) {
    this(config, state, clock, sleeper, ClientOptions.defaults());
  }

  public DocuSignClient(
      CollectorConfig config,
      SharedStateStore state,
      Clock clock,
      Sleeper sleeper,
      ClientOptions options) {
    this.config = config;
    this.state = state;
    this.clock = clock;
    this.allowed = new AllowedHosts(config);
    this.backoff =
        options.retries()
            ? Backoff.standard(options.random())
            : new Backoff(Duration.ZERO, Duration.ZERO, 1, options.random());
    Set<String> s = new LinkedHashSet<>(config.scopes());
    s.addAll(options.extraScopes());
    this.scopes = Set.copyOf(s);
    this.subject = config.serverUrl() + " " + config.integrationKey() + " " + config.userId();
    this.errors = new DocuSignErrors(config, scopes);
    this.waits = new Waits(sleeper);
    this.permits = new CallPermits(config, state, clock, waits, errors);

    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(config.connectTimeout());
    TlsContexts.configure(b, config.insecure(), config.caFile());
    if (config.insecure()) {
      LOG.warn(
          "insecure: true - TLS certificates and host names are NOT verified; anyone on the"
              + " network path can read the access token. Prefer ca_file.");
    }
    EnvProxySelector sel = config.proxy() ? EnvProxySelector.fromEnv(options.env()) : null;
    this.proxies = sel != null && sel.hasCredentials() ? sel : null;
    if (proxies != null) {
      allowBasicForProxyTunnels();
    }
    if (sel != null) {
      if (sel.isEmpty()) {
        LOG.warn("proxy: true, but neither HTTPS_PROXY nor HTTP_PROXY is set: connecting directly");
      } else {
        LOG.debug("proxy: {}", sel.describe());
      }
      b.proxy(sel);
    } else {
      b.proxy(HttpClient.Builder.NO_PROXY);
    }
    this.http = b.build();
  }

  /**
   * The JDK's HTTP client leaves out a Basic {@code Proxy-Authorization} from the CONNECT of an
   * https tunnel unless {@code jdk.http.auth.tunneling.disabledSchemes} allows it. That property
   * applies to the whole JVM, which the collector never changes (SPEC §6): the launcher sets it
   * empty among its JVM defaults, and a JVM started otherwise is told at start what to add.
   */
  private static void allowBasicForProxyTunnels() {
    String value = System.getProperty("jdk.http.auth.tunneling.disabledSchemes");
    if (value == null || value.toLowerCase(java.util.Locale.ROOT).contains("basic")) {
      LOG.warn(
          "the proxy URL carries a user name and password, but this JVM sends no Basic proxy"
              + " authentication through https tunnels: start it with"
              + " -Djdk.http.auth.tunneling.disabledSchemes= (bin/docusign-collector does)");
    }
  }

  // ---------------------------------------------------------------- public API

  /** Reports every call, throttle wait and retry to {@code o} (metrics); none by default. */
  public void observe(ApiObserver o) {
    this.observer = o == null ? ApiObserver.NONE : o;
  }

  /**
   * Authenticated GET: allowed-host check (SPEC §6), API budget and burst limiter, rate-limit
   * headers, throttle waits, retries with backoff for 5xx/IO/malformed, 401 -> new token, retry
   * once. Passes 2xx and 404 answers to the parser; throws CollectorException for the rest (401
   * that persists / 403 -> exit 3; others -> exit 1) and ThrottledException when a wait would
   * exceed max_wait or the hourly budget is spent.
   */
  public <T> T get(URI uri, BodyParser<T> parser) {
    allowed.check(uri);
    return execute("GET", uri, null, parser);
  }

  /**
   * As {@link #get(URI, BodyParser)}, receiving the body into {@code buffer} (reused from one call
   * to the next) and passing the parser its array and length; for large answers read back to back.
   */
  public <T> T get(URI uri, ResponseBuffer buffer, BodySliceParser<T> parser) {
    allowed.check(uri);
    return execute("GET", uri, null, parser, buffer);
  }

  /** A valid token: cached in the state, or a new JWT Grant. */
  public String accessToken() {
    CachedToken t = token;
    Instant now = clock.instant();
    if (usable(t, now)) {
      return t.accessToken();
    }
    synchronized (tokenLock) {
      t = token;
      if (usable(t, now)) {
        return t.accessToken();
      }
      CachedToken stored = state.readShared().token();
      if (stored != null) {
        Secrets.register(stored.accessToken());
      }
      if (usable(stored, now)) {
        token = stored;
        LOG.debug("using the cached access token (expires {})", stored.expiresAt());
        return stored.accessToken();
      }
      CachedToken fresh = requestToken();
      token = fresh;
      state.updateShared(st -> st.withToken(fresh));
      return fresh.accessToken();
    }
  }

  /**
   * A new JWT Grant whatever is cached: a newly signed assertion and a token request, for the
   * commands whose job is to prove the configuration (auth-test, go-live-check), since a cached
   * token says nothing about the key configured now. The new token then replaces the cached one.
   */
  public String freshAccessToken() {
    synchronized (tokenLock) {
      CachedToken fresh = requestToken();
      token = fresh;
      state.updateShared(st -> st.withToken(fresh));
      return fresh.accessToken();
    }
  }

  /** Drops the cached token (reset-token). Idempotent. */
  public void resetToken() {
    synchronized (tokenLock) {
      token = null;
      state.updateShared(s -> s.token() == null ? s : s.withoutToken());
    }
  }

  /** GET /oauth/userinfo, cached in the shared state. */
  public UserInfo userInfo() {
    Instant now = clock.instant();
    CachedUserInfo c = userInfo;
    if (!fresh(c, now)) {
      c = state.readShared().userInfo();
    }
    if (fresh(c, now)) {
      try {
        userInfo = c;
        return UserInfo.fromJson(c.body());
      } catch (IOException e) {
        LOG.debug("cached userinfo unreadable, fetching it again: {}", e.getMessage());
      }
    }
    return fetchUserInfo();
  }

  /** GET /oauth/userinfo now, whatever is cached (auth-test); the answer replaces the cache. */
  public UserInfo fetchUserInfo() {
    URI uri = resolve(config.serverUrl(), "/oauth/userinfo");
    JsonNode body =
        get(
            uri,
            (status, bytes) -> {
              if (status != 200) {
                throw new IOException("userinfo answered HTTP " + status);
              }
              return JSON.readTree(bytes);
            });
    UserInfo parsed;
    try {
      parsed = UserInfo.fromJson(body);
    } catch (IOException e) {
      throw CollectorException.operational(
          "DocuSign's /oauth/userinfo answer is not usable: " + e.getMessage());
    }
    CachedUserInfo c = new CachedUserInfo(subject, clock.instant(), body);
    userInfo = c;
    state.updateShared(s -> s.withUserInfo(c));
    return parsed;
  }

  /** base_uri of account_id (or the default account), cached. */
  public URI esignBaseUri() {
    UserInfo ui = userInfo();
    Optional<UserInfo.Account> acct = pickAccount(ui);
    if (acct.isEmpty() && config.accountId() != null) {
      // Maybe the user joined the account since the answer was cached.
      ui = fetchUserInfo();
      acct = pickAccount(ui);
    }
    if (acct.isEmpty()) {
      List<String> ids = new ArrayList<>();
      ui.accounts().forEach(a -> ids.add(a.accountId()));
      if (config.accountId() != null) {
        throw CollectorException.auth(
            "account_id "
                + config.accountId()
                + " is not among the accounts of the impersonated user (user_id "
                + config.userId()
                + "), whose accounts are "
                + ids
                + ". Set account_id to one of them, or impersonate a user of that account.");
      }
      throw CollectorException.auth(
          "the impersonated user (user_id " + config.userId() + ") has no eSignature account.");
    }
    String base = acct.get().baseUri();
    if (base == null || base.isBlank()) {
      throw CollectorException.operational(
          "DocuSign's /oauth/userinfo gives no base_uri for account " + acct.get().accountId());
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw CollectorException.operational(
          "DocuSign's /oauth/userinfo gives a base_uri that is not a URL for account "
              + acct.get().accountId());
    }
    allowed.check(uri);
    return uri;
  }

  /** The API calls counted in this clock hour through this state directory. */
  public int apiCallsThisHour() {
    return permits.callsThisHour();
  }

  /** The scopes every token of this client asks for. */
  public Set<String> scopes() {
    return scopes;
  }

  /** Gives the unused rest of the call lease back to the hour's shared count. */
  @Override
  public void close() {
    // The JDK 17 HttpClient holds no resource that needs closing; its threads are daemons.
    permits.release();
  }

  // ---------------------------------------------------------------- token

  private boolean usable(CachedToken t, Instant now) {
    return t != null
        && subject.equals(t.subject())
        && now.isBefore(t.expiresAt().minus(renewBefore(t)))
        && t.scopes().containsAll(scopes);
  }

  /**
   * 15 minutes before expiry; for a token that lives less than 30 minutes (a simulator's), half its
   * lifetime, so that a short-lived token is still reused rather than renewed per call.
   */
  static Duration renewBefore(CachedToken t) {
    if (t.issuedAt() == null) {
      return TOKEN_RENEW_BEFORE;
    }
    Duration half = Duration.between(t.issuedAt(), t.expiresAt()).dividedBy(2);
    return half.compareTo(TOKEN_RENEW_BEFORE) < 0 ? half : TOKEN_RENEW_BEFORE;
  }

  private boolean fresh(CachedUserInfo c, Instant now) {
    return c != null
        && subject.equals(c.subject())
        && now.isBefore(c.fetchedAt().plus(USERINFO_TTL));
  }

  private record TokenAnswer(String accessToken, long expiresIn) {}

  private CachedToken requestToken() {
    if (config.privateKey() == null) {
      throw CollectorException.config(
          "no private key configured: set private_key_file or private_key (or"
              + " DOCUSIGN_PRIVATE_KEY_FILE / DOCUSIGN_PRIVATE_KEY).");
    }
    Instant now = clock.instant();
    String assertion =
        JwtAssertion.sign(
            config.privateKey(),
            config.integrationKey(),
            config.userId(),
            audience(config.serverUrl()),
            scopes,
            now);
    Secrets.register(assertion);
    String form =
        "grant_type="
            + URLEncoder.encode(JWT_GRANT, StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    URI uri = resolve(config.serverUrl(), "/oauth/token");
    LOG.debug("requesting an access token for scopes {}", scopes);
    TokenAnswer a =
        execute(
            "POST",
            uri,
            form,
            (status, body) -> {
              JsonNode root = JSON.readTree(body);
              JsonNode at = root == null ? null : root.get("access_token");
              if (at == null || !at.isTextual() || at.asText().isEmpty()) {
                throw new IOException("the token answer has no access_token");
              }
              Secrets.register(at.asText());
              long expiresIn = root.path("expires_in").asLong(3600);
              return new TokenAnswer(at.asText(), expiresIn);
            });
    Instant expires = now.plusSeconds(Math.max(0, a.expiresIn()));
    LOG.debug("got an access token, expires {}", expires);
    return new CachedToken(a.accessToken(), expires, scopes, subject, now);
  }

  /** The JWT {@code aud}: the host of server_url, with {@code :port} when the URL has one. */
  static String audience(URI serverUrl) {
    return serverUrl.getPort() == -1
        ? serverUrl.getHost()
        : serverUrl.getHost() + ":" + serverUrl.getPort();
  }

  // ---------------------------------------------------------------- one request

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
      String bearerToken = bearer ? accessToken() : null;
      permits.acquire(observer);
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(uri)
              .timeout(config.requestTimeout())
              .header("Accept", "application/json")
              .header("User-Agent", "docusign-collector");
      if (bearerToken != null) {
        rb.header("Authorization", "Bearer " + bearerToken);
      }
      String proxyAuth = proxies == null ? null : proxies.proxyAuthorization(uri);
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
                ? http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray())
                : http.send(rb.build(), buffer.handler());
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
        dropToken(bearerToken);
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
    if (d.compareTo(NOTABLE_WAIT) >= 0) {
      waits
          .listener()
          .waiting(d, "retry " + n + " of " + (backoff.maxAttempts() - 1) + " of " + where);
    }
    waits.sleep(d, where);
    return n;
  }

  private void dropToken(String rejected) {
    synchronized (tokenLock) {
      CachedToken t = token;
      if (t != null && t.accessToken().equals(rejected)) {
        token = null;
      }
      // Only the rejected one: another process may have stored a fresh token meanwhile.
      state.updateShared(
          s ->
              s.token() != null && s.token().accessToken().equals(rejected) ? s.withoutToken() : s);
    }
  }

  /**
   * Receives every wait of a second or more (throttle, rate limit, retry backoff) before it begins,
   * e.g. to show it on a progress line.
   */
  @FunctionalInterface
  public interface WaitListener {
    WaitListener NONE = (d, cause) -> {};

    void waiting(Duration d, String cause);
  }

  /** Waits of at least this long are logged at INFO and told to the {@link WaitListener}. */
  public static final Duration NOTABLE_WAIT = Duration.ofSeconds(1);

  /** Sets who hears of waits of a second or more. */
  public void onWait(WaitListener l) {
    waits.listener(l);
  }

  // ---------------------------------------------------------------- helpers

  private static Throttle.Headers headers(HttpHeaders h) {
    return new Throttle.Headers(
        h.firstValue("Retry-After").orElse(null),
        h.firstValue("X-RateLimit-Remaining").orElse(null),
        h.firstValue("X-RateLimit-Reset").orElse(null),
        h.firstValue("X-BurstLimit-Remaining").orElse(null),
        h.firstValue("X-RateLimit-Limit").orElse(null),
        h.firstValue("X-BurstLimit-Limit").orElse(null));
  }

  private Optional<UserInfo.Account> pickAccount(UserInfo ui) {
    if (config.accountId() != null) {
      return ui.accounts().stream()
          .filter(a -> config.accountId().equalsIgnoreCase(a.accountId()))
          .findFirst();
    }
    Optional<UserInfo.Account> def =
        ui.accounts().stream().filter(UserInfo.Account::isDefault).findFirst();
    return def.isPresent() ? def : ui.accounts().stream().findFirst();
  }
}
