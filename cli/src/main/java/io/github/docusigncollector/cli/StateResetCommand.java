package io.github.docusigncollector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.state.StateStore;
import io.github.docusigncollector.state.WriterLock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code state reset [--type T]}: clears the checkpoints of every stream, or of one. */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Clears the checkpoints (all, or one event type's). The next cycle collects that type again"
          + " from first_fetch and delivers those events again.",
      "Also the way out of a corrupt checkpoint file. Keeps the cached token."
    })
final class StateResetCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Mixin AccountOption account;

  @Spec CommandSpec spec;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "Only this event type: customer_events or audit_users.")
  String type;

  @Override
  public Integer call() {
    EventType only = null;
    if (type != null) {
      only =
          EventType.fromKey(type)
              .orElseThrow(
                  () ->
                      CollectorException.config(
                          "--type: \""
                              + type
                              + "\" is not an event type; use customer_events or audit_users"));
    }
    try (CommandContext all = CommandContext.open(spec)) {
      for (CommandContext ctx : all.each()) {
        reset(ctx, only);
      }
    }
    return 0;
  }

  private static void reset(CommandContext ctx, EventType only) {
    try (WriterLock lock = ctx.state().lockWriter("state reset")) {
      StateStore state = ctx.state();
      ObjectNode fresh = JsonNodeFactory.instance.objectNode();
      if (only != null) {
        ObjectNode current = state.readCheckpoints();
        fresh = current.deepCopy();
        JsonNode streams = fresh.get("streams");
        if (streams instanceof ObjectNode s) {
          s.remove(only.key());
        }
      }
      // The sink position goes too when everything is cleared: nothing is to be skipped.
      state.writeCheckpoints(fresh);
      ctx.out()
          .println(
              only == null
                  ? "checkpoints cleared in " + state.dir()
                  : "checkpoint of " + only.key() + " cleared in " + state.dir());
    }
  }
}
