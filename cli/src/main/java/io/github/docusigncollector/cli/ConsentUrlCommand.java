package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code consent-url} command (not built yet). */
@Command(name = "consent-url", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ConsentUrlCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("consent-url is not built yet");
  }
}
