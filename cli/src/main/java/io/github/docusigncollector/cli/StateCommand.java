package io.github.docusigncollector.cli;

import picocli.CommandLine.Command;

/** {@code state show} and {@code state reset}. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = "Show or reset the collector's state.",
    subcommands = {StateShowCommand.class, StateResetCommand.class})
final class StateCommand {
  @picocli.CommandLine.Mixin GlobalOptions global;
}
