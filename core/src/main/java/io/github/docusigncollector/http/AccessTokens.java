package io.github.docusigncollector.http;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.state.SharedState.CachedToken;
import io.github.docusigncollector.state.SharedStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's access token: held in memory and in the shared state (so that the processes of a
 * state directory use one token), reused until shortly before it expires, renewed by a JWT Grant
 * when missing, expired, issued for another subject or for fewer scopes, and dropped when DocuSign
 * rejects it. Thread-safe: concurrent callers make at most one grant.
 */
final class AccessTokens implements ApiRequests.Tokens {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignClient.class);

  private final SharedStateStore state;
  private final Clock clock;
  private final String subject;
  private final Set<String> scopes;
  private final Supplier<CachedToken> grant;
  private final Object lock = new Object();
  private volatile CachedToken token;

  /**
   * @param subject who the token is for (server, integration key, user): a cached token of another
   *     subject is never used
   * @param grant makes a JWT Grant
   */
  AccessTokens(
      SharedStateStore state,
      Clock clock,
      String subject,
      Set<String> scopes,
      Supplier<CachedToken> grant) {
    this.state = state;
    this.clock = clock;
    this.subject = subject;
    this.scopes = scopes;
    this.grant = grant;
  }

  /** A valid token: held, cached in the shared state, or a new JWT Grant. */
  @Override
  public String accessToken() {
    CachedToken t = token;
    Instant now = clock.instant();
    if (usable(t, now)) {
      return t.accessToken();
    }
    synchronized (lock) {
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
      return renew();
    }
  }

  /** A new JWT Grant whatever is held or cached; it replaces the cached token. */
  String fresh() {
    synchronized (lock) {
      return renew();
    }
  }

  /** Drops the held and the cached token. Idempotent. */
  void reset() {
    synchronized (lock) {
      token = null;
      state.updateShared(s -> s.token() == null ? s : s.withoutToken());
    }
  }

  /** DocuSign answered 401 to {@code rejected}: it is dropped, and only it. */
  @Override
  public void rejected(String rejected) {
    synchronized (lock) {
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

  private String renew() {
    CachedToken fresh = grant.get();
    token = fresh;
    state.updateShared(st -> st.withToken(fresh));
    return fresh.accessToken();
  }

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
      return DocuSignClient.TOKEN_RENEW_BEFORE;
    }
    Duration half = Duration.between(t.issuedAt(), t.expiresAt()).dividedBy(2);
    return half.compareTo(DocuSignClient.TOKEN_RENEW_BEFORE) < 0
        ? half
        : DocuSignClient.TOKEN_RENEW_BEFORE;
  }
}
