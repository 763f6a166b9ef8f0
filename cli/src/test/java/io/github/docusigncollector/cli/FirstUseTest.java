package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user meets first, run in-process against the simulator on loopback: help, usage
 * mistakes, configuration mistakes, and the commands that prove the configuration.
 */
class FirstUseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private DocuSignSimulator sim;
  private Path key;

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().events(200).users(10).consent(true).start();
    key = dir.resolve("key.pem");
    Files.writeString(key, sim.privateKeyPkcs8Pem());
    writeConfig("");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private void writeConfig(String extra) throws IOException {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(key)
            + "event_types: [customer_events, audit_users]\n"
            + "first_fetch: 1h\napi_budget_per_hour: 100000\napi_burst_per_30s: 100000\n"
            + extra);
  }

  private CliRun cli(String... args) {
    return CliRun.run(dir, Map.of(), args);
  }

  // ---------------------------------------------------------------- help

  @Test
  void aBareCommandPrintsTheHelpWithExamplesExitCodesAndEnvironment() {
    CliRun r = cli();
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).doesNotContain("Missing command");
    assertThat(r.out())
        .contains("Usage: docusign-collector")
        .contains("Commands:")
        .contains("Examples:")
        .contains("Exit codes:")
        .contains("  3  authorization failure")
        .contains("Environment variables:")
        .contains("DOCUSIGN_CONFIG")
        .contains("DOCUSIGN_LOG_LEVEL");
    assertThat(cli("--help").out()).isEqualTo(r.out());
  }

  @Test
  void aMistypedCommandGetsADidYouMean() {
    CliRun r = cli("fecth");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Did you mean").contains("fetch");
    CliRun s = cli("auth-tset");
    assertThat(s.err()).contains("auth-test");
  }

  @Test
  void subcommandsHaveNoVersionOptionAndNoWordIsBrokenAcrossLines() {
    for (String cmd : Main.COMMANDS.keySet()) {
      if (cmd.equals("help")) {
        continue;
      }
      CliRun r = cli(cmd, "--help");
      assertThat(r.exitCode()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).doesNotContain("-V").doesNotContain("--version");
      assertThat(r.out()).as(cmd).contains("-h, --help");
      // A word broken by the wrap leaves a line ending in a letter or dot glued to the next's.
      assertThat(r.out()).as(cmd).doesNotContain(" .\n").doesNotContain("else .");
      assertThat(r.out()).as(cmd).contains("docusign-collector.yaml");
    }
    assertThat(cli("--version").exitCode()).isZero();
    assertThat(cli("fetch", "--version").exitCode()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void aDuplicateKeyIsReportedAloneWithItsNameAndLine() throws IOException {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        Files.readString(dir.resolve("docusign-collector.yaml")) + "first_fetch: 2h\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("first_fetch appears twice").contains("line ");
    assertThat(r.err()).doesNotContain("required").doesNotContain("problems");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void aYamlErrorIsReportedAloneNamingTheKeyAndLineWithoutQuotingTheFile() throws IOException {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        Files.readString(dir.resolve("docusign-collector.yaml"))
            + "max_wait: [1m\nsecret_looking: s3cr3tvalue\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("not valid YAML at line")
        .contains("secret_looking")
        .contains("max_wait");
    assertThat(r.err()).doesNotContain("required but not set").doesNotContain("s3cr3tvalue");
    assertThat(r.err().lines().filter(l -> !l.isBlank()).count()).isEqualTo(1);
  }

  @Test
  void aServerUrlWithAPathIsRefusedAtConfigurationTime() throws IOException {
    writeConfig("");
    String yaml =
        Files.readString(dir.resolve("docusign-collector.yaml"))
            .replace("server_url: " + sim.baseUrl(), "server_url: " + sim.baseUrl() + "/oauth");
    Files.writeString(dir.resolve("docusign-collector.yaml"), yaml);
    sim.clearRequests();
    CliRun r = cli("auth-test");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("server_url").contains("has a path (/oauth)");
    assertThat(sim.requests()).isEmpty();
  }

  @Test
  void aStateDirNamingAFileSaysSoPlainly() throws IOException {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    writeConfig("state_dir: " + file + "\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("state_dir")
        .contains("is a file, not a directory")
        .doesNotContain("cannot create");
  }

  // ---------------------------------------------------------------- proving the configuration

  @Test
  void authTestMakesANewGrantEachTimeAndSoSeesAKeyDocuSignWouldRefuse() throws Exception {
    CliRun ok = cli("auth-test");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("ok" + System.lineSeparator());
    sim.clearRequests();
    CliRun again = cli("auth-test");
    assertThat(again.exitCode()).isZero();
    assertThat(sim.requests().stream().filter(q -> q.endpoint() == Endpoint.TOKEN).count())
        .as("a new JWT Grant although a token is cached")
        .isEqualTo(1);

    Files.writeString(key, otherKeyPem()); // a key the app does not have
    CliRun bad = cli("auth-test");
    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(3);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).doesNotContain("checkpoint").doesNotContain("BEGIN");

    CliRun golive = cli("go-live-check");
    assertThat(golive.exitCode()).isEqualTo(3);
  }

  @Test
  void goLiveCheckAgainstTheSimulatorDoesNotSendTheUserToTheReview() {
    CliRun r = cli("go-live-check");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("20/20 ok");
    assertThat(r.err()).doesNotContain("submit it for review").contains("not DocuSign");
  }

  @Test
  void aFailingAuthTestDoesNotTalkOfCheckpoints() throws IOException {
    writeConfig("");
    sim.close();
    CliRun r = CliRun.runWithoutWaits(dir, Map.of(), "auth-test");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("giving up").doesNotContain("checkpoint");
  }

  @Test
  void anUnresolvableHostIsSaidToNotResolve() throws IOException {
    String yaml =
        Files.readString(dir.resolve("docusign-collector.yaml"))
            .replace("server_url: " + sim.baseUrl(), "server_url: https://example.invalid");
    Files.writeString(dir.resolve("docusign-collector.yaml"), yaml);
    CliRun r = CliRun.runWithoutWaits(dir, Map.of(), "auth-test");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("example.invalid does not resolve")
        .doesNotContain("connection refused");
  }

  @Test
  void verboseAddsTheStackTraceOfAFailure() throws IOException {
    sim.faults().forbidMonitor(true);
    CliRun quiet = cli("fetch");
    assertThat(quiet.exitCode()).isEqualTo(3);
    assertThat(quiet.err()).doesNotContain("\tat ");
    CliRun verbose = cli("--verbose", "fetch");
    assertThat(verbose.exitCode()).isEqualTo(3);
    assertThat(verbose.err()).contains("CollectorException").contains("\tat ");
  }

  // ---------------------------------------------------------------- looking and collecting

  @Test
  void getEventsSinceLooksBackWhateverTheCheckpointSays() throws Exception {
    CliRun fetch = cli("fetch");
    assertThat(fetch.exitCode()).as(fetch.err()).isZero();
    CliRun after = cli("get-events", "--type", "customer_events", "--format", "jsonl");
    assertThat(after.out()).isEmpty();
    CliRun since =
        cli(
            "get-events",
            "--type",
            "customer_events",
            "--since",
            "2h",
            "--limit",
            "50",
            "--format",
            "jsonl");
    assertThat(since.exitCode()).as(since.err()).isZero();
    assertThat(since.out().lines()).hasSize(50);
    CliRun users =
        cli(
            "get-events",
            "--type",
            "audit_users",
            "--since",
            "2026-01-01T00:00:00Z",
            "--format",
            "json");
    assertThat(users.exitCode()).as(users.err()).isZero();
    JsonNode arr = JSON.readTree(users.out());
    assertThat(arr.size()).isEqualTo(10);
    CliRun bad = cli("get-events", "--type", "customer_events", "--since", "yesterday");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--since");
  }

  @Test
  void theSinkFilesAreReadableByTheirOwnerAloneRotatedOnesToo() throws Exception {
    writeConfig(
        "output: {type: file, path: "
            + dir.resolve("out").resolve("events.jsonl")
            + ", rotate_bytes: 20000, keep: 50}\n");
    CliRun r = cli("fetch");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<Path> files;
    try (var s = Files.list(dir.resolve("out"))) {
      files = s.toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(2);
    assertThat(files).anyMatch(f -> f.getFileName().toString().equals("events.jsonl.1"));
    for (Path f : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
          .as(f.toString())
          .isEqualTo("rw-------");
    }
  }

  private static String otherKeyPem() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
