package io.github.docusigncollector.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;

/**
 * The signed JWT of DocuSign's JWT Grant (RS256): {@code iss} the integration key, {@code sub} the
 * impersonated user, {@code aud} the OAuth host, {@code exp = iat + 3600}, space-separated {@code
 * scope}. The result is a secret: it must never be logged.
 */
public final class JwtAssertion {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

  /** Lifetime of an assertion; DocuSign refuses longer ones. */
  public static final long LIFETIME_SECONDS = 3600;

  private JwtAssertion() {}

  public static String sign(
      SigningKey key,
      String integrationKey,
      String userId,
      String audience,
      Collection<String> scopes,
      Instant now) {
    long iat = now.getEpochSecond();
    String claims =
        "{\"iss\":"
            + jsonString(integrationKey)
            + ",\"sub\":"
            + jsonString(userId)
            + ",\"aud\":"
            + jsonString(audience)
            + ",\"iat\":"
            + iat
            + ",\"exp\":"
            + (iat + LIFETIME_SECONDS)
            + ",\"scope\":"
            + jsonString(String.join(" ", scopes))
            + "}";
    String signingInput = b64(HEADER) + "." + b64(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key.rsaKey());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      // The message of a signing failure names no key material; keep only the algorithm problem.
      throw new IllegalStateException(
          "cannot sign the JWT assertion: " + e.getClass().getSimpleName());
    }
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
