package io.github.docusigncollector.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Consent, the JWT Grant and access tokens. */
final class AuthService {
  /** Every scope the simulator knows; {@code consent(true)} grants them all. */
  static final List<String> ALL_SCOPES =
      List.of(
          "signature",
          "impersonation",
          "openid",
          "extended",
          "organization_read",
          "user_read",
          "user_write",
          "account_read",
          "group_read",
          "permission_read",
          "domain_read",
          "identity_provider_read");

  /** An issued access token. */
  record Token(Set<String> scopes, Instant expiresAt) {}

  /** The outcome of a token request: a token, or an OAuth error (status 400). */
  record Grant(String accessToken, long expiresIn, String error, String description) {}

  private final ObjectMapper json;
  private final SecureRandom random = new SecureRandom();
  private final String integrationKey;
  private final String userId;
  private final List<PublicKey> keys = new CopyOnWriteArrayList<>();
  private final Set<String> consented = ConcurrentHashMap.newKeySet();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Duration lifetime;

  AuthService(ObjectMapper json, String integrationKey, String userId, Duration lifetime) {
    this.json = json;
    this.integrationKey = integrationKey;
    this.userId = userId;
    this.lifetime = lifetime;
  }

  void registerKey(PublicKey key) {
    keys.add(key);
  }

  void grant(Collection<String> scopes) {
    for (String s : scopes) {
      if (!s.isBlank()) {
        consented.add(s.trim());
      }
    }
  }

  void revoke() {
    consented.clear();
  }

  Set<String> consented() {
    return Set.copyOf(consented);
  }

  void expireAll() {
    tokens.clear();
  }

  int tokenCount() {
    return tokens.size();
  }

  String randomCode(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The token's record if it is known and not expired at now, else null. */
  Token check(String bearer, Instant now) {
    if (bearer == null) {
      return null;
    }
    Token t = tokens.get(bearer);
    if (t == null || !now.isBefore(t.expiresAt())) {
      return null;
    }
    return t;
  }

  Grant jwtGrant(String grantType, String assertion, Instant now, Set<String> audiences) {
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grantType)) {
      return error("unsupported_grant_type", null);
    }
    if (assertion == null) {
      return invalid("no_valid_keys_or_signatures");
    }
    int dot1 = assertion.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : assertion.indexOf('.', dot1 + 1);
    if (dot2 < 0 || assertion.indexOf('.', dot2 + 1) >= 0) {
      return invalid("no_valid_keys_or_signatures");
    }
    String[] parts = {
      assertion.substring(0, dot1),
      assertion.substring(dot1 + 1, dot2),
      assertion.substring(dot2 + 1)
    };
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return invalid("no_valid_keys_or_signatures");
    }
    if (header == null || claims == null || !claims.isObject()) {
      return invalid("no_valid_keys_or_signatures");
    }
    if (!integrationKey.equals(claims.path("iss").asText(null))) {
      return invalid("issuer_not_found");
    }
    if (!"RS256".equals(header.path("alg").asText()) || !verifies(parts, signature)) {
      return invalid("no_valid_keys_or_signatures");
    }
    if (!userId.equals(claims.path("sub").asText(null))) {
      return invalid("user_not_found");
    }
    if (!audiences.contains(claims.path("aud").asText(""))) {
      return invalid("no_valid_keys_or_signatures");
    }
    if (!claims.path("exp").isNumber()) {
      return invalid("no_valid_keys_or_signatures");
    }
    long exp = claims.path("exp").asLong();
    long nowSec = now.getEpochSecond();
    if (exp <= nowSec) {
      return invalid("expired_grant");
    }
    if (claims.has("iat")) {
      long iat = claims.path("iat").asLong();
      if (exp - iat > 3600) {
        return invalid("no_valid_keys_or_signatures");
      }
    } else if (exp - nowSec > 3600) {
      return invalid("no_valid_keys_or_signatures");
    }
    if (claims.has("nbf") && claims.path("nbf").asLong() > nowSec) {
      return invalid("no_valid_keys_or_signatures");
    }
    Set<String> scopes = new LinkedHashSet<>();
    scopes.addAll(splitScopes(claims.path("scope").asText("signature")));
    if (scopes.isEmpty()) {
      scopes.add("signature");
    }
    if (!consented.containsAll(scopes)) {
      return error("consent_required", null);
    }
    String token = "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0." + randomCode(48);
    tokens.put(token, new Token(Set.copyOf(scopes), now.plus(lifetime)));
    return new Grant(token, lifetime.toSeconds(), null, null);
  }

  private boolean verifies(String[] parts, byte[] signature) {
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    for (PublicKey key : new ArrayList<>(keys)) {
      try {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(signed);
        if (s.verify(signature)) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // a key that cannot verify this signature: try the next
      }
    }
    return false;
  }

  private static Grant invalid(String description) {
    return error("invalid_grant", description);
  }

  private static Grant error(String error, String description) {
    return new Grant(null, 0, error, description);
  }

  static List<String> splitScopes(String s) {
    if (s == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : ' ';
      if (Character.isWhitespace(c) || c == '+' || c == ',') {
        if (word.length() > 0) {
          out.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    return out;
  }
}
