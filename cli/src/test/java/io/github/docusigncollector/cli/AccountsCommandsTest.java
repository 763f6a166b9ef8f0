package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §9 on the command line: several accounts (one simulator each, over loopback) collected by
 * one fetch into one file, each event once with its account's name; one account's trouble reported
 * for it alone; the commands' {@code --account}.
 */
class AccountsCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Sims sims;

  @BeforeEach
  void start() throws IOException {
    sims = new Sims(dir, List.of("alpha", "beta", "gamma"), 700, 15);
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        "first_fetch: 1h\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + "event_types: [customer_events, audit_users]\n"
            + "max_parallel_accounts: 2\n"
            + sims.accountsYaml());
  }

  @AfterEach
  void stop() {
    sims.close();
  }

  private CliRun cli(String... args) {
    return CliRun.run(dir, Map.of(), args);
  }

  private List<JsonNode> events() throws IOException {
    Path file = dir.resolve("state").resolve("events.jsonl");
    List<JsonNode> all = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        all.add(JSON.readTree(line));
      }
    }
    return all;
  }

  /** Customer event ids delivered per account, asserting none twice. */
  private Map<String, Set<String>> idsByAccount() throws IOException {
    Map<String, Set<String>> ids = new HashMap<>();
    for (JsonNode e : events()) {
      if (e.path("source_log_type").asText().equals("customerevent")) {
        String account = e.path("docusign_account").asText();
        assertThat(
                ids.computeIfAbsent(account, a -> new HashSet<>()).add(e.get("eventId").asText()))
            .as("delivered twice: %s", e)
            .isTrue();
      }
    }
    return ids;
  }

  private static Map<String, JsonNode> summaries(String out) throws IOException {
    Map<String, JsonNode> byAccount = new HashMap<>();
    for (String line : out.strip().split("\n")) {
      JsonNode s = JSON.readTree(line);
      byAccount.put(s.path("account").asText(), s);
    }
    return byAccount;
  }

  @Test
  void oneFetchCollectsEveryAccountEachExactlyItsOwnEventsWithItsName() throws Exception {
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(JSON.readTree(lines[0]))
        .isEqualTo(
            JSON.readTree("{\"account\":\"alpha\",\"customer_events\":700,\"audit_users\":15}"));
    assertThat(lines[1]).startsWith("{\"account\":\"beta\"");
    assertThat(lines[2]).startsWith("{\"account\":\"gamma\"");

    Map<String, Set<String>> ids = idsByAccount();
    for (String name : sims.names) {
      assertThat(ids.get(name)).containsExactlyInAnyOrderElementsOf(sims.sim(name).eventIds());
    }
    for (JsonNode e : events()) {
      assertThat(e.path("docusign_account").asText()).isIn(sims.names);
    }
    Map<String, Long> users = new HashMap<>();
    for (JsonNode e : events()) {
      if (e.path("source_log_type").asText().equals("auditusers")) {
        users.merge(e.path("docusign_account").asText(), 1L, Long::sum);
      }
    }
    assertThat(users)
        .containsOnly(Map.entry("alpha", 15L), Map.entry("beta", 15L), Map.entry("gamma", 15L));

    // State per account; the sink shared at the top.
    for (String name : sims.names) {
      assertThat(dir.resolve("state").resolve(name).resolve("checkpoints.json")).exists();
      assertThat(dir.resolve("state").resolve(name).resolve("shared.json")).exists();
    }
    assertThat(dir.resolve("state").resolve("checkpoints.json")).doesNotExist();

    sims.sim("beta").addEvents(30);
    CliRun again = cli("fetch");
    assertThat(again.exitCode()).as(again.err()).isZero();
    Map<String, JsonNode> s = summaries(again.out());
    assertThat(s.get("alpha").path("customer_events").asLong()).isZero();
    assertThat(s.get("beta").path("customer_events").asLong()).isEqualTo(30);
    assertThat(idsByAccount().get("beta")).hasSize(730);
  }

  @Test
  void consentRevokedForOneAccountTheOthersAreDeliveredAndItRecoversLater() throws Exception {
    sims.sim("beta").revokeConsent();
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
    Map<String, JsonNode> s = summaries(r.out());
    assertThat(s).containsOnlyKeys("alpha", "beta", "gamma");
    assertThat(s.get("alpha").path("customer_events").asLong()).isEqualTo(700);
    assertThat(s.get("gamma").path("customer_events").asLong()).isEqualTo(700);
    assertThat(s.get("beta").path("customer_events").asLong()).isZero();
    assertThat(s.get("beta").path("errors").path("customer_events").asText()).contains("consent");
    assertThat(r.err()).contains("beta: ").contains("consent-url");
    assertThat(idsByAccount()).containsOnlyKeys("alpha", "gamma");

    JsonNode state = JSON.readTree(cli("state", "show").out());
    assertThat(
            state
                .path("accounts")
                .path("beta")
                .path("checkpoints")
                .path("streams")
                .path("customer_events")
                .path("last_error")
                .asText())
        .contains("consent");

    sims.sim("beta")
        .grantConsent(List.of("signature", "impersonation", "organization_read", "user_read"));
    CliRun back = cli("fetch");
    assertThat(back.exitCode()).as(back.all()).isZero();
    Map<String, JsonNode> after = summaries(back.out());
    assertThat(after.get("beta").path("customer_events").asLong()).isEqualTo(700);
    assertThat(after.get("alpha").path("customer_events").asLong()).isZero();
    Map<String, Set<String>> ids = idsByAccount();
    assertThat(ids.get("beta")).containsExactlyInAnyOrderElementsOf(sims.sim("beta").eventIds());
  }

  @Test
  void commandsTakeAccountAndThoseForOneAccountRequireIt() throws Exception {
    CliRun consent = cli("consent-url");
    assertThat(consent.exitCode()).isEqualTo(2);
    assertThat(consent.err()).contains("--account").contains("alpha, beta, gamma");

    CliRun one = cli("consent-url", "--account", "beta");
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(one.out()).contains(sims.sim("beta").integrationKey());

    CliRun unknown = cli("state", "show", "--account", "delta");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("delta").contains("alpha, beta, gamma");

    sims.sim("gamma").revokeConsent();
    CliRun auth = cli("auth-test");
    assertThat(auth.exitCode()).as(auth.all()).isEqualTo(3);
    List<String> lines = List.of(auth.out().strip().split("\n"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("alpha: ok");
    assertThat(lines.get(1)).isEqualTo("beta: ok");
    assertThat(lines.get(2)).startsWith("gamma: ").contains("consent");

    CliRun alone = cli("auth-test", "--account", "alpha");
    assertThat(alone.exitCode()).as(alone.all()).isZero();
    assertThat(alone.out().strip()).isEqualTo("ok");

    CliRun get =
        cli(
            "get-events",
            "--account",
            "alpha",
            "--type",
            "customer_events",
            "--limit",
            "3",
            "--format",
            "jsonl");
    assertThat(get.exitCode()).as(get.all()).isZero();
    assertThat(get.out().strip().split("\n")).hasSize(3);

    assertThat(cli("fetch").exitCode()).isEqualTo(3);
    JsonNode show = JSON.readTree(cli("state", "show").out());
    for (String name : List.of("alpha", "beta")) {
      JsonNode a = show.path("accounts").path(name);
      assertThat(a.path("api_calls_this_hour").asInt()).as(name).isPositive();
      assertThat(a.path("api_budget_per_hour").asInt()).isEqualTo(100000);
      assertThat(
              a.path("checkpoints").path("streams").path("customer_events").path("cursor").asText())
          .isNotEmpty();
    }
    assertThat(show.toString()).doesNotContain("eyJ");

    CliRun reset = cli("state", "reset", "--account", "alpha");
    assertThat(reset.exitCode()).as(reset.all()).isZero();
    JsonNode shown = JSON.readTree(cli("state", "show", "--account", "alpha").out());
    assertThat(shown.path("accounts").size()).isEqualTo(1);
    assertThat(
            shown
                .path("accounts")
                .path("alpha")
                .path("checkpoints")
                .path("streams")
                .isMissingNode())
        .isTrue();
    JsonNode beta = JSON.readTree(cli("state", "show", "--account", "beta").out());
    assertThat(beta.path("accounts").path("beta").path("checkpoints").path("streams").size())
        .isEqualTo(2);

    CliRun tokens = cli("reset-token");
    assertThat(tokens.exitCode()).isZero();
    assertThat(tokens.out().strip().split("\n")).hasSize(3);
  }

  @Test
  void everyProblemOfTheAccountsIsReportedAtOnceNamingEntryAndKey() throws Exception {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sims.accountsYaml()
            + "  - name: billing\n    server_url: http://127.0.0.1:1\n"
            + "  - name: Bad Name\n"
            + "  - name: alpha\n"
            + "    interval: 5s\n"
            + "    user_idd: x\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("accounts[billing].integration_key")
        .contains("accounts[billing].user_id")
        .contains("accounts[billing].private_key_file / private_key")
        .contains("accounts[4].name")
        .contains("accounts[alpha].name: two entries")
        .contains("accounts[alpha].interval: not a per-account key")
        .contains("accounts[alpha].user_idd: unknown key")
        .contains("nothing was fetched or written");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void mappedFormatsCarryTheAccountWhereTheyKeepItAndRunRefusesListen() throws Exception {
    for (String format : List.of("ocsf", "ecs")) {
      Path out = dir.resolve(format + ".jsonl");
      Files.writeString(
          dir.resolve("docusign-collector.yaml"),
          "first_fetch: 1h\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
              + "state_dir: state-"
              + format
              + "\noutput: {type: file, path: "
              + out
              + ", format: "
              + format
              + "}\n"
              + sims.accountsYaml());
      CliRun r = cli("fetch");
      assertThat(r.exitCode()).as(r.all()).isZero();
      Map<String, Long> byAccount = new HashMap<>();
      for (String line : Files.readAllLines(out)) {
        JsonNode n = JSON.readTree(line);
        JsonNode account =
            format.equals("ocsf")
                ? n.path("unmapped").path("docusign_account")
                : n.path("labels").path("docusign_account");
        assertThat(account.isTextual()).as(line).isTrue();
        assertThat(n.has("docusign_account")).isFalse();
        byAccount.merge(account.asText(), 1L, Long::sum);
      }
      assertThat(byAccount)
          .containsOnly(
              Map.entry("alpha", 700L), Map.entry("beta", 700L), Map.entry("gamma", 700L));
    }
    // run --listen serves accounts: (AccountsListenIT); a bad address is still exit 2 naming it
    CliRun listen = cli("run", "--listen", "9464");
    assertThat(listen.exitCode()).isEqualTo(2);
    assertThat(listen.err()).contains("--listen").contains("HOST:PORT");
  }
}
