package io.github.docusigncollector.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code go-live-check} command (not built yet). */
@Command(
    name = "go-live-check",
    mixinStandardHelpOptions = true,
    description = {
      "Prepares DocuSign's Go-Live review: against the developer environment only (a production"
          + " server_url is refused), makes 20 consecutive read-only eSignature requests (the"
          + " impersonated user's own record), printing a line per request and last '20/20 ok'.",
      "Exit 0 only if all 20 succeeded, 1 otherwise, 3 for an authorization failure."
    })
final class GoLiveCheckCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("go-live-check is not built yet");
  }
}
