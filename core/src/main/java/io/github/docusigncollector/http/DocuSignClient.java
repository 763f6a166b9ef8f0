package io.github.docusigncollector.http;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.state.SharedState.CachedToken;
import io.github.docusigncollector.state.SharedStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
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

  /** A cached token is renewed this long before it expires. */
  public static final Duration TOKEN_RENEW_BEFORE = Duration.ofMinutes(15);

  /** The cached userinfo answer is fetched again after this long. */
  public static final Duration USERINFO_TTL = Duration.ofHours(24);

  private final Set<String> scopes;
  private final HttpClient http;
  private final EnvProxySelector proxies;
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

  public DocuSignClient(
      CollectorConfig config,
      SharedStateStore state,
      Clock clock,
      Sleeper sleeper,
      ClientOptions options) {
    AllowedHosts allowed = new AllowedHosts(config);
    Backoff backoff =
        options.retries()
            ? Backoff.standard(options.random())
            : new Backoff(Duration.ZERO, Duration.ZERO, 1, options.random());
    Set<String> s = new LinkedHashSet<>(config.scopes());
    s.addAll(options.extraScopes());
    this.scopes = Set.copyOf(s);
    String subject = config.serverUrl() + " " + config.integrationKey() + " " + config.userId();
    DocuSignErrors errors = new DocuSignErrors(config, scopes);
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
    this.grant = new JwtGrant(config, scopes, subject, clock);
    this.tokens = new AccessTokens(state, clock, subject, scopes, this::grantToken);
    this.requests =
        new ApiRequests(
            config, http, proxies, allowed, permits, backoff, waits, errors, clock, tokens);
    this.userInfo = new UserInfoCache(config, state, clock, subject, requests, allowed);
  }

  private CachedToken grantToken() {
    return grant.request(requests);
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
