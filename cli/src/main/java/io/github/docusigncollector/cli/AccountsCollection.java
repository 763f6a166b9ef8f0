package io.github.docusigncollector.cli;

import io.github.docusigncollector.config.Account;
import io.github.docusigncollector.config.Accounts;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.pipeline.AccountCycles;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.pipeline.SharedSink;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.Sinks;
import io.github.docusigncollector.state.StateStore;
import io.github.docusigncollector.state.WriterLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What {@code fetch} and {@code run} work with for a configuration with {@code accounts:} (SPEC
 * §9): the writer locks of the state directory (for the shared sink) and of every account's, one
 * client and collector per account, and the one sink they share.
 */
final class AccountsCollection implements AutoCloseable {
  final Accounts accounts;
  final Sink sink;
  final AccountCycles cycles;
  private final List<DocuSignClient> clients = new ArrayList<>();
  private final List<WriterLock> locks = new ArrayList<>();

  AccountsCollection(CommandContext ctx, String command) {
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
      for (int i = 0; i < accounts.list().size(); i++) {
        Account a = accounts.list().get(i);
        DocuSignClient client =
            new DocuSignClient(
                a.config(),
                states.get(i),
                ctx.clock(),
                ctx.sleeper(),
                ClientOptions.defaults().withEnv(ctx.env()));
        clients.add(client);
        Collector collector =
            new Collector(
                a.config(), client, states.get(i), shared, ctx.clock(), Progress.NONE, a.name());
        members.add(new AccountCycles.Member(a.name(), collector, a.config().eventTypes()));
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
