package io.github.docusigncollector.http;

import static io.github.docusigncollector.http.Wording.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.auth.JwtAssertion;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.state.SharedState.CachedToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's JWT Grant: a newly signed assertion of its integration key and impersonated user
 * for its scopes, posted to {@code /oauth/token} of its server_url; the answer as a token to cache.
 * A refusal is worded by {@link DocuSignErrors#tokenError}.
 */
final class JwtGrant {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private final CollectorConfig config;
  private final Set<String> scopes;
  private final String subject;
  private final Clock clock;

  JwtGrant(CollectorConfig config, Set<String> scopes, String subject, Clock clock) {
    this.config = config;
    this.scopes = scopes;
    this.subject = subject;
    this.clock = clock;
  }

  private record TokenAnswer(String accessToken, long expiresIn) {}

  /** Asks for a token through {@code requests}; the assertion and the token are redacted. */
  CachedToken request(ApiRequests requests) {
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
            + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    URI uri = resolve(config.serverUrl(), "/oauth/token");
    LOG.debug("requesting an access token for scopes {}", scopes);
    TokenAnswer a =
        requests.postForm(
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
}
