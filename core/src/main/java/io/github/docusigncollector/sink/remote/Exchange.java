package io.github.docusigncollector.sink.remote;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

/** What a {@link Protocol} may do besides reading an answer: more requests, waiting, the time. */
public interface Exchange {
  /** Sends a request with the sink's client (the time-out is set here). */
  Response send(HttpRequest.Builder request) throws IOException;

  /** Waits (the injected sleeper). */
  void sleep(Duration d) throws InterruptedException;

  /** Now (the injected clock). */
  Instant now();

  /** When this delivery gives up retrying (the start of its failures plus {@code retry_for}). */
  Instant giveUpAt();
}
