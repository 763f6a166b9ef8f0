package io.github.docusigncollector.cli.ops;

import io.github.docusigncollector.config.Account;
import io.github.docusigncollector.config.Accounts;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.CollectorConfig.Listen;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run} adds for operators when {@code listen} is set: the {@link Telemetry} that the
 * client, the sink and the cycle feed, and the {@link OpsServer} that shows it. Without {@code
 * listen} there is neither, and every call here does nothing.
 */
public final class Operations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

  private final Telemetry telemetry;
  private OpsServer server;
  private volatile Thread loop;
  private volatile boolean ended;
  private long cycleStart;

  private Operations(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  /**
   * For {@code config} (its {@code listen}: null means none). Nothing listens before {@link
   * #start}.
   */
  public static Operations of(CollectorConfig config, StateStore state, Clock clock) {
    return new Operations(config.listen() == null ? null : new Telemetry(config, state, clock));
  }

  /**
   * For a configuration with {@code accounts:} ({@code config}'s {@code listen}: null means none):
   * every account under its name.
   */
  public static Operations of(CollectorConfig config, Accounts accounts, Clock clock) {
    return new Operations(config.listen() == null ? null : Telemetry.of(accounts, clock));
  }

  /** The telemetry to hook into the client and the sink; null without {@code listen}. */
  public Telemetry telemetry() {
    return telemetry;
  }

  /**
   * Starts listening (with the stored checkpoints as the streams' history); the loop is this
   * thread.
   */
  public void start(CollectorConfig config, StateStore state) {
    loop = Thread.currentThread();
    if (telemetry == null) {
      return;
    }
    seed(telemetry.accounts().get(0), state);
    listen(config);
  }

  /** As {@link #start(CollectorConfig, StateStore)}, every account seeded from its own state. */
  public void start(CollectorConfig config, Accounts accounts) {
    loop = Thread.currentThread();
    if (telemetry == null) {
      return;
    }
    for (Account a : accounts.list()) {
      seed(telemetry.account(a.name()), new StateStore(a.stateDir()));
    }
    listen(config);
  }

  private static void seed(Telemetry.AccountTelemetry account, StateStore state) {
    try {
      account.seed(state.readCheckpoints());
    } catch (RuntimeException e) {
      // a corrupt state ends the daemon with its own message; the page starts empty meanwhile
    }
  }

  private void listen(CollectorConfig config) {
    Listen listen = config.listen();
    server = OpsServer.start(listen, telemetry, this::loopAlive);
    if (!listen.isLoopback()) {
      LOG.warn(
          "listen: {} is not a loopback address: metrics and the status page (no secrets, but"
              + " account and stream details) are served to the network without authentication",
          listen);
    }
    LOG.info(
        "serving /metrics, /healthz, /readyz and the status page on http://{}/",
        new Listen(listen.host(), server.port()));
  }

  /** The port listened on, or -1. */
  public int port() {
    return server == null ? -1 : server.port();
  }

  private boolean loopAlive() {
    Thread t = loop;
    return !ended && t != null && t.isAlive();
  }

  public void cycleStarted() {
    cycleStart = System.nanoTime();
    if (telemetry != null) {
      telemetry.cycleStarted();
    }
  }

  public void cycleEnded(CycleResult r) {
    if (telemetry != null) {
      telemetry.cycleEnded(r, Duration.ofNanos(System.nanoTime() - cycleStart));
    }
  }

  @Override
  public void close() {
    ended = true;
    if (server != null) {
      server.close();
    }
  }
}
