package io.github.docusigncollector.config;

import io.github.docusigncollector.error.CollectorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every account of a configuration (SPEC §9), in the order of the file, and how many are collected
 * at once. What the accounts share (the sink, {@code interval}, the state directory's root) is the
 * same in each account's configuration.
 */
public record Accounts(List<Account> list, int maxParallelAccounts) {

  /** {@code max_parallel_accounts} when not set. */
  public static final int DEFAULT_MAX_PARALLEL = 4;

  public Accounts {
    list = List.copyOf(list);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no account");
    }
  }

  /** A configuration without {@code accounts:}. */
  public static Accounts single(CollectorConfig config) {
    return new Accounts(List.of(Account.unnamed(config)), DEFAULT_MAX_PARALLEL);
  }

  /** Whether the configuration holds {@code accounts:} (even with one entry). */
  public boolean named() {
    return list.get(0).named();
  }

  /** The first account's configuration: what every account shares is the same in each. */
  public CollectorConfig shared() {
    return list.get(0).config();
  }

  /** The root of the state: the state directory of an unnamed account, the parent of named ones. */
  public Path stateDir() {
    return shared().stateDir();
  }

  public Optional<Account> find(String name) {
    return list.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The names, in the order of the configuration. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    list.forEach(a -> names.add(a.name()));
    return names;
  }

  /**
   * The accounts a command acts on: the one {@code --account} names (an unknown name is exit 2), or
   * every account when it is not given.
   */
  public List<Account> select(String name) {
    if (name == null) {
      return list;
    }
    return List.of(
        find(name)
            .orElseThrow(
                () ->
                    CollectorException.config(
                        "--account: \""
                            + name
                            + "\" is not an account of this configuration; use one of "
                            + String.join(", ", names())
                            + ".")));
  }
}
