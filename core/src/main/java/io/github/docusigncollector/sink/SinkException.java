package io.github.docusigncollector.sink;

import io.github.docusigncollector.error.CollectorException;

/** A sink refused or failed a batch: an operational failure (exit 1); nothing is checkpointed. */
public final class SinkException extends CollectorException {
  private static final long serialVersionUID = 1L;

  public SinkException(String message, Throwable cause) {
    super(OPERATIONAL, message, cause);
  }
}
