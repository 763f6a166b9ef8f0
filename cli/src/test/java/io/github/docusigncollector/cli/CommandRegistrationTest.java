package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/** A command line that plainly names its command registers only that one; everything else all. */
class CommandRegistrationTest {
  @TempDir Path dir;

  @Test
  void everyCommandIsRegisteredUnderItsOwnName() {
    Main.COMMANDS.forEach(
        (name, type) -> assertThat(type.getAnnotation(Command.class).name()).isEqualTo(name));
  }

  @Test
  void theCommandIsKnownOnlyWhenGlobalFlagsAloneComeBeforeIt() {
    assertThat(Main.commandNamed("fetch")).isEqualTo("fetch");
    assertThat(Main.commandNamed("--config", "x.yaml", "--verbose", "run", "--help"))
        .isEqualTo("run");
    assertThat(Main.commandNamed("--config=fetch", "state", "show")).isEqualTo("state");
    // a value of --config that happens to be a command's name is not the command
    assertThat(Main.commandNamed("--config", "fetch")).isNull();
    assertThat(Main.commandNamed("--config", "run", "fetch")).isEqualTo("fetch");
    assertThat(Main.commandNamed("help", "fetch")).isNull();
    assertThat(Main.commandNamed("@args.txt", "fetch")).isNull();
    assertThat(Main.commandNamed("--version")).isNull();
    assertThat(Main.commandNamed("fetsh")).isNull();
    assertThat(Main.commandNamed()).isNull();
  }

  @Test
  void theTopLevelHelpListsEveryCommand() {
    CliRun r = CliRun.run(dir, Map.of(), "--help");
    assertThat(r.exitCode()).isZero();
    for (String name : Main.COMMANDS.keySet()) {
      assertThat(r.out()).contains("  " + name + " ");
    }
  }

  @Test
  void helpOfACommandAndMistakesStillWork() {
    CliRun help = CliRun.run(dir, Map.of(), "help", "fetch");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: docusign-collector fetch");
    CliRun own = CliRun.run(dir, Map.of(), "--verbose", "fetch", "--help");
    assertThat(own.exitCode()).isZero();
    assertThat(own.out()).isEqualTo(help.out());
    CliRun typo = CliRun.run(dir, Map.of(), "fetsh");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("fetsh");
    CliRun unknownOption = CliRun.run(dir, Map.of(), "fetch", "--nope");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("--nope").contains("docusign-collector fetch --help");
  }
}
