package io.github.docusigncollector.cli;

import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the launcher's class-data archive: {@code fetch} of both event types against
 * an in-process simulator on 127.0.0.1, once cold (token, userinfo, backlog) and once with nothing
 * new, so that the JVM records the classes a one-shot command loads. Not a user command: the
 * launcher runs it with {@code -XX:ArchiveClassesAtExit} and discards its output.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    System.exit(run());
  }

  static int run() throws IOException {
    Path dir = Files.createTempDirectory("docusign-collector-training-");
    try (DocuSignSimulator sim =
        DocuSignSimulator.builder().events(500).users(20).consent(true).start()) {
      Path key = dir.resolve("key.pem");
      Files.writeString(key, sim.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      Path yaml = dir.resolve("docusign-collector.yaml");
      Files.writeString(
          yaml,
          sim.collectorConfigYaml(key)
              + "event_types: [customer_events, audit_users]\n"
              + "first_fetch: 1h\n"
              + "state_dir: "
              + quote(dir.resolve("state"))
              + "\noutput:\n  type: file\n  path: "
              + quote(dir.resolve("out").resolve("events.jsonl"))
              + "\n",
          StandardCharsets.UTF_8);
      int code = 0;
      for (int i = 0; i < 2 && code == 0; i++) {
        code =
            Main.execute(
                dir,
                Map.of(Logging.LEVEL_ENV, "warn"),
                Clock.systemUTC(),
                Sleeper.SYSTEM,
                new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()),
                "--config",
                yaml.toString(),
                "fetch");
      }
      return code;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
