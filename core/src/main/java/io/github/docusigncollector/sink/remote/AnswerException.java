package io.github.docusigncollector.sink.remote;

/**
 * Thrown by {@link Protocol#request} when it cannot make the request (e.g. the credential exchange
 * in front of it failed): the machinery acts on {@link #answer} as if the receiver had given it — a
 * retry within {@code retry_for}, or a fatal refusal naming the key to fix. Carries no stack trace;
 * its message is the answer's reason (redacted like every message).
 */
public final class AnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // never serialized
  private final Answer answer;

  public AnswerException(Answer answer) {
    super(answer.reason(), null, false, false);
    this.answer = answer;
  }

  public Answer answer() {
    return answer;
  }
}
