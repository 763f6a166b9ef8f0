package io.github.docusigncollector.error;

import java.util.concurrent.ExecutionException;

/**
 * A failure that ends a command with one of the contract's exit codes and a message that names the
 * cause and, where there is one, the fix. Messages never carry secrets.
 */
public class CollectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code for an operational failure (API unreachable, sink refused, unexpected response). */
  public static final int OPERATIONAL = 1;

  /** Exit code for a usage or configuration error. */
  public static final int CONFIG = 2;

  /** Exit code for an authorization failure (consent, grant, key, 401/403). */
  public static final int AUTH = 3;

  private final int exitCode;

  public CollectorException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CollectorException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static CollectorException config(String message) {
    return new CollectorException(CONFIG, message);
  }

  public static CollectorException auth(String message) {
    return new CollectorException(AUTH, message);
  }

  public static CollectorException operational(String message) {
    return new CollectorException(OPERATIONAL, message);
  }

  public static CollectorException operational(String message, Throwable cause) {
    return new CollectorException(OPERATIONAL, message, cause);
  }

  /**
   * What a task run on another thread failed with, to be thrown on the waiting one: its own
   * unchecked exception as it was (a {@code CollectorException} keeps its exit code and message),
   * an error thrown at once, anything else as an operational failure of {@code what}.
   */
  public static RuntimeException unwrap(ExecutionException failed, String what) {
    Throwable cause = failed.getCause();
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    // The cause's class only: its message is not ours to vouch for (it may quote an answer).
    return operational(what + " failed: " + cause.getClass().getSimpleName(), cause);
  }
}
