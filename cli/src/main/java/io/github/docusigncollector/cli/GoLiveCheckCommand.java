package io.github.docusigncollector.cli;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.UserInfo;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code go-live-check}: the 20 consecutive successful eSignature requests that DocuSign's Go-Live
 * review asks for, made against the developer environment.
 */
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
  /** The count DocuSign's Go-Live review asks for. */
  static final int REQUESTS = 20;

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (CommandContext ctx = CommandContext.open(spec)) {
      CollectorConfig config = ctx.config();
      String host = config.serverUrl().getHost().toLowerCase(Locale.ROOT);
      if (!host.equals("account-d.docusign.com") && !ConfigLoader.isLoopback(host)) {
        throw CollectorException.config(
            "server_url: go-live-check runs against the developer environment only, and "
                + config.serverUrl()
                + " is not it; set server_url to https://account-d.docusign.com (with the"
                + " developer integration key, user and account) to prepare the Go-Live review.");
      }
      PrintStream out = ctx.out();
      PrintStream err = ctx.err();
      warnIfProduction(err, "monitor_url", config.monitorUrl());
      warnIfProduction(err, "admin_url", config.adminUrl());

      DocuSignClient client = ctx.client();
      URI base = client.esignBaseUri();
      String accountId = config.accountId();
      if (accountId == null) {
        UserInfo ui = client.userInfo();
        accountId =
            ui.accounts().stream()
                .filter(UserInfo.Account::isDefault)
                .findFirst()
                .or(() -> ui.accounts().stream().findFirst())
                .map(UserInfo.Account::accountId)
                .orElseThrow(
                    () ->
                        CollectorException.auth(
                            "the impersonated user (user_id "
                                + config.userId()
                                + ") has no eSignature account."));
      }
      String path = "/restapi/v2.1/accounts/" + accountId + "/users/" + config.userId();
      URI uri = URI.create(base + path);
      err.println("eSignature requests: GET " + base + path);

      int ok = 0;
      for (int i = 1; i <= REQUESTS; i++) {
        long start = System.nanoTime();
        String result;
        try {
          int status = client.get(uri, (s, body) -> s);
          if (status / 100 == 2) {
            ok++;
            result = "HTTP " + status + " ok";
          } else {
            result = "HTTP " + status + " failed (the user record was not found)";
          }
        } catch (CollectorException e) {
          if (e.exitCode() == CollectorException.AUTH) {
            out.println(String.format(Locale.ROOT, "%2d/%d failed: authorization", i, REQUESTS));
            throw e;
          }
          result = "failed: " + e.getMessage();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println(
            String.format(Locale.ROOT, "%2d/%d GET %s %s (%d ms)", i, REQUESTS, path, result, ms));
      }
      out.println(ok + "/" + REQUESTS + (ok == REQUESTS ? " ok" : " failed"));
      if (ok < REQUESTS) {
        err.println(
            "docusign-collector: "
                + (REQUESTS - ok)
                + " of "
                + REQUESTS
                + " eSignature requests failed; DocuSign's review needs "
                + REQUESTS
                + " consecutive successful ones. Fix the cause and run go-live-check again.");
        return CollectorException.OPERATIONAL;
      }
      err.println(
          "Go-Live: the integration key now has "
              + REQUESTS
              + " consecutive successful eSignature requests; submit it for review in Apps and"
              + " Keys.");
    }
    return 0;
  }

  private static void warnIfProduction(PrintStream err, String key, URI url) {
    String h = url.getHost().toLowerCase(Locale.ROOT);
    if (h.equals("lens.docusign.net")
        || h.equals("api.docusign.net")
        || h.equals("api.docusign.com")) {
      err.println("warning: " + key + " " + url + " is a production host, not the developer one");
    }
  }
}
