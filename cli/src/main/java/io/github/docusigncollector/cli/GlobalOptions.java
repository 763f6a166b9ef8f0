package io.github.docusigncollector.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The global flags. Every command mixes them in under the name {@code global}, so they are accepted
 * before or after the command; {@link #of} merges what was given at each level.
 */
public final class GlobalOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file. Default: the file $DOCUSIGN_CONFIG names, else"
              + " docusign-collector.yaml in the working directory, if there is one.")
  Path config;

  @Option(names = "--verbose", description = "Debug logging and stack traces.")
  boolean verbose;

  /** The flags as given anywhere from this command up to the top. */
  static GlobalOptions of(CommandSpec spec) {
    GlobalOptions merged = new GlobalOptions();
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      CommandSpec mixin = s.mixins().get("global");
      if (mixin != null && mixin.userObject() instanceof GlobalOptions g) {
        merged.verbose |= g.verbose;
        if (merged.config == null) {
          merged.config = g.config;
        }
      }
    }
    return merged;
  }

  /** The config file named on the command line, or {@code null}. */
  public Path config() {
    return config;
  }

  public boolean verbose() {
    return verbose;
  }
}
