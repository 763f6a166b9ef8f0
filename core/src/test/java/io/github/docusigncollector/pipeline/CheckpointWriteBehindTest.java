package io.github.docusigncollector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page's checkpoint is synced behind the next page's preparation, never behind its sending: when
 * a sink lets anything of a batch leave, the checkpoint on disk already covers every batch before
 * it, so that a crash repeats at most the batch in flight.
 */
class CheckpointWriteBehindTest {
  @TempDir Path dir;

  @Test
  void whenABatchLeavesTheCheckpointOnDiskCoversEveryBatchBeforeIt() throws Exception {
    try (Harness h =
        new Harness(dir, b -> b.events(5_000), "max_customer_events_per_fetch: 500\n")) {
      BarrierProbe probe = new BarrierProbe(h.fileSink(), h.state);
      Collector c = h.collector(probe);
      // A slow disk: each write behind takes longer than the next page's read.
      c.useCheckpointWriter(
          new CheckpointWriter(h.state) {
            @Override
            void writeFrozen(ObjectNode frozen) {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              super.writeFrozen(frozen);
            }
          });
      CycleResult r = c.cycle(() -> false);
      assertThat(r.errors()).isEmpty();
      assertThat(r.delivered().get(EventType.CUSTOMER_EVENTS)).isEqualTo(5_000);
      assertThat(probe.expected).hasSize(10);
      // Every delivery: the sink position on disk when the batch may leave is the sink's own
      // position before it, i.e. everything delivered so far is checkpointed.
      assertThat(probe.onDisk).containsExactlyElementsOf(probe.expected);
      // And the last page's checkpoint is on disk when the cycle returns.
      assertThat(h.state.readCheckpoints().get("sink")).hasToString(probe.position().toString());
    }
  }

  @Test
  void aCheckpointThatCannotBeWrittenBehindFailsTheNextWaitNamingTheFile() throws Exception {
    StateStore state = new StateStore(dir.resolve("state"));
    CheckpointWriter writer = new CheckpointWriter(state);
    ObjectNode checkpoints = Harness.JSON.createObjectNode().put("n", 1);
    writer.writeBehind(checkpoints);
    writer.awaitDurable();
    assertThat(state.readCheckpoints().path("n").asInt()).isEqualTo(1);

    // A directory where the temporary file goes: the write fails on the writer's thread.
    Files.createDirectories(dir.resolve("state/checkpoints.json.tmp/blocker"));
    writer.writeBehind(checkpoints.put("n", 2));
    assertThatThrownBy(writer::awaitDurable)
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("checkpoints.json");
    assertThat(state.readCheckpoints().path("n").asInt()).isEqualTo(1);
    // Reported once; the next write is tried afresh.
    writer.awaitDurable();
    Files.delete(dir.resolve("state/checkpoints.json.tmp/blocker"));
    Files.delete(dir.resolve("state/checkpoints.json.tmp"));
    writer.writeBehind(checkpoints.put("n", 3));
    writer.awaitDurable();
    assertThat(state.readCheckpoints().path("n").asInt()).isEqualTo(3);
  }

  /** Records, at each barrier, the sink position on disk and the one expected there. */
  private static final class BarrierProbe extends ForwardingSink {
    private final StateStore state;
    // As JSON text: numbers read back from the file are ints where the sink's are longs.
    final List<String> expected = new ArrayList<>();
    final List<String> onDisk = new ArrayList<>();

    BarrierProbe(Sink inner, StateStore state) {
      super(inner);
      this.state = state;
    }

    @Override
    public Ack deliver(Batch batch, Runnable previousCheckpoint) {
      JsonNode before = inner.position();
      previousCheckpoint.run();
      expected.add(String.valueOf(before));
      onDisk.add(String.valueOf(state.readCheckpoints().get("sink")));
      return inner.deliver(batch);
    }
  }
}
