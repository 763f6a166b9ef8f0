package io.github.docusigncollector.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where events go. A sink takes a batch of JSON Lines and returns only once the batch is durably
 * accepted (written and synced to disk, acknowledged by a remote endpoint or broker); only then
 * does the pipeline move a checkpoint past the batch. Sinks made later (HTTP endpoints, syslog,
 * Kafka) implement the same three methods. Not required to be thread-safe: one pipeline uses a
 * sink.
 */
public interface Sink extends AutoCloseable {

  /**
   * Called once before the first delivery with the sink position stored in the last checkpoint
   * ({@code null} when there is none). A sink that can read back what it wrote (the file sink)
   * repairs a half-written end and returns the events it holds beyond that position, so the
   * pipeline does not deliver them again; other sinks return {@link Recovered#NONE}.
   */
  Recovered recover(ObjectNode checkpointPosition);

  /**
   * Delivers a batch and returns once it is durably accepted.
   *
   * @return the acknowledgement, carrying the position to store in the checkpoint
   * @throws SinkException when the batch could not be accepted (nothing may be checkpointed)
   */
  Ack deliver(Batch batch);

  /**
   * As {@link #deliver(Batch)}, with a barrier: {@code previousCheckpoint} must have returned
   * before anything of the batch leaves the process (sent, written, dead-lettered). It waits until
   * the checkpoint of the batch before is on disk, so that a crash repeats at most the batch in
   * flight. A sink that prepares a batch before sending it (framing, compressing) runs the barrier
   * after that preparation, which then overlaps the checkpoint's sync; by default it runs first. A
   * failure of the barrier is thrown as it is.
   */
  default Ack deliver(Batch batch, Runnable previousCheckpoint) {
    previousCheckpoint.run();
    return deliver(batch);
  }

  /** The position after everything acknowledged so far ({@code null} if the sink has none). */
  ObjectNode position();

  /**
   * Called at the end of every collection cycle (a sink with dead letters logs them here, once per
   * cycle).
   */
  default void cycleEnded() {}

  @Override
  void close();

  /** A durable acceptance; {@code position} is stored in the checkpoint (may be null). */
  record Ack(int events, ObjectNode position) {}
}
