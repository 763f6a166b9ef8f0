package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad keys of the syslog and kafka outputs: exit 2 naming each, nothing fetched or written. */
class SyslogKafkaConfigTest {
  @TempDir Path dir;

  private void writeConfig(String extra) throws IOException {
    // the key file is never read: the configuration fails first
    Files.writeString(dir.resolve("key.pem"), "not read");
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        "server_url: https://account-d.docusign.com\n"
            + "integration_key: 11111111-2222-3333-4444-555555555555\n"
            + "user_id: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n"
            + "private_key_file: key.pem\n"
            + extra);
  }

  private CliRun fetch(String output) throws IOException {
    writeConfig("state_dir: state\noutput:\n" + output);
    return CliRun.run(dir, Map.of(), "fetch");
  }

  @Test
  void badSyslogKeysAreExitTwoNamingEach() throws IOException {
    CliRun r =
        fetch(
            "  type: syslog\n"
                + "  port: 70000\n"
                + "  protocol: tcpx\n"
                + "  framing: lines\n"
                + "  facility: local9\n"
                + "  app_name: 'has spaces'\n"
                + "  max_message_bytes: 10\n"
                + "  colour: blue\n");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("output.host")
        .contains("output.port")
        .contains("output.protocol")
        .contains("output.framing")
        .contains("output.facility")
        .contains("output.max_message_bytes")
        .contains("output.colour")
        .doesNotContain("at io.github");
    assertThat(dir.resolve("state")).doesNotExist();

    CliRun app = fetch("  type: syslog\n  host: 127.0.0.1\n  app_name: 'has spaces'\n");
    assertThat(app.exitCode()).isEqualTo(2);
    assertThat(app.err()).contains("output.app_name");
    CliRun tlsKeys = fetch("  type: syslog\n  host: 127.0.0.1\n  insecure: true\n");
    assertThat(tlsKeys.exitCode()).isEqualTo(2);
    assertThat(tlsKeys.err()).contains("output.insecure").contains("protocol tls");
  }

  @Test
  void badKafkaKeysAreExitTwoNamingEachAndThePasswordIsNeverShown() throws IOException {
    String password = "kafka-very-secret-pw-123";
    CliRun r =
        fetch(
            "  type: kafka\n"
                + "  topics: {customer_events: a, everything: b}\n"
                + "  security_protocol: sasl_tls\n"
                + "  sasl_username: collector\n"
                + "  password: "
                + password
                + "\n"
                + "  properties: {acks: '1'}\n");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("output.bootstrap_servers")
        .contains("output.security_protocol")
        .doesNotContain(password);
    assertThat(dir.resolve("state")).doesNotExist();

    CliRun both =
        fetch(
            "  type: kafka\n  bootstrap_servers: 127.0.0.1:9\n  topic: t\n  topics: {audit_users: u}\n"
                + "  sasl_mechanism: plain\n  password: "
                + password
                + "\n  properties: {acks: '1', enable.idempotence: 'false'}\n");
    assertThat(both.exitCode()).as(both.err()).isEqualTo(2);
    assertThat(both.err())
        .contains("output.topic, output.topics")
        .contains("output.sasl_username")
        .contains("output.security_protocol")
        .contains("output.properties.acks")
        .contains("output.properties.enable.idempotence")
        .doesNotContain(password);

    // checks across keys run once every key alone is valid
    CliRun topics =
        fetch("  type: kafka\n  bootstrap_servers: 127.0.0.1:9\n  topics: {everything: b}\n");
    assertThat(topics.exitCode()).isEqualTo(2);
    assertThat(topics.err()).contains("output.topics.everything");

    CliRun none = fetch("  type: kafka\n  bootstrap_servers: 127.0.0.1:9\n");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("output.topic");
    assertThat(dir.resolve("state")).doesNotExist();
    assertThat(Files.exists(dir.resolve("state"))).isFalse();
  }
}
