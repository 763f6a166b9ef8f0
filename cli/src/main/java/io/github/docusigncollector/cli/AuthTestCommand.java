package io.github.docusigncollector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.CollectorConfig.MonitorApi;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.UserInfo;
import io.github.docusigncollector.pipeline.CycleResult;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code auth-test}: the whole authentication round trip and one cheap call per event type. */
@Command(
    name = "auth-test",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the whole authentication round trip: signs a new JWT and requests a new token"
          + " (never the cached one, which says nothing about the key set now), reads"
          + " /oauth/userinfo, checks that account_id (when set) is one of the user's accounts, and"
          + " makes one cheap call per configured event type (Monitor stream limit=1; Admin users"
          + " take=1).",
      "Prints 'ok' as its only stdout line on success; details go to stderr. Exit 3 on an"
          + " authorization failure (e.g. consent not granted: run consent-url)."
    })
final class AuthTestCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Mixin AccountOption account;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (CommandContext all = CommandContext.open(spec)) {
      if (!all.severalSelected()) {
        test(all);
        all.out().println("ok");
        return 0;
      }
      // SPEC §9: every account, one "<name>: ok" or "<name>: <problem>" line each, the worst code.
      int code = 0;
      for (CommandContext ctx : all.each()) {
        String name = ctx.account().name();
        try (ctx) {
          ctx.err().println(name + ":");
          test(ctx);
          ctx.out().println(name + ": ok");
        } catch (CollectorException e) {
          ctx.out().println(name + ": " + e.getMessage());
          code = CycleResult.worst(code, e.exitCode());
        }
      }
      return code;
    }
  }

  /** The round trip for one account; details on stderr, a failure thrown. */
  private static void test(CommandContext ctx) {
    {
      CollectorConfig config = ctx.config();
      PrintStream err = ctx.err();
      DocuSignClient client = ctx.client();

      client.freshAccessToken(); // a cached token would prove nothing about the key set now
      err.println(
          "token: ok, a new JWT Grant from "
              + config.serverUrl()
              + " (integration key "
              + config.integrationKey()
              + ", scopes "
              + String.join(" ", client.scopes())
              + ")");

      UserInfo user = client.fetchUserInfo();
      err.println(
          "userinfo: ok, user "
              + orDash(user.name())
              + " <"
              + orDash(user.email())
              + ">, "
              + user.accounts().size()
              + " account(s)");
      for (UserInfo.Account a : user.accounts()) {
        err.println(
            "  account "
                + a.accountId()
                + " \""
                + orDash(a.accountName())
                + "\""
                + (a.isDefault() ? " (default)" : "")
                + " at "
                + orDash(a.baseUri()));
      }
      if (config.accountId() != null) {
        boolean found =
            user.accounts().stream()
                .anyMatch(a -> config.accountId().equalsIgnoreCase(a.accountId()));
        if (!found) {
          throw CollectorException.auth(
              "account_id "
                  + config.accountId()
                  + " is not among the impersonated user's accounts "
                  + user.accounts().stream().map(UserInfo.Account::accountId).toList()
                  + ". Set account_id to one of them, or impersonate (user_id) a user of that"
                  + " account.");
        }
        err.println("account_id: ok, " + config.accountId() + " is one of the user's accounts");
      }

      for (EventType type : config.eventTypes()) {
        switch (type) {
          case CUSTOMER_EVENTS -> checkMonitor(ctx, client, err);
          case AUDIT_USERS -> checkAdmin(ctx, client, err);
        }
      }
      err.println(
          "API calls this hour through " + ctx.state().dir() + ": " + client.apiCallsThisHour());
    }
  }

  private static void checkMonitor(CommandContext ctx, DocuSignClient client, PrintStream err) {
    CollectorConfig config = ctx.config();
    String cursor = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String path =
        config.monitorApi() == MonitorApi.ORG_V1
            ? "/v1/organizations/" + config.organizationId() + "/stream"
            : "/api/v2.0/datasets/monitor/stream";
    URI uri = URI.create(config.monitorUrl() + path + "?cursor=" + encode(cursor) + "&limit=1");
    JsonNode body =
        client.get(uri, (status, bytes) -> status == 404 ? null : Json.MAPPER.readTree(bytes));
    if (body == null || !body.isObject()) {
      throw CollectorException.operational(
          "customer_events: the Monitor stream at "
              + config.monitorUrl()
              + path
              + " was not found; check monitor_url and monitor_api ("
              + config.monitorApi().name().toLowerCase(Locale.ROOT)
              + ").");
    }
    if (!body.has("endCursor")) {
      throw CollectorException.operational(
          "customer_events: the Monitor stream answered without an endCursor; check monitor_url"
              + " and monitor_api.");
    }
    JsonNode data = body.has("resultData") ? body.get("resultData") : body.get("data");
    err.println(
        "customer_events: ok, Monitor stream answered ("
            + (data != null && data.isArray() ? data.size() : 0)
            + " event(s) in a limit=1 page)");
  }

  private static void checkAdmin(CommandContext ctx, DocuSignClient client, PrintStream err) {
    CollectorConfig config = ctx.config();
    String path = "/management/v2/organizations/" + config.organizationId() + "/users";
    URI uri =
        URI.create(
            config.adminUrl()
                + path
                + "?account_id="
                + encode(config.accountId())
                + "&start=0&take=1");
    JsonNode body =
        client.get(uri, (status, bytes) -> status == 404 ? null : Json.MAPPER.readTree(bytes));
    if (body == null || !body.isObject()) {
      throw CollectorException.operational(
          "audit_users: the Admin API users list at "
              + config.adminUrl()
              + path
              + " was not found; check admin_url and organization_id.");
    }
    JsonNode users = body.get("users");
    URI base = client.esignBaseUri();
    err.println(
        "audit_users: ok, Admin API users list answered ("
            + (users != null && users.isArray() ? users.size() : 0)
            + " user(s) in a take=1 page); eSignature base URI "
            + base);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }

  /** Created on first use: picocli instantiates every command at start, and a mapper is costly. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
