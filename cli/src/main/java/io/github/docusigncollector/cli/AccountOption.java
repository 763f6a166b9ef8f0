package io.github.docusigncollector.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --account NAME}: the account of a configuration with {@code accounts:} that a command acts
 * on (SPEC §9). Commands mix it in under the name {@code account}.
 */
public final class AccountOption {

  @Option(
      names = "--account",
      paramLabel = "NAME",
      description =
          "Only this account of the configuration's accounts: list (default: every account; a"
              + " configuration without accounts: is the one account 'default').")
  String name;

  /** The name given to the command of {@code spec}, or null. */
  static String of(CommandSpec spec) {
    CommandSpec mixin = spec.mixins().get("account");
    if (mixin != null && mixin.userObject() instanceof AccountOption a) {
      return a.name == null || a.name.isBlank() ? null : a.name.trim();
    }
    return null;
  }
}
