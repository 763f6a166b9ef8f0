package io.github.docusigncollector.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.docusigncollector.error.CollectorException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the log level from {@code DOCUSIGN_LOG_LEVEL} and {@code --verbose}. Our own loggers follow
 * the chosen level; third-party loggers stay at WARN unless a stricter level is chosen.
 */
final class Logging {
  static final String LEVEL_ENV = "DOCUSIGN_LOG_LEVEL";
  private static final String OURS = "io.github.docusigncollector";

  private Logging() {}

  /** Applies the level; a bad {@code DOCUSIGN_LOG_LEVEL} is exit 2. */
  static void configure(Map<String, String> env, boolean verbose) {
    Level level = parse(env.get(LEVEL_ENV));
    if (verbose && level.toInt() > Level.DEBUG.toInt()) {
      level = Level.DEBUG;
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      context.getLogger(OURS).setLevel(level);
      Level third = level.toInt() > Level.WARN.toInt() ? level : Level.WARN;
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(third);
    }
  }

  static Level parse(String value) {
    if (value == null || value.isBlank()) {
      return Level.INFO;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "error" -> Level.ERROR;
      case "warn", "warning" -> Level.WARN;
      case "info" -> Level.INFO;
      case "debug" -> Level.DEBUG;
      case "trace" -> Level.TRACE;
      default ->
          throw CollectorException.config(
              LEVEL_ENV
                  + ": \""
                  + value.trim()
                  + "\" is not a log level; use error, warn, info, debug or trace (or unset it"
                  + " for info).");
    };
  }
}
