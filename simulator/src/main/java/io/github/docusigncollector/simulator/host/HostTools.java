package io.github.docusigncollector.simulator.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds a program that a test runs as a real component (rsyslogd, Chromium, systemd-analyze), and
 * installs its Debian packages with {@code apt-get} when it is missing and this process may do so
 * (root, {@code apt-get} present), so that the README's test command works on a fresh machine.
 */
public final class HostTools {
  private static final List<String> PATH_DIRS =
      List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin");

  private HostTools() {}

  /** The program's path, if it is installed. */
  public static Path find(String program) {
    List<String> dirs = new ArrayList<>(PATH_DIRS);
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    for (String dir : dirs) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The program's path, installing {@code packages} first when it is missing.
   *
   * @throws IllegalStateException naming the packages when the program cannot be had
   */
  public static synchronized Path require(String program, String... packages) {
    Path found = find(program);
    if (found != null) {
      return found;
    }
    Path apt = find("apt-get");
    if (apt == null || !"root".equals(System.getProperty("user.name"))) {
      throw missing(program, packages, "apt-get is not available to this user");
    }
    try {
      run(List.of(apt.toString(), "update", "-q"));
      List<String> install =
          new ArrayList<>(
              List.of(apt.toString(), "install", "-y", "-q", "--no-install-recommends"));
      install.addAll(List.of(packages));
      run(install);
    } catch (IOException e) {
      throw missing(program, packages, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw missing(program, packages, "interrupted");
    }
    found = find(program);
    if (found == null) {
      throw missing(program, packages, "the packages installed but the program is not there");
    }
    return found;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Path log = Files.createTempFile("apt-", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed; its output is in " + log);
    }
    Files.deleteIfExists(log);
  }

  private static IllegalStateException missing(String program, String[] packages, String why) {
    return new IllegalStateException(
        program
            + " is needed by this test and is not installed ("
            + why
            + "); install it with: apt-get install "
            + String.join(" ", packages));
  }
}
