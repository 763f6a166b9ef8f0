package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code run} command (not built yet). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Not built yet.")
final class RunCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("run is not built yet");
  }
}
