package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code go-live-check} command (not built yet). */
@Command(name = "go-live-check", mixinStandardHelpOptions = true, description = "Not built yet.")
final class GoLiveCheckCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("go-live-check is not built yet");
  }
}
