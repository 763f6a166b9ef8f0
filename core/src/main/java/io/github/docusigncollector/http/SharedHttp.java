package io.github.docusigncollector.http;

import io.github.docusigncollector.config.CollectorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@link DocuSignClient}s of one process share, whatever their account: one {@link
 * Transport} (a JDK HTTP client with its TLS and proxy settings) per distinct {@link
 * Transport.Settings}, and the retry policy ({@link Backoff}: how often and after how long a failed
 * call is tried again). Everything that belongs to an account (its token, userinfo, budget lease
 * and burst window) stays in its own client. Thread-safe.
 */
public final class SharedHttp {
  private final Map<Transport.Settings, Transport> transports = new ConcurrentHashMap<>();
  private final Backoff retries;
  private final Backoff noRetries;

  /** With the standard retry policy, its jitter drawn from {@code random}. */
  public SharedHttp(Random random) {
    this.retries = Backoff.standard(random);
    this.noRetries = new Backoff(Duration.ZERO, Duration.ZERO, 1, random);
  }

  /** The transport for {@code config}'s TLS and proxy settings: made once, then shared. */
  public Transport transport(CollectorConfig config, Map<String, String> env) {
    return transports.computeIfAbsent(Transport.Settings.of(config, env), Transport::open);
  }

  /** The retry policy; with {@code retries} off, one attempt and no wait. */
  public Backoff retryPolicy(boolean retries) {
    return retries ? this.retries : noRetries;
  }

  /** How many JDK HTTP clients exist: one per distinct TLS and proxy settings asked for. */
  public int transports() {
    return transports.size();
  }
}
