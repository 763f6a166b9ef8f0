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
    // The stop handler is closed after the collection and the lock: a pending stop ends the
    // process only once they are released and the summary is out.
    try (CommandContext ctx = CommandContext.open(spec);
        StopOnSignal signal = new StopOnSignal(ctx, RunCommand.GRACE)) {
      return ctx.named() ? fetchAccounts(ctx, signal) : fetch(ctx, signal);
    }
  }

  private static int fetch(CommandContext ctx, StopOnSignal signal) {
    try (WriterLock lock = ctx.state().lockWriter("fetch");
        Collection c = new Collection(ctx)) {
      CycleResult r = c.collector.cycle(signal::requested);
      c.endProgress();
      if (r.stopped() || signal.requested()) {
        ctx.err()
            .println(
                "docusign-collector: stopped on request; the checkpoints hold what was delivered,"
                    + " and the next fetch or run goes on from there.");
        Collection.summaryStream(ctx)
            .println(
                new CycleResult(r.delivered(), r.throttled(), java.util.Map.of(), true, false)
                    .summaryJson());
        return 0; // like run: a stop on request is a success
      }
      Collection.summaryStream(ctx).println(r.summaryJson());
      r.errors().values().stream()
          .map(CollectorException::getMessage)
          .distinct()
          .forEach(m -> ctx.err().println("docusign-collector: " + m));
      if (ctx.verbose()) {
        r.errors().values().stream().distinct().forEach(e -> ctx.err().print(Main.stackTrace(e)));
      }
      if (!r.errors().isEmpty()) {
        ctx.err()
            .println(
                "docusign-collector: no checkpoint moved past what was delivered; the next fetch"
                    + " or run starts from the last checkpoint.");
      }
      return r.exitCode();
    }
  }

  /**
   * SPEC §9: every account, at most max_parallel_accounts at once; a summary line per account, in
   * the order of the configuration; the worst exit code.
   */
  private static int fetchAccounts(CommandContext ctx, StopOnSignal signal) {
    try (AccountsCollection c = new AccountsCollection(ctx, "fetch")) {
      Map<String, CycleResult> results = c.cycles.cycleAll(signal::requested);
      if (signal.requested()) {
        ctx.err()
            .println(
                "docusign-collector: stopped on request; the checkpoints hold what was delivered,"
                    + " and the next fetch or run goes on from there.");
        results.forEach(
            (name, r) ->
                Collection.summaryStream(ctx)
                    .println(
                        new CycleResult(r.delivered(), r.throttled(), Map.of(), true, false)
                            .summaryJson(name)));
        return 0; // like run: a stop on request is a success
      }
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
