package io.github.docusigncollector.state;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Shared state held in memory only: the token, userinfo and API call count live as long as the
 * object. Nothing is written anywhere, so a secret in it never reaches a disk.
 */
public final class InMemorySharedState implements SharedStateStore {

  private final AtomicReference<SharedState> current = new AtomicReference<>(SharedState.EMPTY);

  @Override
  public SharedState readShared() {
    return current.get();
  }

  @Override
  public synchronized SharedState updateShared(UnaryOperator<SharedState> change) {
    SharedState after = change.apply(current.get());
    if (after == null) {
      after = SharedState.EMPTY;
    }
    current.set(after);
    return after;
  }
}
