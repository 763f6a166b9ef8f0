package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code fetch} command (not built yet). */
@Command(name = "fetch", mixinStandardHelpOptions = true, description = "Not built yet.")
final class FetchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("fetch is not built yet");
  }
}
