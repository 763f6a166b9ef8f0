package io.github.docusigncollector.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.Recovered;
import io.github.docusigncollector.sink.Sink;

/** A sink that hands every call to another; tests override what they watch or break. */
abstract class ForwardingSink implements Sink {
  protected final Sink inner;

  ForwardingSink(Sink inner) {
    this.inner = inner;
  }

  @Override
  public Recovered recover(ObjectNode checkpointPosition) {
    return inner.recover(checkpointPosition);
  }

  @Override
  public Ack deliver(Batch batch) {
    return inner.deliver(batch);
  }

  @Override
  public ObjectNode position() {
    return inner.position();
  }

  @Override
  public void close() {
    inner.close();
  }
}
