package io.github.docusigncollector.cli;

import io.github.docusigncollector.auth.ConsentUrl;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.DocuSignClient;
import java.time.Duration;
import java.util.Map;
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
          + " successful token request (auth-test) proves that consent was given.",
      "With --wait and a loopback http:// redirect_url it does that in one step: listens there,"
          + " waits for the browser, makes the token request and prints ok."
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

  @Option(
      names = "--wait",
      description =
          "With a loopback http:// redirect_url: listen there, wait for the browser to come back"
              + " from the consent page, prove the consent with a token request and print ok"
              + " (exit 3 when the user declined or DocuSign refuses).")
  boolean waitForBrowser;

  @Option(
      names = "--timeout",
      paramLabel = "TIME",
      defaultValue = "10m",
      description = "How long --wait waits for the browser (default ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    try (CommandContext ctx = CommandContext.openOne(spec)) {
      String url = ConsentUrl.of(ctx.config(), admin);
      if (!waitForBrowser) {
        ctx.out().println(url);
        return 0;
      }
      Duration limit = ConsentWait.timeout(timeout);
      try (ConsentWait wait = ConsentWait.listen(ctx.config().redirectUrl())) {
        ctx.out().println(url);
        ctx.out().flush();
        ctx.err()
            .println(
                "Open the URL above in a browser signed in as "
                    + (admin ? "an organization administrator" : "the impersonated user")
                    + " and accept; waiting up to "
                    + limit.toSeconds()
                    + " s for the browser to come back to "
                    + ctx.config().redirectUrl());
        ctx.err().flush();
        Map<String, String> answer = wait.await(limit);
        String error = answer.get("error");
        if (error != null) {
          String description = answer.getOrDefault("error_description", "");
          throw CollectorException.auth(
              "the consent page answered error="
                  + error
                  + (description.isEmpty() ? "" : " (" + description + ")")
                  + ("access_denied".equals(error)
                      ? ": the user declined; run consent-url --wait again and accept."
                      : "; run consent-url --wait again, or check the app's settings in Apps and"
                          + " Keys."));
        }
      }
      // Only a token request proves the consent: a fresh JWT grant, not a cached token.
      DocuSignClient client = ctx.client();
      client.resetToken();
      client.accessToken();
      ctx.err().println("consent confirmed: DocuSign issued a token for the scopes");
      ctx.out().println("ok");
    }
    return 0;
  }
}
