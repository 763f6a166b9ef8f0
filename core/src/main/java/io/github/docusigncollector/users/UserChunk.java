package io.github.docusigncollector.users;

import io.github.docusigncollector.sink.Batch;
import java.util.Map;

/**
 * Changed users ready for delivery: their lines, the content hash per user id (to record once the
 * sink acknowledged), and the newest modification time among them (epoch second or INVALID).
 */
public record UserChunk(Batch batch, Map<String, String> hashes, long newestModifiedEpoch) {
  public UserChunk {
    hashes = Map.copyOf(hashes);
  }

  public boolean isEmpty() {
    return batch.isEmpty();
  }
}
