package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.docusigncollector.simulator.host.HostTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code packaging/systemd/docusign-collector.service} as systemd itself reads it (SPEC §10). */
class ServiceUnitTest {
  private static final Path UNIT =
      Path.of("..", "packaging", "systemd", "docusign-collector.service");

  @TempDir Path dir;

  @Test
  void systemdAnalyzeVerifyFindsNothingToSay() throws Exception {
    assertThat(verify(UNIT)).isEmpty();
  }

  @Test
  void aBrokenCopyIsReportedSoTheCheckAboveCanFail() throws Exception {
    Path broken = dir.resolve("docusign-collector.service");
    Files.writeString(
        broken, Files.readString(UNIT).replace("NoNewPrivileges=yes", "NoNewPrivileges=maybe"));
    assertThat(verify(broken)).contains("Failed to parse").contains("maybe");
  }

  @Test
  void itRunsAsADedicatedUserInASandboxWithAStateDirectory() throws IOException {
    String unit = Files.readString(UNIT);
    assertThat(unit)
        .contains("\nUser=docusign-collector\n")
        .contains("\nStateDirectory=docusign-collector\n")
        .contains("\nRestart=on-failure\n")
        .contains("\nProtectSystem=strict\n")
        .contains("\nNoNewPrivileges=yes\n")
        .contains("\nPrivateTmp=yes\n")
        .contains("\nProtectHome=yes\n")
        .contains("\nReadOnlyPaths=/etc/docusign-collector\n")
        .contains("\nLoadCredential=app-key.pem:/etc/docusign-collector/app-key.pem\n")
        .contains(" run\n");
    assertThat(unit).doesNotContain("ReadWritePaths=/etc");
  }

  /** What {@code systemd-analyze verify} prints (it warns about bad lines, yet exits 0). */
  private String verify(Path unit) throws IOException, InterruptedException {
    Path tool = HostTools.require("systemd-analyze", "systemd");
    Process p =
        new ProcessBuilder(tool.toString(), "verify", "--man=no", unit.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("systemd-analyze verify did not finish in 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
  }
}
