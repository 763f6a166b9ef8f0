package io.github.docusigncollector.cli;

import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.pipeline.Progress;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a long backfill's progress on a terminal's stderr (events so far, rate, event time
 * reached), at most once a second and only after the first second; nothing when not a terminal.
 */
final class TerminalProgress implements Progress {
  private final PrintStream err;
  private final long startNanos = System.nanoTime();
  private long lastNanos;
  private boolean shown;

  private TerminalProgress(PrintStream err) {
    this.err = err;
    this.lastNanos = startNanos;
  }

  /** A progress display when stderr is a terminal, else {@link Progress#NONE}. */
  static Progress forConsole(PrintStream err) {
    return onTerminal() ? new TerminalProgress(err) : Progress.NONE;
  }

  /**
   * Whether the process runs on a terminal: {@code System.console() != null} up to JDK 21; from JDK
   * 22 on, the console exists anyway and {@code Console.isTerminal()} tells.
   */
  @SuppressWarnings("SystemConsoleNull") // the JDK 22+ case is handled through isTerminal
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Object terminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(terminal);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console means a terminal
    }
  }

  /**
   * Shows a wait of a second or more at once (a frozen line would look like a hang), with its cause
   * and how long it lasts; the next page's progress line replaces it.
   */
  synchronized void waiting(java.time.Duration d, String cause) {
    err.printf(
        Locale.ROOT,
        "\r%s: waiting %d s (%s)   ",
        lastType == null ? "docusign-collector" : lastType,
        Math.max(1, d.toSeconds()),
        cause);
    err.flush();
    shown = true;
  }

  private String lastType;

  @Override
  public synchronized void delivered(EventType type, long delivered, Instant eventTimeReached) {
    lastType = type.key();
    long now = System.nanoTime();
    if (now - lastNanos < 1_000_000_000L) {
      return;
    }
    lastNanos = now;
    double secs = (now - startNanos) / 1e9;
    err.printf(
        Locale.ROOT,
        "\r%s: %,d delivered, %,.0f/s, up to %s   ",
        type.key(),
        delivered,
        delivered / Math.max(secs, 0.001),
        eventTimeReached == null ? "-" : eventTimeReached.toString());
    err.flush();
    shown = true;
  }

  /** Ends the progress line, if one was shown. */
  synchronized void finish() {
    if (shown) {
      err.println();
      shown = false;
    }
  }
}
