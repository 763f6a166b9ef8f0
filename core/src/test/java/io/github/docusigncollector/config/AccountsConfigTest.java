package io.github.docusigncollector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.error.CollectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accounts:} of SPEC §9: defaults, per-account keys, state paths, every problem at once. */
class AccountsConfigTest {
  static final String IK = "11111111-2222-3333-4444-555555555555";
  static final String USER_A = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  static final String USER_B = "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee";
  static final String ORG = "87654321-4321-4321-4321-210987654321";

  static String pem;

  @TempDir Path dir;

  @BeforeAll
  static void key() throws NoSuchAlgorithmException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  @BeforeEach
  void writeKeys() throws IOException {
    Files.writeString(dir.resolve("key.pem"), pem);
    Files.writeString(dir.resolve("other.pem"), pem);
  }

  private Accounts load(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.loadAccounts(file, env, dir);
  }

  private String problems(String yaml) throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, yaml);
    try {
      ConfigLoader.loadAccounts(file, Map.of(), dir);
    } catch (CollectorException e) {
      assertThat(e.exitCode()).isEqualTo(2);
      return e.getMessage();
    }
    throw new AssertionError("no problem reported");
  }

  @Test
  void withoutAccountsItIsTheOneUnnamedDefaultAccountInTheStateDirItself() throws IOException {
    Accounts a =
        load(
            "server_url: https://account-d.docusign.com\nintegration_key: "
                + IK
                + "\nuser_id: "
                + USER_A
                + "\nprivate_key_file: key.pem\n",
            Map.of());
    assertThat(a.named()).isFalse();
    assertThat(a.names()).containsExactly("default");
    assertThat(a.list().get(0).stateDir()).isEqualTo(dir.resolve("state"));
    assertThat(a.list().get(0).eventTag()).isNull();
    assertThat(a.maxParallelAccounts()).isEqualTo(4);
    assertThat(a.select("default")).hasSize(1);
  }

  @Test
  void topLevelKeysAreDefaultsAndEachEntryOverridesThem() throws IOException {
    Accounts a =
        load(
            "server_url: https://account-d.docusign.com\n"
                + "integration_key: "
                + IK
                + "\nprivate_key_file: key.pem\n"
                + "api_budget_per_hour: 500\n"
                + "interval: 30s\n"
                + "max_parallel_accounts: 7\n"
                + "accounts:\n"
                + "  - name: alpha\n"
                + "    user_id: "
                + USER_A
                + "\n  - name: billing-2\n"
                + "    user_id: "
                + USER_B
                + "\n    private_key: |\n"
                + pem.indent(6)
                + "    api_budget_per_hour: 2000\n"
                + "    event_types: [customer_events, audit_users]\n"
                + "    account_id: 12345678-1234-1234-1234-123456789012\n"
                + "    organization_id: "
                + ORG
                + "\n    first_fetch: 2d\n",
            Map.of("DOCUSIGN_API_BURST_PER_30S", "50"));
    assertThat(a.named()).isTrue();
    assertThat(a.names()).containsExactly("alpha", "billing-2");
    assertThat(a.maxParallelAccounts()).isEqualTo(7);
    CollectorConfig alpha = a.find("alpha").orElseThrow().config();
    CollectorConfig billing = a.find("billing-2").orElseThrow().config();
    assertThat(alpha.userId()).isEqualTo(USER_A);
    assertThat(billing.userId()).isEqualTo(USER_B);
    assertThat(alpha.integrationKey()).isEqualTo(IK).isEqualTo(billing.integrationKey());
    assertThat(alpha.apiBudgetPerHour()).isEqualTo(500);
    assertThat(billing.apiBudgetPerHour()).isEqualTo(2000);
    assertThat(alpha.apiBurstPer30s()).isEqualTo(50).isEqualTo(billing.apiBurstPer30s());
    assertThat(alpha.eventTypes()).containsExactly(EventType.CUSTOMER_EVENTS);
    assertThat(billing.eventTypes())
        .containsExactly(EventType.CUSTOMER_EVENTS, EventType.AUDIT_USERS);
    assertThat(billing.firstFetch().ago()).isEqualTo(Duration.ofDays(2));
    assertThat(alpha.interval()).isEqualTo(Duration.ofSeconds(30)).isEqualTo(billing.interval());
    assertThat(a.find("alpha").orElseThrow().stateDir()).isEqualTo(dir.resolve("state/alpha"));
    assertThat(a.find("billing-2").orElseThrow().stateDir())
        .isEqualTo(dir.resolve("state/billing-2"));
    // One sink for all, at the top of the state directory.
    assertThat(alpha.output().type()).isEqualTo(billing.output().type()).isEqualTo("file");
    assertThat(alpha.output().path()).isEqualTo(dir.resolve("state/events.jsonl"));
    assertThat(a.find("alpha").orElseThrow().eventTag()).isEqualTo("alpha");
    assertThatThrownBy(() -> a.select("gamma"))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("gamma")
        .hasMessageContaining("alpha, billing-2");
  }

  @Test
  void everyProblemIsReportedAtOnceNamingTheEntryAndTheKey() throws IOException {
    String message =
        problems(
            "server_url: https://account-d.docusign.com\n"
                + "integration_key: "
                + IK
                + "\nprivate_key_file: key.pem\n"
                + "interval: 0s\n"
                + "accounts:\n"
                + "  - name: alpha\n"
                + "    user_id: "
                + USER_A
                + "\n  - name: billing\n"
                + "    event_types: [audit_users]\n"
                + "    api_budget_per_hour: 0\n"
                + "  - name: Billing!\n"
                + "    user_id: "
                + USER_B
                + "\n  - name: alpha\n"
                + "    user_id: "
                + USER_B
                + "\n  - user_id: "
                + USER_B
                + "\n  - name: ok\n"
                + "    user_id: "
                + USER_B
                + "\n    private_key_file: missing.pem\n"
                + "    state_dir: elsewhere\n"
                + "    colour: blue\n");
    assertThat(message)
        .contains("accounts[billing].user_id: required")
        .contains("accounts[billing].account_id: required")
        .contains("accounts[billing].organization_id: required")
        .contains("accounts[billing].api_budget_per_hour")
        .contains("accounts[2].name: \"Billing!\" is not a valid name")
        .contains("accounts[alpha].name: two entries have this name")
        .contains("accounts[4].name: required")
        .contains("accounts[ok].private_key_file")
        .contains("accounts[ok].state_dir: not a per-account key")
        .contains("accounts[ok].colour: unknown key")
        .contains("nothing was fetched or written");
    // A shared key's problem is named once, without an entry.
    assertThat(message.split("interval", -1)).hasSize(2);
    assertThat(message).doesNotContain("accounts[alpha].user_id");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void anEmptyOrMisshapenAccountsListIsAProblem() throws IOException {
    String base =
        "server_url: https://account-d.docusign.com\nintegration_key: "
            + IK
            + "\nuser_id: "
            + USER_A
            + "\nprivate_key_file: key.pem\n";
    assertThat(problems(base + "accounts: []\n"))
        .contains("accounts (in c.yaml): the list is empty");
    assertThat(problems(base + "accounts: alpha\n"))
        .contains("accounts (in c.yaml): expected a list");
    assertThat(problems(base + "max_parallel_accounts: 0\naccounts:\n  - name: a\n"))
        .contains("max_parallel_accounts");
    assertThat(List.of(ConfigLoader.ACCOUNT_KEYS.toArray()))
        .doesNotContain("state_dir", "output", "interval");
  }
}
