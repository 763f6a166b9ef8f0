package io.github.docusigncollector.cli;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.state.StateStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/** What every configured command needs, built once per invocation. */
final class CommandContext implements AutoCloseable {
  private final Invocation invocation;
  private final GlobalOptions global;
  private final CollectorConfig config;
  private StateStore state;
  private DocuSignClient client;

  private CommandContext(Invocation invocation, GlobalOptions global, CollectorConfig config) {
    this.invocation = invocation;
    this.global = global;
    this.config = config;
  }

  /**
   * Reads the global flags, sets the log level and loads the configuration (exit 2 listing every
   * problem). Creates nothing on disk.
   */
  static CommandContext open(CommandSpec spec) {
    Invocation invocation = invocation(spec);
    GlobalOptions global = GlobalOptions.of(spec);
    Logging.configure(invocation.env(), global.verbose());
    CollectorConfig config =
        ConfigLoader.load(global.config(), invocation.env(), invocation.workDir());
    return new CommandContext(invocation, global, config);
  }

  /** The invocation of the command line that {@code spec} belongs to. */
  static Invocation invocation(CommandSpec spec) {
    Object root = spec.root().userObject();
    if (root instanceof Main main) {
      return main.invocation();
    }
    // A command run on its own (not under Main) gets the process's environment.
    return Invocation.system();
  }

  CollectorConfig config() {
    return config;
  }

  /** The state directory's store; opening it touches no file. */
  synchronized StateStore state() {
    if (state == null) {
      state = new StateStore(config.stateDir());
    }
    return state;
  }

  /** The one DocuSign client of this invocation, created on first use. */
  DocuSignClient client() {
    return client(Set.of());
  }

  /**
   * The client, asking for {@code extraScopes} beyond the configured types' (e.g. get-events of a
   * type that is not configured). The first call decides the scopes.
   */
  synchronized DocuSignClient client(Set<String> extraScopes) {
    if (client == null) {
      client =
          new DocuSignClient(
              config,
              state(),
              clock(),
              sleeper(),
              new ClientOptions(invocation.env(), new Random(), extraScopes));
    }
    return client;
  }

  Sleeper sleeper() {
    return invocation.sleeper();
  }

  Clock clock() {
    return invocation.clock();
  }

  boolean verbose() {
    return global.verbose();
  }

  Map<String, String> env() {
    return invocation.env();
  }

  PrintStream out() {
    return invocation.out();
  }

  PrintStream err() {
    return invocation.err();
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    out().flush();
    err().flush();
  }
}
