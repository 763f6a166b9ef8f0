package io.github.docusigncollector.auth;

import java.security.interfaces.RSAPrivateKey;

/**
 * The app's RSA private key. It never prints: the JDK's own key {@code toString} shows the private
 * exponent, so the key travels wrapped in this type everywhere outside the signer.
 */
public final class SigningKey {
  private final RSAPrivateKey key;

  public SigningKey(RSAPrivateKey key) {
    this.key = key;
  }

  /** The key itself, for signing only. */
  public RSAPrivateKey rsaKey() {
    return key;
  }

  @Override
  public String toString() {
    return "RSA private key (" + key.getModulus().bitLength() + " bits, redacted)";
  }
}
