package io.github.docusigncollector.http;

import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What a {@link DocuSignClient} takes besides the configuration: the environment for {@code proxy:
 * true}, the randomness of the backoff jitter, scopes to ask for beyond the configured event types'
 * (e.g. {@code get-events} of a type that is not configured), and whether failed calls are retried
 * ({@code go-live-check} must see every failure DocuSign sees).
 */
public record ClientOptions(
    Map<String, String> env, Random random, Set<String> extraScopes, boolean retries) {
  public ClientOptions {
    env = Map.copyOf(env);
    extraScopes = Set.copyOf(extraScopes);
  }

  /** With retries. */
  public ClientOptions(Map<String, String> env, Random random, Set<String> extraScopes) {
    this(env, random, extraScopes, true);
  }

  /** The process environment, a fresh {@link Random}, no extra scopes. */
  public static ClientOptions defaults() {
    return new ClientOptions(System.getenv(), new Random(), Set.of());
  }

  public ClientOptions withEnv(Map<String, String> e) {
    return new ClientOptions(e, random, extraScopes, retries);
  }

  public ClientOptions withRandom(Random r) {
    return new ClientOptions(env, r, extraScopes, retries);
  }

  public ClientOptions withExtraScopes(Set<String> s) {
    return new ClientOptions(env, random, s, retries);
  }

  /** A failed call (5xx, connection error, malformed body) fails at once instead of backing off. */
  public ClientOptions withoutRetries() {
    return new ClientOptions(env, random, extraScopes, false);
  }
}
