package io.github.docusigncollector.cli;

import io.github.docusigncollector.simulator.host.HostTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, run once per call with a fresh profile and no network beyond the URL.
 */
final class Chromium {
  private final Path program = HostTools.require("chromium", "chromium");
  private final Path work;

  Chromium(Path work) {
    this.work = work;
  }

  /** A PNG of {@code url} at 1200×800, written to {@code png}. */
  void screenshot(String url, Path png) throws IOException, InterruptedException {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    run("--screenshot=" + png.toAbsolutePath(), "--window-size=1200,800", url);
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new AssertionError("chromium wrote no screenshot of " + url);
    }
  }

  /** The DOM of {@code url} after loading, as Chromium serialises it. */
  String dumpDom(String url) throws IOException, InterruptedException {
    return run("--dump-dom", url);
  }

  private String run(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> cmd = new ArrayList<>();
    cmd.add(program.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile.toAbsolutePath()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(work, "chromium", ".out");
    Path err = Files.createTempFile(work, "chromium", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish within 60 s: " + String.join(" ", args));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "chromium exited with "
              + p.exitValue()
              + ": "
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
