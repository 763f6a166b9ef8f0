package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code simulator} command (not built yet). */
@Command(name = "simulator", mixinStandardHelpOptions = true, description = "Not built yet.")
final class SimulatorCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("simulator is not built yet");
  }
}
