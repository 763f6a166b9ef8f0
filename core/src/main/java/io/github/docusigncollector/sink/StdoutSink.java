package io.github.docusigncollector.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/** JSON Lines on standard output, flushed after each batch (logs go to stderr). */
public final class StdoutSink implements Sink {
  private final PrintStream out;

  public StdoutSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public Recovered recover(ObjectNode checkpointPosition) {
    return Recovered.NONE;
  }

  @Override
  public Ack deliver(Batch batch) {
    if (batch.isEmpty()) {
      return new Ack(0, null);
    }
    out.write(batch.data(), 0, batch.length());
    out.flush();
    if (out.checkError()) {
      throw new SinkException("writing events to stdout failed (is the reading end closed?)", null);
    }
    return new Ack(batch.events(), null);
  }

  @Override
  public ObjectNode position() {
    return null;
  }

  @Override
  public void close() {
    out.flush();
  }
}
