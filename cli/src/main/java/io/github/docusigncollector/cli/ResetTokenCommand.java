package io.github.docusigncollector.cli;

import io.github.docusigncollector.state.SharedState;
import io.github.docusigncollector.state.StateStore;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code reset-token}: forgets the cached access token so that the next call gets a new one. */
@Command(
    name = "reset-token",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes the cached access token (with its expiry and scopes) from the state, so that the"
          + " next command requests a new one with a fresh JWT Grant.",
      "Use it after changing consent, scopes or the key. Idempotent; safe beside a running 'run'."
    })
final class ResetTokenCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Mixin AccountOption account;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (CommandContext all = CommandContext.open(spec)) {
      for (CommandContext ctx : all.each()) {
        reset(ctx);
      }
    }
    return 0;
  }

  private static void reset(CommandContext ctx) {
    {
      StateStore state = ctx.state();
      boolean had = false;
      // No state directory means no token: do not create one just to say so.
      if (Files.isDirectory(state.dir()) && state.readShared().token() != null) {
        state.updateShared(SharedState::withoutToken);
        had = true;
      }
      ctx.out()
          .println(
              had
                  ? "Cached access token deleted from " + state.dir() + "."
                  : "No cached access token in " + state.dir() + " (nothing to delete).");
    }
  }
}
