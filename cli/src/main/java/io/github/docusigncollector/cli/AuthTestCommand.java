package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code auth-test} command (not built yet). */
@Command(name = "auth-test", mixinStandardHelpOptions = true, description = "Not built yet.")
final class AuthTestCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("auth-test is not built yet");
  }
}
