package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.state.StateStore;
import io.github.docusigncollector.state.WriterLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that need no DocuSign: consent-url, reset-token, state show, configuration errors. */
class OfflineCommandsTest {
  static final String IK = "11111111-2222-3333-4444-555555555555";
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

  void writeConfig(String extra) throws IOException {
    Files.writeString(dir.resolve("key.pem"), pem);
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        "server_url: https://account-d.docusign.com\n"
            + "integration_key: "
            + IK
            + "\nuser_id: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n"
            + "private_key_file: key.pem\n"
            + "redirect_url: https://example.com/callback\n"
            + extra);
  }

  @Test
  void consentUrlAloneOnStdoutAndNoState() throws IOException {
    writeConfig("");
    CliRun r = CliRun.run(dir, Map.of(), "consent-url");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "https://account-d.docusign.com/oauth/auth?response_type=code"
                + "&scope=signature%20impersonation&client_id="
                + IK
                + "&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback"
                + System.lineSeparator());
    assertThat(dir.resolve("state")).doesNotExist();
    CliRun admin = CliRun.run(dir, Map.of(), "consent-url", "--admin");
    assertThat(admin.out())
        .contains("&scope=openid&admin_consent_scope=signature%20impersonation&");
    assertThat(admin.out().lines()).hasSize(1);
  }

  @Test
  void consentUrlNeedsRedirectUrl() throws IOException {
    writeConfig("");
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        Files.readString(dir.resolve("docusign-collector.yaml"))
            .replace("redirect_url: https://example.com/callback\n", ""));
    CliRun r = CliRun.run(dir, Map.of(), "consent-url");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("redirect_url");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void configErrorsAreExitTwoAndWriteNothing() throws IOException {
    writeConfig("max_customer_events_per_fetch: 5000\nbogus_key: 1\n");
    for (String cmd : new String[] {"consent-url", "reset-token", "state"}) {
      CliRun r =
          cmd.equals("state")
              ? CliRun.run(dir, Map.of(), "state", "show")
              : CliRun.run(dir, Map.of(), cmd);
      assertThat(r.exitCode()).as(cmd).isEqualTo(2);
      assertThat(r.err()).contains("max_customer_events_per_fetch").contains("bogus_key");
      assertThat(r.err()).doesNotContain("at io.github");
    }
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void missingNamedConfigIsExitTwo() {
    CliRun r = CliRun.run(dir, Map.of(), "--config", "absent.yaml", "consent-url");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("absent.yaml");
    r = CliRun.run(dir, Map.of("DOCUSIGN_CONFIG", "gone.yaml"), "state", "show", "--verbose");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("gone.yaml").contains("DOCUSIGN_CONFIG");
  }

  @Test
  void badLogLevelIsExitTwo() throws IOException {
    writeConfig("");
    CliRun r = CliRun.run(dir, Map.of("DOCUSIGN_LOG_LEVEL", "loud"), "consent-url");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("DOCUSIGN_LOG_LEVEL").contains("loud");
    assertThat(CliRun.run(dir, Map.of("DOCUSIGN_LOG_LEVEL", "TRACE"), "consent-url").exitCode())
        .isZero();
  }

  @Test
  void stateShowWorksWithNoStateAndResetTokenIsIdempotent() throws IOException {
    writeConfig("");
    CliRun show = CliRun.run(dir, Map.of(), "state", "show");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out()).contains("\"api_calls_this_hour\" : 0").contains("\"checkpoints\"");
    CliRun reset = CliRun.run(dir, Map.of(), "reset-token");
    assertThat(reset.exitCode()).isZero();
    assertThat(reset.out()).contains("No cached access token");
    assertThat(CliRun.run(dir, Map.of(), "reset-token").exitCode()).isZero();
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void stateShowPrintsCheckpointsAsTheyAreAndTakesNoLock() throws IOException {
    writeConfig("");
    StateStore store = new StateStore(dir.resolve("state"));
    ObjectNode cp = new ObjectMapper().createObjectNode();
    cp.putObject("streams")
        .putObject("customer_events")
        .put("last_success", "2026-03-01T10:00:00Z")
        .put("event_age_s", 42);
    try (WriterLock lock = store.lockWriter("run")) {
      store.writeCheckpoints(cp);
      CliRun show = CliRun.run(dir, Map.of(), "state", "show");
      assertThat(show.exitCode()).as(show.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(show.out());
      JsonNode events = json.path("checkpoints").path("streams").path("customer_events");
      assertThat(events.path("last_success").asText()).isEqualTo("2026-03-01T10:00:00Z");
      assertThat(events.path("event_age_s").asInt()).isEqualTo(42);
      assertThat(json.path("checkpoints").path("version").asInt()).isEqualTo(1);
    }
  }

  @Test
  void helpDescribesEachCommand() {
    for (String cmd : new String[] {"consent-url", "reset-token", "auth-test", "go-live-check"}) {
      CliRun r = CliRun.run(dir, Map.of(), cmd, "--help");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).doesNotContain("Not built yet").contains("Usage:");
    }
    CliRun r = CliRun.run(dir, Map.of(), "state", "show", "--help");
    assertThat(r.out()).contains("\"***\"");
  }
}
