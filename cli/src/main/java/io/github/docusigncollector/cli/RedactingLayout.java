package io.github.docusigncollector.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.docusigncollector.auth.Secrets;

/**
 * The log layout: the usual pattern, then every formatted line (message, arguments and stack trace
 * alike) passed through {@link Secrets#redact}, so no known secret reaches stderr.
 */
public final class RedactingLayout extends PatternLayout {
  @Override
  public String doLayout(ILoggingEvent event) {
    return Secrets.redact(super.doLayout(event));
  }
}
