package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code get-events} command (not built yet). */
@Command(name = "get-events", mixinStandardHelpOptions = true, description = "Not built yet.")
final class GetEventsCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("get-events is not built yet");
  }
}
