package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.simulator.DocuSignSimulator;
import io.github.docusigncollector.simulator.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a real process against the simulator: exit codes, stdout, stderr. */
class AuthCommandsIT {
  @TempDir Path dir;
  DocuSignSimulator sim;
  Path keyFile;

  record Proc(int exitCode, String out, String err, long millis) {}

  @BeforeEach
  void start() throws IOException {
    sim = DocuSignSimulator.builder().users(2).events(3).start();
    keyFile = dir.resolve("key.pem");
    Files.writeString(keyFile, sim.privateKeyPkcs1Pem());
    Files.writeString(dir.resolve("docusign-collector.yaml"), sim.collectorConfigYaml(keyFile));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  Proc run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("collector.jar");
    assertThat(jar).as("failsafe passes collector.jar").isNotNull();
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("DOCUSIGN_"));
    pb.environment().putAll(env);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    long start = System.nanoTime();
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    long ms = (System.nanoTime() - start) / 1_000_000;
    return new Proc(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        ms);
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void authTestBeforeAndAfterConsentAndNoSecretsAtDebug() throws Exception {
    Proc before = run(Map.of(), "auth-test");
    assertThat(before.exitCode()).isEqualTo(3);
    assertThat(before.err()).contains("consent-url");
    assertThat(before.err()).doesNotContain("\tat ");
    assertThat(before.out()).isEmpty();

    Proc url = run(Map.of(), "consent-url");
    assertThat(url.exitCode()).isZero();
    assertThat(url.out().lines()).hasSize(1);
    sim.grantConsent(List.of("signature", "impersonation"));

    Map<String, String> env = new HashMap<>();
    env.put("DOCUSIGN_LOG_LEVEL", "debug");
    Proc ok = run(env, "--verbose", "auth-test");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("ok\n");
    assertThat(ok.err()).contains("DEBUG");
    System.out.println("auth-test wall time, JVM start to exit: " + ok.millis() + " ms");
    System.out.println("auth-test --verbose stderr:\n" + ok.err());

    Proc again = run(Map.of(), "auth-test");
    assertThat(again.exitCode()).isZero();
    System.out.println("auth-test wall time, a second time: " + again.millis() + " ms");
    // Each auth-test proves the key with a new grant, cached token or not (the very first run
    // failed for want of consent).
    assertThat(
            sim.requests().stream()
                .filter(r -> r.endpoint() == Endpoint.TOKEN && r.status() == 200)
                .count())
        .isEqualTo(2);

    Proc live = run(env, "go-live-check", "--verbose");
    assertThat(live.exitCode()).as(live.err()).isZero();
    assertThat(live.out()).endsWith("20/20 ok\n");

    Proc show = run(env, "state", "show");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out()).contains("\"***\"");

    String token =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("state/shared.json").toFile())
            .path("token")
            .path("access_token")
            .asText();
    String all =
        before.out()
            + before.err()
            + ok.out()
            + ok.err()
            + live.out()
            + live.err()
            + show.out()
            + show.err();
    assertThat(all).doesNotContain(token);
    assertThat(all).doesNotContain(SimulatorCommandsTest.JWT_HEADER);
    for (String line : sim.privateKeyPkcs1Pem().split("\n")) {
      if (!line.startsWith("-----") && line.length() >= 16) {
        assertThat(all).doesNotContain(line.substring(0, 16));
      }
    }
  }

  @Test
  void configurationErrorIsExitTwoAndWritesNothing() throws Exception {
    Files.writeString(
        dir.resolve("docusign-collector.yaml"),
        sim.collectorConfigYaml(keyFile) + "interval: 0s\nsurprise: yes\n");
    Proc p = run(Map.of(), "auth-test");
    assertThat(p.exitCode()).isEqualTo(2);
    assertThat(p.err()).contains("interval").contains("surprise");
    assertThat(dir.resolve("state")).doesNotExist();
    assertThat(sim.requests()).isEmpty();
  }
}
