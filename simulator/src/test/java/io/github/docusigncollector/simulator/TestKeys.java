package io.github.docusigncollector.simulator;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/** One RSA key pair for the whole test run: generating one per simulator costs ~0.5 s. */
final class TestKeys {
  private static KeyPair pair;

  private TestKeys() {}

  static synchronized KeyPair pair() {
    if (pair == null) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        pair = g.generateKeyPair();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return pair;
  }

  static DocuSignSimulator.Builder builder() {
    return DocuSignSimulator.builder().keyPair(pair());
  }
}
