package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code state show} command (not built yet). */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Not built yet.")
final class StateShowCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("state show is not built yet");
  }
}
