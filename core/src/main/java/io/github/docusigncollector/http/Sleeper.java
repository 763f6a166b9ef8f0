package io.github.docusigncollector.http;

import java.time.Duration;

/** Waits; injected so that tests of minutes and hours advance a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** The real one. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
