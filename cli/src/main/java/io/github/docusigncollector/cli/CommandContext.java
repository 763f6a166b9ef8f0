package io.github.docusigncollector.cli;

import io.github.docusigncollector.config.Account;
import io.github.docusigncollector.config.Accounts;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.state.StateStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every configured command needs, built once per invocation. It is bound to one account (the
 * one of a configuration without {@code accounts:}, the one {@code --account} names, or the first):
 * {@link #config}, {@link #state} and {@link #client} are that account's; {@link #each} gives a
 * context per account the command acts on.
 */
final class CommandContext implements AutoCloseable {
  private final Invocation invocation;
  private final GlobalOptions global;
  private final Accounts accounts;
  private final List<Account> selected;
  private final Account account;
  private final CollectorConfig config;
  private StateStore state;
  private DocuSignClient client;

  private CommandContext(
      Invocation invocation,
      GlobalOptions global,
      Accounts accounts,
      List<Account> selected,
      Account account) {
    this.invocation = invocation;
    this.global = global;
    this.accounts = accounts;
    this.selected = List.copyOf(selected);
    this.account = account;
    this.config = account.config();
  }

  /**
   * Reads the global flags, sets the log level and loads the configuration (exit 2 listing every
   * problem). Creates nothing on disk.
   */
  static CommandContext open(CommandSpec spec) {
    Invocation invocation = invocation(spec);
    GlobalOptions global = GlobalOptions.of(spec);
    Logging.configure(invocation.env(), global.verbose());
    Accounts accounts =
        ConfigLoader.loadAccounts(global.config(), invocation.env(), invocation.workDir());
    List<Account> selected = accounts.select(AccountOption.of(spec));
    return new CommandContext(invocation, global, accounts, selected, selected.get(0));
  }

  /**
   * As {@link #open}, for a command that acts on one account only ({@code consent-url}, {@code
   * get-events}, {@code go-live-check}): with several accounts and no {@code --account}, exit 2.
   */
  static CommandContext openOne(CommandSpec spec) {
    CommandContext ctx = open(spec);
    if (ctx.selected.size() > 1) {
      throw CollectorException.config(
          spec.name()
              + ": this configuration has "
              + ctx.selected.size()
              + " accounts ("
              + String.join(", ", ctx.accounts.names())
              + "); name one with --account NAME.");
    }
    return ctx;
  }

  /** Every account of the configuration. */
  Accounts accounts() {
    return accounts;
  }

  /** The account this context is bound to. */
  Account account() {
    return account;
  }

  /** Whether the configuration holds {@code accounts:}. */
  boolean named() {
    return accounts.named();
  }

  /** The accounts the command acts on: the one {@code --account} named, else every account. */
  List<Account> selected() {
    return selected;
  }

  /** Whether {@code --account} was left out of a configuration with more than one account. */
  boolean severalSelected() {
    return selected.size() > 1;
  }

  /**
   * A context bound to each account the command acts on; the caller closes each (its client). With
   * one account, that is this context itself.
   */
  List<CommandContext> each() {
    if (selected.size() == 1) {
      return List.of(this);
    }
    List<CommandContext> all = new ArrayList<>();
    for (Account a : selected) {
      all.add(new CommandContext(invocation, global, accounts, List.of(a), a));
    }
    return all;
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
      state = new StateStore(account.stateDir());
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
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    out().flush();
    err().flush();
  }
}
