package io.github.docusigncollector.cli;

import io.github.docusigncollector.auth.ConsentUrl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code consent-url}: prints the URL that grants the app the scopes of the configured types. */
@Command(
    name = "consent-url",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the consent URL for the scopes the configured event_types need, alone on stdout.",
      "Open it in a browser as the impersonated user (individual consent), or with --admin as an"
          + " organization administrator (consent on behalf of the organization's users).",
      "Needs redirect_url (a redirect URI registered on the app). Writes no state: only a"
          + " successful token request (auth-test) proves that consent was given."
    })
final class ConsentUrlCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Mixin AccountOption account;

  @Spec CommandSpec spec;

  @Option(
      names = "--admin",
      description =
          "Print the organization-admin consent form (scope=openid&admin_consent_scope=...).")
  boolean admin;

  @Override
  public Integer call() {
    try (CommandContext ctx = CommandContext.openOne(spec)) {
      ctx.out().println(ConsentUrl.of(ctx.config(), admin));
    }
    return 0;
  }
}
