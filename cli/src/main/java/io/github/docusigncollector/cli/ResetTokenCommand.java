package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code reset-token} command (not built yet). */
@Command(name = "reset-token", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ResetTokenCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("reset-token is not built yet");
  }
}
