package io.github.docusigncollector.cli;

import io.github.docusigncollector.cli.ops.Telemetry;
import io.github.docusigncollector.config.Account;
import io.github.docusigncollector.config.Accounts;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.SharedHttp;
import io.github.docusigncollector.pipeline.AccountCycles;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.pipeline.SharedSink;
import io.github.docusigncollector.sink.ObservedSink;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.Sinks;
import io.github.docusigncollector.state.StateStore;
import io.github.docusigncollector.state.WriterLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What {@code fetch} and {@code run} work with for a configuration with {@code accounts:} (SPEC
 * §9): the writer locks of the state directory (for the shared sink) and of every account's, one
 * client and collector per account, and what they share: the sink, and the JDK HTTP clients and
 * retry policy ({@link SharedHttp}).
 */
final class AccountsCollection implements AutoCloseable {
  final Accounts accounts;
  final Sink sink;
  final AccountCycles cycles;

  /** What the accounts' clients share: the JDK HTTP clients and the retry policy. */
  final SharedHttp http = new SharedHttp(new Random());

  private final List<DocuSignClient> clients = new ArrayList<>();
  private final List<WriterLock> locks = new ArrayList<>();

  AccountsCollection(CommandContext ctx, String command) {
    this(ctx, command, null);
  }

  /**
   * With {@code telemetry} (may be null) hearing each account's client, deliveries and cycles under
   * the account's name.
   */
  AccountsCollection(CommandContext ctx, String command, Telemetry telemetry) {
    this.accounts = ctx.accounts();
    boolean ok = false;
    Sink opened = null;
    try {
      locks.add(new StateStore(accounts.stateDir()).lockWriter(command));
      List<StateStore> states = new ArrayList<>();
      for (Account a : accounts.list()) {
        StateStore state = new StateStore(a.stateDir());
        locks.add(state.lockWriter(command));
        states.add(state);
      }
      // One sink for all accounts, its dead letters at the top of the state directory.
      opened =
          Sinks.open(
              accounts.shared(),
              new SinkContext(
                  accounts.stateDir(),
                  ctx.env(),
                  ctx.out(),
                  ctx.clock(),
                  ctx.sleeper(),
                  new Random(),
                  accounts.shared().connectTimeout(),
                  accounts.shared().requestTimeout()));
      SharedSink shared = new SharedSink(opened);
      List<AccountCycles.Member> members = new ArrayList<>();
      ClientOptions options = ClientOptions.defaults().withEnv(ctx.env());
      for (int i = 0; i < accounts.list().size(); i++) {
        Account a = accounts.list().get(i);
        // Accounts whose TLS and proxy settings are equal share one JDK HTTP client.
        DocuSignClient client =
            new DocuSignClient(
                a.config(), states.get(i), ctx.clock(), ctx.sleeper(), options, http);
        clients.add(client);
        Sink sinkOfAccount = shared;
        Progress progress = Progress.NONE;
        AccountCycles.CycleObserver observer = AccountCycles.CycleObserver.NONE;
        if (telemetry != null) {
          Telemetry.AccountTelemetry fed = telemetry.account(a.name());
          client.observe(fed);
          sinkOfAccount = new ObservedSink(shared, a.config().output().type(), fed);
          progress = fed;
          observer =
              new AccountCycles.CycleObserver() {
                @Override
                public void started() {
                  fed.cycleStarted();
                }

                @Override
                public void ended(CycleResult result, Duration took) {
                  fed.cycleEnded(result, took);
                }
              };
        }
        Collector collector =
            new Collector(
                a.config(), client, states.get(i), sinkOfAccount, ctx.clock(), progress, a.name());
        members.add(
            new AccountCycles.Member(a.name(), collector, a.config().eventTypes(), observer));
      }
      this.sink = opened;
      this.cycles = new AccountCycles(members, accounts.maxParallelAccounts());
      ok = true;
    } finally {
      if (!ok) {
        if (opened != null) {
          opened.close();
        }
        clients.forEach(DocuSignClient::close);
        releaseLocks();
      }
    }
  }

  private void releaseLocks() {
    for (int i = locks.size() - 1; i >= 0; i--) {
      locks.get(i).close();
    }
    locks.clear();
  }

  @Override
  public void close() {
    try {
      cycles.close();
      sink.close();
    } finally {
      clients.forEach(DocuSignClient::close);
      releaseLocks();
    }
  }
}
