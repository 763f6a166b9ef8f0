package io.github.docusigncollector.http;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.state.SharedState.CachedToken;
import io.github.docusigncollector.state.SharedStateStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One DocuSign account's client, the way every call to DocuSign goes. What is the account's own
 * lives in small types of its own: its access token ({@link AccessTokens}, renewed by a {@link
 * JwtGrant}), its userinfo and eSignature base URI ({@link UserInfoCache}), its permission to call
 * ({@link CallPermits}: the burst window, DocuSign's rate-limit headers, its leases of the hour's
 * budget and of the shared burst limit) and how it waits ({@link Waits}); each request takes the
 * steps of {@link ApiRequests}, and DocuSign's refusals are worded by {@link DocuSignErrors}. What
 * accounts may share comes from a {@link SharedHttp}: the JDK HTTP client with its TLS and proxy
 * settings ({@link Transport}, never the JVM's) and the retry policy ({@link Backoff}).
 * Thread-safe: threads share one token, one budget lease, one burst window and one pacer, each call
 * counted once; throttle and backoff waits are per request.
 */
public final class DocuSignClient implements AutoCloseable {
  /** A cached token is renewed this long before it expires. */
  public static final Duration TOKEN_RENEW_BEFORE = Duration.ofMinutes(15);

  /** The cached userinfo answer is fetched again after this long. */
  public static final Duration USERINFO_TTL = Duration.ofHours(24);

  private final Set<String> scopes;
  private final Transport transport;
  private final Waits waits;
  private final CallPermits permits;
  private final ApiRequests requests;
  private final JwtGrant grant;
  private final AccessTokens tokens;
  private final UserInfoCache userInfo;

  public DocuSignClient(
      CollectorConfig config, SharedStateStore state, Clock clock, Sleeper sleeper) {
    this(config, state, clock, sleeper, ClientOptions.defaults());
  }

  /** With a JDK HTTP client and retry policy of its own. */
  public DocuSignClient(
      CollectorConfig config,
      SharedStateStore state,
      Clock clock,
      Sleeper sleeper,
      ClientOptions options) {
    this(config, state, clock, sleeper, options, new SharedHttp(options.random()));
  }

  /**
   * With the JDK HTTP client (for {@code config}'s TLS and proxy settings, the proxy variables read
   * from {@code options}' environment) and the retry policy of {@code shared}, which other
   * accounts' clients use too; {@code options}' randomness is then {@code shared}'s.
   */
  public DocuSignClient(
      CollectorConfig config,
      SharedStateStore state,
      Clock clock,
      Sleeper sleeper,
      ClientOptions options,
      SharedHttp shared) {
    Set<String> s = new LinkedHashSet<>(config.scopes());
    s.addAll(options.extraScopes());
    this.scopes = Set.copyOf(s);
    String subject = config.serverUrl() + " " + config.integrationKey() + " " + config.userId();
    AllowedHosts allowed = new AllowedHosts(config);
    DocuSignErrors errors = new DocuSignErrors(config, scopes);
    this.transport = shared.transport(config, options.env());
    this.waits = new Waits(sleeper);
    this.permits = new CallPermits(config, state, clock, waits, errors);
    this.grant = new JwtGrant(config, scopes, subject, clock);
    this.tokens = new AccessTokens(state, clock, subject, scopes, this::grantToken);
    this.requests =
        new ApiRequests(
            config,
            transport,
            allowed,
            permits,
            shared.retryPolicy(options.retries()),
            waits,
            errors,
            clock,
            tokens);
    this.userInfo = new UserInfoCache(config, state, clock, subject, requests, allowed);
  }

  private CachedToken grantToken() {
    return grant.request(requests);
  }

  /** The JDK HTTP client this client sends through, maybe shared with other accounts'. */
  public Transport transport() {
    return transport;
  }

  // ---------------------------------------------------------------- public API

  /** Reports every call, throttle wait and retry to {@code o} (metrics); none by default. */
  public void observe(ApiObserver o) {
    requests.observe(o);
  }

  /**
   * Authenticated GET: allowed-host check (SPEC §6), API budget and burst limiter, rate-limit
   * headers, throttle waits, retries with backoff for 5xx/IO/malformed, 401 -> new token, retry
   * once. Passes 2xx and 404 answers to the parser; throws CollectorException for the rest (401
   * that persists / 403 -> exit 3; others -> exit 1) and ThrottledException when a wait would
   * exceed max_wait or the hourly budget is spent.
   */
  public <T> T get(URI uri, BodyParser<T> parser) {
    return requests.get(uri, parser);
  }

  /**
   * As {@link #get(URI, BodyParser)}, receiving the body into {@code buffer} (reused from one call
   * to the next) and passing the parser its array and length; for large answers read back to back.
   */
  public <T> T get(URI uri, ResponseBuffer buffer, BodySliceParser<T> parser) {
    return requests.get(uri, buffer, parser);
  }

  /** A valid token: cached in the state, or a new JWT Grant. */
  public String accessToken() {
    return tokens.accessToken();
  }

  /**
   * A new JWT Grant whatever is cached: a newly signed assertion and a token request, for the
   * commands whose job is to prove the configuration (auth-test, go-live-check), since a cached
   * token says nothing about the key configured now. The new token then replaces the cached one.
   */
  public String freshAccessToken() {
    return tokens.fresh();
  }

  /** Drops the cached token (reset-token). Idempotent. */
  public void resetToken() {
    tokens.reset();
  }

  /** GET /oauth/userinfo, cached in the shared state. */
  public UserInfo userInfo() {
    return userInfo.get();
  }

  /** GET /oauth/userinfo now, whatever is cached (auth-test); the answer replaces the cache. */
  public UserInfo fetchUserInfo() {
    return userInfo.fetch();
  }

  /** base_uri of account_id (or the default account), cached. */
  public URI esignBaseUri() {
    return userInfo.esignBaseUri();
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
}
