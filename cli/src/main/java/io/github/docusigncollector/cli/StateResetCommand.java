package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code state reset} command (not built yet). */
@Command(name = "reset", mixinStandardHelpOptions = true, description = "Not built yet.")
final class StateResetCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("state reset is not built yet");
  }
}
