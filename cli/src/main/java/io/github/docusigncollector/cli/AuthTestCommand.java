package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code auth-test} command (not built yet). */
@Command(
    name = "auth-test",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the whole authentication round trip: signs the JWT, requests a token, reads"
          + " /oauth/userinfo, checks that account_id (when set) is one of the user's accounts, and"
          + " makes one cheap call per configured event type (Monitor stream limit=1; Admin users"
          + " take=1).",
      "Prints 'ok' as its only stdout line on success; details go to stderr. Exit 3 on an"
          + " authorization failure (e.g. consent not granted: run consent-url)."
    })
final class AuthTestCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("auth-test is not built yet");
  }
}
