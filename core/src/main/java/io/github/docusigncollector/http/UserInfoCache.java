package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.Wording.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.state.SharedState.CachedUserInfo;
import io.github.docusigncollector.state.SharedStateStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's answer of {@code /oauth/userinfo}, held in memory and in the shared state for
 * {@link DocuSignClient#USERINFO_TTL}, and the eSignature base URI of its account_id (or of the
 * user's default account) read from it.
 */
final class UserInfoCache {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CollectorConfig config;
  private final SharedStateStore state;
  private final Clock clock;
  private final String subject;
  private final ApiRequests requests;
  private final AllowedHosts allowed;
  private volatile CachedUserInfo held;

  UserInfoCache(
      CollectorConfig config,
      SharedStateStore state,
      Clock clock,
      String subject,
      ApiRequests requests,
      AllowedHosts allowed) {
    this.config = config;
    this.state = state;
    this.clock = clock;
    this.subject = subject;
    this.requests = requests;
    this.allowed = allowed;
  }

  /** The cached answer while fresh, else a new one. */
  UserInfo get() {
    Instant now = clock.instant();
    CachedUserInfo c = held;
    if (!fresh(c, now)) {
      c = state.readShared().userInfo();
    }
    if (fresh(c, now)) {
      try {
        held = c;
        return UserInfo.fromJson(c.body());
      } catch (IOException e) {
        LOG.debug("cached userinfo unreadable, fetching it again: {}", e.getMessage());
      }
    }
    return fetch();
  }

  /** A new answer, whatever is cached; it replaces the cache. */
  UserInfo fetch() {
    URI uri = resolve(config.serverUrl(), "/oauth/userinfo");
    JsonNode body =
        requests.get(
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
    held = c;
    state.updateShared(s -> s.withUserInfo(c));
    return parsed;
  }

  /** base_uri of account_id (or the default account), checked against the allowed hosts. */
  URI esignBaseUri() {
    UserInfo ui = get();
    Optional<UserInfo.Account> acct = pickAccount(ui);
    if (acct.isEmpty() && config.accountId() != null) {
      // Maybe the user joined the account since the answer was cached.
      ui = fetch();
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

  private boolean fresh(CachedUserInfo c, Instant now) {
    return c != null
        && subject.equals(c.subject())
        && now.isBefore(c.fetchedAt().plus(DocuSignClient.USERINFO_TTL));
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
