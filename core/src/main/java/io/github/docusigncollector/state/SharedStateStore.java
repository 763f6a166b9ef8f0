package io.github.docusigncollector.state;

import java.util.function.UnaryOperator;

/**
 * Where a DocuSign client keeps what it shares between calls and, for the file-backed store,
 * between processes: the cached access token and userinfo, the hour's API call count and the burst
 * leases. {@link StateStore} keeps them in {@code shared.json} under a lock; {@link
 * InMemorySharedState} keeps them in the process, for hosts that have no state directory (a Kafka
 * Connect task).
 */
public interface SharedStateStore {

  /** The current shared state; {@link SharedState#EMPTY} when nothing is stored yet. */
  SharedState readShared();

  /**
   * Applies {@code change} atomically with respect to every other update of the same store and
   * returns the state after it. The function must be quick; an exception from it aborts the update.
   */
  SharedState updateShared(UnaryOperator<SharedState> change);
}
