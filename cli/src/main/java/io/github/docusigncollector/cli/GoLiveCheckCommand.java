package io.github.docusigncollector.cli;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.UserInfo;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
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
      "Stops at the first failure (the 20 must be consecutive). Exit 0 only if all 20"
          + " succeeded, 1 otherwise, 3 for an authorization failure."
    })
final class GoLiveCheckCommand implements Callable<Integer> {
  /** The count DocuSign's Go-Live review asks for. */
  static final int REQUESTS = 20;

  @Mixin GlobalOptions global;

  @Mixin AccountOption account;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (CommandContext ctx = CommandContext.openOne(spec)) {
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

      // No retries: DocuSign counts a failed request that our client would retry as a break in
      // the 20 consecutive successes, so go-live-check must see it too.
      try (DocuSignClient client =
          new DocuSignClient(
              config,
              ctx.state(),
              ctx.clock(),
              ctx.sleeper(),
              new ClientOptions(ctx.env(), new Random(), Set.of()).withoutRetries())) {
        client.freshAccessToken(); // prove the key configured now, not a cached token
        check(config, client, out, err, !host.equals("account-d.docusign.com"));
      }
    }
    return 0;
  }

  private static void check(
      CollectorConfig config,
      DocuSignClient client,
      PrintStream out,
      PrintStream err,
      boolean simulator) {
    {
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
        String failure;
        try {
          int status = client.get(uri, (s, body) -> s);
          failure =
              status / 100 == 2
                  ? null
                  : "HTTP " + status + ": the user's record was not found in account " + accountId;
        } catch (CollectorException e) {
          out.println(String.format(Locale.ROOT, "%2d/%d GET %s failed", i, REQUESTS, path));
          out.println(ok + "/" + REQUESTS + " ok, then a failure");
          if (e.exitCode() == CollectorException.AUTH) {
            throw e;
          }
          throw new CollectorException(
              e.exitCode(),
              "go-live-check: request "
                  + i
                  + " failed: "
                  + e.getMessage()
                  + " DocuSign's review needs "
                  + REQUESTS
                  + " consecutive successful eSignature requests; run go-live-check again once"
                  + " the cause is fixed.",
              e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (failure != null) {
          out.println(
              String.format(Locale.ROOT, "%2d/%d GET %s failed (%d ms)", i, REQUESTS, path, ms));
          out.println(ok + "/" + REQUESTS + " ok, then a failure");
          throw CollectorException.operational(
              "go-live-check: request "
                  + i
                  + " failed ("
                  + failure
                  + "); DocuSign's review needs "
                  + REQUESTS
                  + " consecutive successful eSignature requests, so it stopped there. Fix the"
                  + " cause and run go-live-check again.");
        }
        ok++;
        out.println(String.format(Locale.ROOT, "%2d/%d GET %s ok (%d ms)", i, REQUESTS, path, ms));
      }
      out.println(ok + "/" + REQUESTS + " ok");
      if (simulator) {
        err.println(
            "Go-Live: "
                + REQUESTS
                + " consecutive successful eSignature requests against "
                + config.serverUrl()
                + ", a local server, not DocuSign: nothing counts toward the review. Run"
                + " go-live-check with server_url https://account-d.docusign.com to prepare it.");
      } else {
        err.println(
            "Go-Live: the integration key now has "
                + REQUESTS
                + " consecutive successful eSignature requests; submit it for review in Apps and"
                + " Keys.");
      }
    }
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
