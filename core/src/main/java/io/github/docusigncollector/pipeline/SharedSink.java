package io.github.docusigncollector.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.Recovered;
import io.github.docusigncollector.sink.Sink;

/**
 * One sink fed by the collectors of several accounts at once (SPEC §9). A {@link Sink} is not
 * thread-safe, so every call goes through one lock: a batch is delivered whole and acknowledged
 * before another account's batch starts, and the position an account stores after its ack is past
 * its own batch. Closing it leaves the sink open: its owner closes it once every account is done.
 */
public final class SharedSink implements Sink {
  private final Sink sink;

  public SharedSink(Sink sink) {
    this.sink = sink;
  }

  /** The sink all accounts share. */
  public Sink delegate() {
    return sink;
  }

  @Override
  public synchronized Recovered recover(ObjectNode checkpointPosition) {
    return sink.recover(checkpointPosition);
  }

  @Override
  public synchronized Ack deliver(Batch batch) {
    return sink.deliver(batch);
  }

  // deliver(batch, previousCheckpoint) stays the default: an account waits for its own checkpoint
  // before it takes the lock, not while holding it.

  @Override
  public synchronized ObjectNode position() {
    return sink.position();
  }

  @Override
  public synchronized void cycleEnded() {
    sink.cycleEnded();
  }

  @Override
  public void close() {
    // The owner closes the shared sink itself.
  }
}
