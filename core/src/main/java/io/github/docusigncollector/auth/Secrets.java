package io.github.docusigncollector.auth;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide list of secret values seen so far (private key text, JWT assertions, access
 * tokens, sink credentials) and the one place that scrubs them from text. The logging layout and
 * the command line's error output pass everything through {@link #redact}; code that obtains a
 * secret registers it at once. A safety net: the first rule is still never to put a secret into a
 * message.
 */
public final class Secrets {
  private static final int MIN_LENGTH = 8;
  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

  private Secrets() {}

  /** Remembers a secret so that it is masked wherever it would appear. Short values are ignored. */
  public static void register(String secret) {
    if (secret != null && secret.length() >= MIN_LENGTH) {
      KNOWN.add(secret);
    }
  }

  /** The text with every known secret replaced by {@code ***}. */
  public static String redact(String text) {
    if (text == null || KNOWN.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : KNOWN) {
      if (out.contains(s)) {
        out = out.replace(s, "***");
      }
    }
    return out;
  }
}
