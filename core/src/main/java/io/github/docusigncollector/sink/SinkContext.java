package io.github.docusigncollector.sink;

import io.github.docusigncollector.http.Sleeper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * What a sink gets besides its settings: the state directory (dead letters live there), the
 * environment (for {@code proxy: true}), standard output, the clock, sleeping and randomness
 * (injected so that retries are tested without waiting), and the HTTP time-outs of section 3.
 */
public record SinkContext(
    Path stateDir,
    Map<String, String> env,
    PrintStream stdout,
    Clock clock,
    Sleeper sleeper,
    Random random,
    Duration connectTimeout,
    Duration requestTimeout) {
  public SinkContext {
    env = Map.copyOf(env);
  }

  /** The real clock, sleeping and randomness; the process environment; 10 s / 60 s time-outs. */
  public static SinkContext of(Path stateDir, PrintStream stdout) {
    return new SinkContext(
        stateDir,
        System.getenv(),
        stdout,
        Clock.systemUTC(),
        Sleeper.SYSTEM,
        new Random(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
  }

  public SinkContext withClock(Clock c, Sleeper s) {
    return new SinkContext(stateDir, env, stdout, c, s, random, connectTimeout, requestTimeout);
  }

  public SinkContext withEnv(Map<String, String> e) {
    return new SinkContext(
        stateDir, e, stdout, clock, sleeper, random, connectTimeout, requestTimeout);
  }

  public SinkContext withTimeouts(Duration connect, Duration request) {
    return new SinkContext(stateDir, env, stdout, clock, sleeper, random, connect, request);
  }

  /** The dead-letter file of this state directory. */
  public Path deadLetterFile() {
    return stateDir.resolve(DeadLetters.FILE_NAME);
  }
}
