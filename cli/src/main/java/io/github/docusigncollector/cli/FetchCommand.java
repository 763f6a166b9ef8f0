package io.github.docusigncollector.cli;

import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.pipeline.CycleResult;
import io.github.docusigncollector.state.WriterLock;
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
    try (CommandContext ctx = CommandContext.open(spec);
        WriterLock lock = ctx.state().lockWriter("fetch");
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
}
