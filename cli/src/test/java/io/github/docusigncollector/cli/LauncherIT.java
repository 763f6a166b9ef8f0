package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/docusign-collector} in a copy of the checkout's layout (its own {@code
 * cli/target/}): the class-data archive it records, reuses and renews, its JVM defaults that {@code
 * DOCUSIGN_JAVA_OPTS} overrides, and nothing of its own on stdout, whatever the archive's state.
 */
class LauncherIT {
  @TempDir Path root;
  Path launcher;
  Path jar;
  Path archive;

  record Proc(int exitCode, String out, String err) {}

  @BeforeEach
  void layout() throws IOException {
    String real = System.getProperty("collector.launcher");
    assertThat(real).as("failsafe passes collector.launcher").isNotNull();
    launcher = root.resolve("bin").resolve("docusign-collector");
    Files.createDirectories(launcher.getParent());
    Files.copy(Path.of(real), launcher);
    assertThat(launcher.toFile().setExecutable(true)).isTrue();
    jar = root.resolve("cli").resolve("target").resolve("docusign-collector.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(CollectorProcess.jar(), jar);
    archive = jar.resolveSibling("docusign-collector.jsa");
  }

  Proc run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("DOCUSIGN_"));
    pb.environment().putAll(env);
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Proc(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** What the jar alone prints for {@code --version}: the launcher may add nothing to it. */
  String plainVersion() throws IOException, InterruptedException {
    Path out = root.resolve("plain.txt");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--version")
            .redirectOutput(out.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void recordsTheArchiveOnceThenUsesItAndRenewsItForANewerJar() throws Exception {
    String version = plainVersion();
    assertThat(version).startsWith("docusign-collector");

    Proc first = run(Map.of(), "--version");
    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).isEqualTo(version);
    assertThat(first.err()).contains("class-data archive");
    assertThat(archive).isNotEmptyFile();
    FileTime recorded = Files.getLastModifiedTime(archive);

    // The archive is used: the collector's classes come from it ("shared objects file").
    Proc second = run(Map.of("DOCUSIGN_JAVA_OPTS", "-Xlog:class+load=info:stderr"), "--version");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).isEqualTo(version);
    assertThat(second.err())
        .doesNotContain("class-data archive")
        .containsPattern(
            "io\\.github\\.docusigncollector\\.cli\\.Main source: shared objects file");
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(recorded);

    // A rebuilt jar (newer than the archive) gets a new archive.
    Thread.sleep(1500);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusMillis(500)));
    assertThat(Files.getLastModifiedTime(jar)).isGreaterThan(recorded);
    Proc third = run(Map.of(), "--version");
    assertThat(third.exitCode()).isZero();
    assertThat(third.out()).isEqualTo(version);
    assertThat(third.err()).contains("class-data archive");
    assertThat(Files.getLastModifiedTime(archive))
        .isGreaterThan(recorded)
        .isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar));
  }

  @Test
  void aDamagedOrForeignArchiveIsIgnoredSilently() throws Exception {
    String version = plainVersion();
    assertThat(run(Map.of(), "--version").exitCode()).isZero();
    // Damaged (or made by another JDK) after it was recorded for this very jar: the launcher keeps
    // it, and the JVM must refuse it without a word.
    Files.delete(archive);
    Files.writeString(archive, "not an archive\n");

    Proc p = run(Map.of(), "--version");

    assertThat(p.exitCode()).isZero();
    assertThat(p.out()).isEqualTo(version);
    assertThat(p.err()).isEmpty();
  }

  @Test
  void aJarReplacedByAnOlderOneGetsItsOwnArchive() throws Exception {
    assertThat(run(Map.of(), "--version").err()).contains("class-data archive");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    Proc p = run(Map.of("DOCUSIGN_JAVA_OPTS", "-Xlog:class+load=info:stderr"), "--version");

    assertThat(p.exitCode()).isZero();
    assertThat(p.out()).isEqualTo(plainVersion());
    assertThat(p.err()).contains("class-data archive").contains("shared objects file (top)");
  }

  @Test
  void defaultsComeFirstSoThatDocusignJavaOptsOverridesThem() throws Exception {
    Proc serial = run(Map.of("DOCUSIGN_JAVA_OPTS", "-Xlog:gc=info:stderr"), "--version");
    assertThat(serial.exitCode()).isZero();
    assertThat(serial.err()).contains("Using Serial");

    Proc parallel =
        run(
            Map.of(
                "DOCUSIGN_JAVA_OPTS", "-XX:-UseSerialGC -XX:+UseParallelGC -Xlog:gc=info:stderr"),
            "--version");
    assertThat(parallel.exitCode()).isZero();
    assertThat(parallel.err()).contains("Using Parallel").doesNotContain("Using Serial");
    assertThat(parallel.out()).isEqualTo(serial.out());
  }

  @Test
  void execsJavaWithItsOwnPathExportedForTheBenchmark() throws Exception {
    Path out = root.resolve("sim.txt");
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "simulator", "--events", "1", "--users", "1")
            .directory(root.toFile())
            .redirectOutput(out.toFile())
            .redirectError(root.resolve("sim.err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("DOCUSIGN_"));
    Process p = pb.start();
    try {
      for (int i = 0; i < 600 && Files.size(out) == 0; i++) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(out)).startsWith("# the DocuSign simulator at http://127.0.0.1:");
      // exec kept the pid: the launcher's process is now the JVM, with the variable set
      String environ =
          Files.readString(Path.of("/proc/" + p.pid() + "/environ"), StandardCharsets.UTF_8);
      assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"))).contains("-jar");
      assertThat(List.of(environ.split("\u0000"))).contains("DOCUSIGN_LAUNCHER=" + launcher);
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /**
   * The first-use build's output reaches stderr without ANSI codes (Maven 3.8 writes ESC[0m even in
   * batch mode) and stdout not at all. A stand-in {@code mvn} on the PATH writes what Maven 3.8.7
   * writes and puts the jar in place; a failing build still fails the launcher.
   */
  @Test
  void theFirstUseBuildLeavesNoColourCodesAndNothingOnStdout() throws Exception {
    Path built = root.resolve("built.jar");
    Files.move(jar, built);
    Path fakeBin = root.resolve("fake-bin");
    Files.createDirectories(fakeBin);
    Path mvn = fakeBin.resolve("mvn");
    Files.writeString(
        mvn,
        "#!/usr/bin/env bash\n"
            + "printf '\\033[0m\\033[0m'\n"
            + "printf '\\033[1m[INFO]\\033[m building\\n' >&2\n"
            + "[[ -n \"${FAIL_BUILD:-}\" ]] && exit 7\n"
            + "cp '"
            + built
            + "' '"
            + jar
            + "'\n");
    assertThat(mvn.toFile().setExecutable(true)).isTrue();
    String path = fakeBin + ":" + System.getenv("PATH");

    Proc failed = run(Map.of("PATH", path, "FAIL_BUILD", "1"), "--version");
    assertThat(failed.exitCode()).isNotZero();
    assertThat(failed.out()).isEmpty();

    Proc p = run(Map.of("PATH", path), "--version");
    assertThat(p.exitCode()).isZero();
    assertThat(p.err()).contains("first use").contains("[INFO] building").doesNotContain("\u001b");
    assertThat(p.out()).doesNotContain("\u001b").isEqualTo(plainVersion());
  }
}
