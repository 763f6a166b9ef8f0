package io.github.docusigncollector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.config.CollectorConfig.MonitorApi;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.format.OutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  static final String IK = "11111111-2222-3333-4444-555555555555";
  static final String USER = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  static final String ACCT = "12345678-1234-1234-1234-123456789012";
  static final String ORG = "87654321-4321-4321-4321-210987654321";

  static String pkcs8Pem;

  @TempDir Path dir;
  Path keyFile;

  @BeforeAll
  static void key() throws NoSuchAlgorithmException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    pkcs8Pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(kp.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  @BeforeEach
  void writeKey() throws IOException {
    keyFile = dir.resolve("key.pem");
    Files.writeString(keyFile, pkcs8Pem);
  }

  String base() {
    return "server_url: https://account-d.docusign.com\n"
        + "integration_key: "
        + IK
        + "\nuser_id: "
        + USER
        + "\nprivate_key_file: key.pem\n";
  }

  Path writeYaml(String yaml) {
    Path f = dir.resolve("c.yaml");
    try {
      Files.writeString(f, yaml);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return f;
  }

  CollectorConfig load(String yaml) throws IOException {
    return load(yaml, Map.of());
  }

  CollectorConfig load(String yaml, Map<String, String> env) throws IOException {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, yaml);
    return ConfigLoader.load(f, env, dir);
  }

  AbstractThrowableAssert<?, ? extends Throwable> failing(String yaml, Map<String, String> env) {
    Path f = dir.resolve("c.yaml");
    try {
      Files.writeString(f, yaml);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    var a =
        assertThatThrownBy(() -> ConfigLoader.load(f, env, dir))
            .isInstanceOf(CollectorException.class)
            .satisfies(e -> assertThat(((CollectorException) e).exitCode()).isEqualTo(2));
    // Loading writes nothing: no state directory appears.
    assertThat(dir.resolve("state")).doesNotExist();
    return a;
  }

  @Test
  void minimalConfigGetsTheDefaults() throws IOException {
    CollectorConfig c = load(base());
    assertThat(c.serverUrl().toString()).isEqualTo("https://account-d.docusign.com");
    assertThat(c.eventTypes()).containsExactly(EventType.CUSTOMER_EVENTS);
    assertThat(c.maxCustomerEventsPerFetch()).isEqualTo(2000);
    assertThat(c.maxUserEventsPerFetch()).isEqualTo(1250);
    assertThat(c.firstFetch().ago()).isEqualTo(Duration.ofHours(1));
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.maxWait()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.monitorApi()).isEqualTo(MonitorApi.LENS_V2);
    assertThat(c.monitorUrl().toString()).isEqualTo("https://lens-d.docusign.net");
    assertThat(c.adminUrl().toString()).isEqualTo("https://api-d.docusign.net");
    assertThat(c.insecure()).isFalse();
    assertThat(c.proxy()).isFalse();
    assertThat(c.caFile()).isNull();
    assertThat(c.apiBudgetPerHour()).isEqualTo(1000);
    assertThat(c.apiBurstPer30s()).isEqualTo(100);
    assertThat(c.stateDir()).isEqualTo(dir.resolve("state"));
    assertThat(c.output().type()).isEqualTo("file");
    assertThat(c.output().path()).isEqualTo(dir.resolve("state").resolve("events.jsonl"));
    assertThat(c.output().rotateBytes()).isEqualTo(104_857_600L);
    assertThat(c.output().keep()).isEqualTo(10);
    assertThat(c.privateKey().rsaKey().getModulus().bitLength()).isEqualTo(2048);
    assertThat(c.scopes()).containsExactlyInAnyOrder("signature", "impersonation");
    assertThat(c.toString()).doesNotContain(pkcs8Pem.substring(40, 80));
  }

  @ParameterizedTest
  @CsvSource({
    "https://account-d.docusign.com, lens_v2, https://lens-d.docusign.net, https://api-d.docusign.net",
    "https://account.docusign.com, lens_v2, https://lens.docusign.net, https://api.docusign.net",
    "https://account-d.docusign.com, org_v1, https://api-d.docusign.com, https://api-d.docusign.net",
    "https://account.docusign.com/, org_v1, https://api.docusign.com, https://api.docusign.net",
  })
  void derivesMonitorAndAdminUrls(String server, String api, String monitor, String admin)
      throws IOException {
    CollectorConfig c =
        load(
            base().replace("https://account-d.docusign.com", server)
                + "monitor_api: "
                + api
                + "\norganization_id: "
                + ORG
                + "\n");
    assertThat(c.monitorUrl().toString()).isEqualTo(monitor);
    assertThat(c.adminUrl().toString()).isEqualTo(admin);
    assertThat(c.serverUrl().toString()).doesNotEndWith("/");
  }

  @Test
  void explicitUrlsWinAndLoopbackHttpIsAllowed() throws IOException {
    CollectorConfig c =
        load(
            base().replace("https://account-d.docusign.com", "http://127.0.0.1:8080")
                + "monitor_url: http://localhost:9/\nadmin_url: http://[::1]:7\n");
    assertThat(c.monitorUrl().toString()).isEqualTo("http://localhost:9");
    assertThat(c.adminUrl().toString()).isEqualTo("http://[::1]:7");
  }

  @Test
  void everyKeyCanBeSet() throws IOException {
    Files.writeString(dir.resolve("ca.pem"), "x");
    CollectorConfig c =
        load(
            base()
                + "redirect_url: https://example.com/cb\n"
                + "account_id: "
                + ACCT
                + "\norganization_id: "
                + ORG
                + "\nevent_types: [customer_events, audit_users]\n"
                + "max_customer_events_per_fetch: 5\nmax_user_events_per_fetch: 7\n"
                + "first_fetch: 2026-01-01T00:00:00Z\ninterval: 90s\nmax_wait: 15m\n"
                + "connect_timeout: 3s\nrequest_timeout: 1h\ninsecure: true\nca_file: ca.pem\n"
                + "proxy: true\napi_budget_per_hour: 100000\napi_burst_per_30s: 1\n"
                + "state_dir: st\noutput: {type: file, path: out/e.jsonl, rotate_bytes: 0,"
                + " keep: 3}\n");
    assertThat(c.redirectUrl()).isEqualTo("https://example.com/cb");
    assertThat(c.accountId()).isEqualTo(ACCT);
    assertThat(c.eventTypes()).containsExactly(EventType.CUSTOMER_EVENTS, EventType.AUDIT_USERS);
    assertThat(c.scopes())
        .containsExactlyInAnyOrder("signature", "impersonation", "organization_read", "user_read");
    assertThat(c.maxCustomerEventsPerFetch()).isEqualTo(5);
    assertThat(c.maxUserEventsPerFetch()).isEqualTo(7);
    assertThat(c.firstFetch().at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.maxWait()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(c.insecure()).isTrue();
    assertThat(c.proxy()).isTrue();
    assertThat(c.caFile()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(c.apiBudgetPerHour()).isEqualTo(100000);
    assertThat(c.apiBurstPer30s()).isEqualTo(1);
    assertThat(c.stateDir()).isEqualTo(dir.resolve("st"));
    assertThat(c.output().path()).isEqualTo(dir.resolve("out/e.jsonl"));
    assertThat(c.output().rotateBytes()).isZero();
    assertThat(c.output().keep()).isEqualTo(3);
  }

  @Test
  void stdoutOutputAndSevenDayFirstFetch() throws IOException {
    CollectorConfig c = load(base() + "output: {type: stdout}\nfirst_fetch: 7d\n");
    assertThat(c.output().type()).isEqualTo("stdout");
    assertThat(c.firstFetch().ago()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void outputFormatIsRawByDefaultAndOcsfOrEcsWhenAsked() throws IOException {
    assertThat(load(base() + "output: {type: stdout}\n").output().format())
        .isEqualTo(OutputFormat.RAW);
    assertThat(load(base() + "output: {type: stdout, format: ocsf}\n").output().format())
        .isEqualTo(OutputFormat.OCSF);
    assertThat(load(base() + "output: {type: file, format: ECS}\n").output().format())
        .isEqualTo(OutputFormat.ECS);
    assertThat(load(base() + "output: {type: file, format: raw}\n").output().format())
        .isEqualTo(OutputFormat.RAW);
  }

  @Test
  void anUnknownOutputFormatIsAConfigurationErrorNamingTheKey() {
    failing(base() + "output: {type: file, format: cef}\n", Map.of())
        .hasMessageContaining("output.format")
        .hasMessageContaining("cef")
        .hasMessageContaining("raw")
        .hasMessageContaining("ocsf")
        .hasMessageContaining("ecs");
    failing(base() + "output: {type: stdout, format: [ocsf]}\n", Map.of())
        .hasMessageContaining("output.format");
  }

  @Test
  void environmentOverridesTheFile() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("DOCUSIGN_SERVER_URL", "https://account.docusign.com");
    env.put("DOCUSIGN_EVENT_TYPES", "customer_events, audit_users");
    env.put("DOCUSIGN_ACCOUNT_ID", ACCT);
    env.put("DOCUSIGN_ORGANIZATION_ID", ORG);
    env.put("DOCUSIGN_MAX_CUSTOMER_EVENTS_PER_FETCH", "10");
    env.put("DOCUSIGN_INTERVAL", "15m");
    env.put("DOCUSIGN_INSECURE", "true");
    env.put("DOCUSIGN_STATE_DIR", "elsewhere");
    env.put("DOCUSIGN_OUTPUT", "ignored: output has no variable");
    CollectorConfig c = load(base() + "interval: 5s\n", env);
    assertThat(c.serverUrl().toString()).isEqualTo("https://account.docusign.com");
    assertThat(c.monitorUrl().toString()).isEqualTo("https://lens.docusign.net");
    assertThat(c.eventTypes()).containsExactly(EventType.CUSTOMER_EVENTS, EventType.AUDIT_USERS);
    assertThat(c.maxCustomerEventsPerFetch()).isEqualTo(10);
    assertThat(c.interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.insecure()).isTrue();
    assertThat(c.stateDir()).isEqualTo(dir.resolve("elsewhere"));
    assertThat(c.output().path()).isEqualTo(dir.resolve("elsewhere/events.jsonl"));
  }

  @Test
  void environmentAloneWithoutAnyFile() {
    Map<String, String> env =
        Map.of(
            "DOCUSIGN_SERVER_URL",
            "https://account-d.docusign.com",
            "DOCUSIGN_INTEGRATION_KEY",
            IK,
            "DOCUSIGN_USER_ID",
            USER,
            "DOCUSIGN_PRIVATE_KEY",
            pkcs8Pem.replace('\n', ' '));
    CollectorConfig c = ConfigLoader.load(null, env, dir);
    assertThat(c.userId()).isEqualTo(USER);
    assertThat(c.privateKey()).isNotNull();
  }

  @Test
  void defaultFileInTheWorkingDirectoryIsRead() throws IOException {
    Files.writeString(dir.resolve("docusign-collector.yaml"), base());
    assertThat(ConfigLoader.load(null, Map.of(), dir).integrationKey()).isEqualTo(IK);
  }

  @Test
  void docusignConfigVariableNamesTheFile() throws IOException {
    Files.writeString(dir.resolve("other.yaml"), base());
    assertThat(ConfigLoader.load(null, Map.of("DOCUSIGN_CONFIG", "other.yaml"), dir).userId())
        .isEqualTo(USER);
  }

  @Test
  void aNamedFileMustExist() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("nope.yaml"), Map.of(), dir))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("--config")
        .hasMessageContaining("nope.yaml")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DOCUSIGN_CONFIG", "gone.yaml"), dir))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("DOCUSIGN_CONFIG")
        .hasMessageContaining("gone.yaml");
  }

  @Test
  void envKeyReplacesTheFilesKeySettings() throws IOException {
    // The file's key file does not exist, but the environment's key replaces it.
    CollectorConfig c =
        load(base().replace("key.pem", "missing.pem"), Map.of("DOCUSIGN_PRIVATE_KEY", pkcs8Pem));
    assertThat(c.privateKey()).isNotNull();
    c = load(base() + "", Map.of("DOCUSIGN_PRIVATE_KEY_FILE", keyFile.toString()));
    assertThat(c.privateKey()).isNotNull();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    failing(
            "server_url: ftp://x\nuser_id: nope\nmax_customer_events_per_fetch: 2001\n"
                + "max_user_events_per_fetch: 0\ninterval: 0s\nmonitor_api: v9\nbogus: 1\n"
                + "event_types: [audit_users, thing]\napi_budget_per_hour: 100001\n"
                + "api_burst_per_30s: lots\ninsecure: maybe\nfirst_fetch: yesterday\n"
                + "max_wait: forever\noutput: {type: kafka}\n",
            Map.of())
        .satisfies(
            e -> {
              String m = e.getMessage();
              assertThat(m.lines().filter(l -> l.startsWith("  - ")).count()).isGreaterThan(14);
              for (String key :
                  List.of(
                      "server_url",
                      "integration_key",
                      "user_id",
                      "max_customer_events_per_fetch",
                      "max_user_events_per_fetch",
                      "interval",
                      "monitor_api",
                      "bogus",
                      "event_types",
                      "api_budget_per_hour",
                      "api_burst_per_30s",
                      "insecure",
                      "first_fetch",
                      "max_wait",
                      "output.type",
                      "account_id",
                      "organization_id",
                      "private_key")) {
                assertThat(m).contains("  - " + key);
              }
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown_key: 1|unknown_key",
        "server_url: http://account-d.docusign.com|server_url",
        "server_url: https://|server_url",
        "monitor_url: http://10.0.0.1:8080|monitor_url",
        "admin_url: http://example.com|admin_url",
        "integration_key: not-a-guid|integration_key",
        "account_id: 42|account_id",
        "max_customer_events_per_fetch: 0|max_customer_events_per_fetch",
        "max_customer_events_per_fetch: 2001|max_customer_events_per_fetch",
        "max_user_events_per_fetch: 1251|max_user_events_per_fetch",
        "interval: 500ms|interval",
        "interval: 60|interval",
        "connect_timeout: soon|connect_timeout",
        "request_timeout: -1s|request_timeout",
        "first_fetch: 2026-13-01|first_fetch",
        "monitor_api: lens_v3|monitor_api",
        "api_budget_per_hour: 0|api_budget_per_hour",
        "api_burst_per_30s: 100001|api_burst_per_30s",
        "proxy: yes please|proxy",
        "ca_file: nowhere.pem|ca_file",
        "event_types: []|event_types",
        "event_types: [customer_events, alerts]|event_types",
        "event_types: [audit_users]|account_id",
        "monitor_api: org_v1|organization_id",
        "output: {type: carrier_pigeon}|output.type",
        "output: {type: file, colour: red}|output.colour",
        "output: {type: file, keep: -1}|output.keep",
        "output: {type: file, rotate_bytes: big}|output.rotate_bytes",
        "private_key: abc|private_key",
        "redirect_url: not a url|redirect_url",
        "'server_url: [a, b]'|server_url",
      })
  void eachBadValueIsExitTwoNamingItsKey(String line, String key) {
    String yaml =
        base()
                .lines()
                .filter(l -> !l.startsWith(line.split(":")[0] + ":"))
                .reduce("", (a, b) -> a + b + "\n")
            + line
            + "\n";
    failing(yaml, Map.of()).hasMessageContaining("  - " + key);
  }

  @Test
  void aMisspelledKeyGetsASuggestion() {
    failing(base() + "intervall: 90s\nState-Dir: x\n", Map.of())
        .hasMessageContaining("intervall (in c.yaml): unknown key; did you mean interval?")
        .hasMessageContaining("State-Dir (in c.yaml): unknown key; did you mean state_dir?");
    failing(base() + "colour: red\n", Map.of()).hasMessageContaining("known keys: server_url");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    failing("", Map.of())
        .hasMessageContaining("server_url")
        .hasMessageContaining("DOCUSIGN_SERVER_URL")
        .hasMessageContaining("integration_key")
        .hasMessageContaining("user_id")
        .hasMessageContaining("private_key_file");
  }

  @Test
  void bothKeyFormsInOnePlaceAreRefused() {
    failing(base() + "private_key: x\n", Map.of()).hasMessageContaining("both are set");
    // A key from the environment replaces both of the file's settings.
    assertThat(
            ConfigLoader.load(
                    writeYaml(base() + "private_key: x\n"),
                    Map.of("DOCUSIGN_PRIVATE_KEY", pkcs8Pem),
                    dir)
                .privateKey())
        .isNotNull();
    failing(
            base(),
            Map.of(
                "DOCUSIGN_PRIVATE_KEY", pkcs8Pem, "DOCUSIGN_PRIVATE_KEY_FILE", keyFile.toString()))
        .hasMessageContaining("DOCUSIGN_PRIVATE_KEY_FILE")
        .hasMessageContaining("both are set");
  }

  @Test
  void badYamlAndDuplicateKeysAreExitTwo() {
    failing("server_url: [unclosed\n", Map.of()).hasMessageContaining("not valid YAML");
    failing(base() + "user_id: " + USER + "\n", Map.of()).hasMessageContaining("twice");
  }

  @Test
  void keyFileProblemsNameTheSetting() throws IOException {
    failing(base().replace("key.pem", "absent.pem"), Map.of())
        .hasMessageContaining("private_key_file")
        .hasMessageContaining("does not exist");
    Files.writeString(dir.resolve("junk.pem"), "hello world");
    failing(base().replace("key.pem", "junk.pem"), Map.of())
        .hasMessageContaining("private_key_file")
        .hasMessageContaining("not a PEM private key");
  }

  @Test
  void errorMessagesNeverCarryTheKey() {
    String broken = pkcs8Pem.replace("MII", "!!!");
    failing(base(), Map.of("DOCUSIGN_PRIVATE_KEY", broken, "DOCUSIGN_USER_ID", "bad"))
        .satisfies(
            e -> {
              for (String line : pkcs8Pem.split("\n")) {
                if (!line.startsWith("-----") && line.length() >= 30) {
                  assertThat(e.getMessage()).doesNotContain(line.substring(5, 30));
                }
              }
            });
  }

  @Test
  void durationGrammar() {
    assertThat(ConfigLoader.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ConfigLoader.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(ConfigLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigLoader.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(ConfigLoader.parseDuration("1 h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigLoader.parseDuration("1x")).isNull();
    assertThat(ConfigLoader.parseDuration("h")).isNull();
  }

  @Test
  void loopbackHosts() {
    assertThat(ConfigLoader.isLoopback("127.0.0.1")).isTrue();
    assertThat(ConfigLoader.isLoopback("127.9.8.7")).isTrue();
    assertThat(ConfigLoader.isLoopback("localhost")).isTrue();
    assertThat(ConfigLoader.isLoopback("[::1]")).isTrue();
    assertThat(ConfigLoader.isLoopback("128.0.0.1")).isFalse();
    assertThat(ConfigLoader.isLoopback("127.0.0.1.example.com")).isFalse();
    assertThat(ConfigLoader.isLoopback("localhost.example.com")).isFalse();
  }
}
