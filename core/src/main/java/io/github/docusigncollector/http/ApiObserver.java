package io.github.docusigncollector.http;

import java.time.Duration;

/**
 * Hears what the DocuSign client does, for metrics: each answer (or failure to get one), each
 * throttle wait and each retry. Called on the threads that make the calls, so implementations are
 * thread-safe and quick; they must not call back into the client.
 */
public interface ApiObserver {
  /** Observes nothing. */
  ApiObserver NONE = new ApiObserver() {};

  /**
   * One HTTP exchange ended.
   *
   * @param endpoint {@code token}, {@code userinfo}, {@code monitor}, {@code admin}, {@code esign}
   *     or {@code other}
   * @param status the HTTP status, or 0 when no answer came (connection failure, time-out)
   */
  default void apiCall(String endpoint, int status) {}

  /** The client waits {@code wait} for DocuSign's rate limits or the burst limit. */
  default void throttleWait(Duration wait) {}

  /** A failed call is tried again (after a 5xx, a connection error or a malformed answer). */
  default void retry() {}
}
