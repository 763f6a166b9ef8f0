package io.github.docusigncollector.cli;

import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.state.WriterLock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fetch}: one collection cycle for every configured event type, then a JSON summary. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "One collection cycle for every configured event type: reads until caught up, delivers to"
          + " the sink, then commits checkpoints.",
      "Prints a one-line JSON summary (on stderr when the sink is stdout)."
    })
final class FetchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (CommandContext ctx = CommandContext.open(spec)) {
      return ctx.named() ? fetchAccounts(ctx) : fetch(ctx);
    }
  }

  private static int fetch(CommandContext ctx) {
    try (WriterLock lock = ctx.state().lockWriter("fetch");
        Collection c = new Collection(ctx)) {
      CycleResult r = c.collector.cycle(() -> false);
      c.endProgress();
      Collection.summaryStream(ctx).println(r.summaryJson());
      r.errors().values().stream()
          .map(CollectorException::getMessage)
          .distinct()
          .forEach(m -> ctx.err().println("docusign-collector: " + m));
      return r.exitCode();
    }
  }

  /**
   * SPEC §9: every account, at most max_parallel_accounts at once; a summary line per account, in
   * the order of the configuration; the worst exit code.
   */
  private static int fetchAccounts(CommandContext ctx) {
    try (AccountsCollection c = new AccountsCollection(ctx, "fetch")) {
      Map<String, CycleResult> results = c.cycles.cycleAll(() -> false);
      int code = 0;
      for (Map.Entry<String, CycleResult> e : results.entrySet()) {
        Collection.summaryStream(ctx).println(e.getValue().summaryJson(e.getKey()));
      }
      for (Map.Entry<String, CycleResult> e : results.entrySet()) {
        CycleResult r = e.getValue();
        r.errors().values().stream()
            .map(CollectorException::getMessage)
            .distinct()
            .forEach(m -> ctx.err().println("docusign-collector: " + e.getKey() + ": " + m));
        code = CycleResult.worst(code, r.exitCode());
      }
      return code;
    }
  }
}
