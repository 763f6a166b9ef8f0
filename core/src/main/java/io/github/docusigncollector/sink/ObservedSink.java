package io.github.docusigncollector.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;

/**
 * A sink that reports each accepted batch and each failure of the sink it wraps to a {@link
 * SinkStats}.
 */
public final class ObservedSink implements Sink {
  private final Sink sink;
  private final String name;
  private final SinkStats stats;

  /** {@code name} is the sink's label in metrics, e.g. its {@code output.type}. */
  public ObservedSink(Sink sink, String name, SinkStats stats) {
    this.sink = sink;
    this.name = name;
    this.stats = stats;
  }

  @Override
  public Recovered recover(ObjectNode checkpointPosition) {
    try {
      return sink.recover(checkpointPosition);
    } catch (RuntimeException e) {
      stats.failed(name, Secrets.redact(String.valueOf(e.getMessage())));
      throw e;
    }
  }

  @Override
  public Ack deliver(Batch batch) {
    return deliver(batch, () -> {});
  }

  @Override
  public Ack deliver(Batch batch, Runnable previousCheckpoint) {
    // A failing barrier (the checkpoint could not be written) is not the sink's failure.
    boolean[] barrierFailed = {false};
    Runnable barrier =
        () -> {
          barrierFailed[0] = true;
          previousCheckpoint.run();
          barrierFailed[0] = false;
        };
    Ack ack;
    try {
      ack = sink.deliver(batch, barrier);
    } catch (RuntimeException e) {
      if (!barrierFailed[0]) {
        stats.failed(name, Secrets.redact(String.valueOf(e.getMessage())));
      }
      throw e;
    }
    stats.accepted(name, batch.events(), batch.length());
    return ack;
  }

  @Override
  public ObjectNode position() {
    return sink.position();
  }

  @Override
  public void cycleEnded() {
    sink.cycleEnded();
  }

  @Override
  public void close() {
    sink.close();
  }
}
