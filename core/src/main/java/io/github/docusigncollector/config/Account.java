package io.github.docusigncollector.config;

import java.nio.file.Path;

/**
 * One DocuSign account of a configuration (SPEC §9): its name, its effective configuration (the
 * top-level keys with the entry's own on top) and its state directory. A configuration without
 * {@code accounts:} is the one account {@code default}, unnamed: its state is the {@code state_dir}
 * itself and its events carry no {@code docusign_account}.
 */
public record Account(String name, CollectorConfig config, boolean named) {

  /** The name of the one account of a configuration without {@code accounts:}. */
  public static final String DEFAULT = "default";

  /** The single account of a configuration without {@code accounts:}. */
  public static Account unnamed(CollectorConfig config) {
    return new Account(DEFAULT, config, false);
  }

  /** Where this account's token cache, call count, checkpoints and lock live. */
  public Path stateDir() {
    return named ? config.stateDir().resolve(name) : config.stateDir();
  }

  /** The value of {@code docusign_account} in this account's events, or null (unnamed). */
  public String eventTag() {
    return named ? name : null;
  }
}
