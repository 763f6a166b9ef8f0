package io.github.docusigncollector.format;

import java.util.Locale;
import java.util.Optional;

/** The shape of delivered events ({@code output.format}): as collected, OCSF or ECS. */
public enum OutputFormat {
  /** The events as collected: DocuSign's JSON plus {@code _time} and {@code source_log_type}. */
  RAW,
  /** Open Cybersecurity Schema Framework 1.8.0, one class per event kind. */
  OCSF,
  /** Elastic Common Schema 9.4.0. */
  ECS;

  /** The configuration word: {@code raw}, {@code ocsf} or {@code ecs}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format a configuration word names, if any (case and surrounding blanks ignored). */
  public static Optional<OutputFormat> fromKey(String key) {
    if (key == null) {
      return Optional.empty();
    }
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (OutputFormat f : values()) {
      if (f.key().equals(k)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
