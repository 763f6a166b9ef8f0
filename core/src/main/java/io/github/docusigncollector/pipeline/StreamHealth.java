package io.github.docusigncollector.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.monitor.RecentEventIds;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The checkpoints as an operator reads them ({@code state show}): per stream {@code event_age_s}
 * (now minus the newest delivered event's time) is added, and the dedupe memory is summarised as
 * counts instead of thousands of ids.
 */
public final class StreamHealth {
  private StreamHealth() {}

  /** A display copy of {@code checkpoints} as of {@code now}. */
  public static ObjectNode forDisplay(ObjectNode checkpoints, Instant now) {
    ObjectNode out = checkpoints.deepCopy();
    JsonNode streams = out.get("streams");
    if (!(streams instanceof ObjectNode s)) {
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = s.fields();
    while (it.hasNext()) {
      if (!(it.next().getValue() instanceof ObjectNode stream)) {
        continue;
      }
      long newest = EventTime.parseEpochSecond(stream.path("newest_event_time").asText(null));
      if (newest != EventTime.INVALID) {
        stream.put("event_age_s", Math.max(0, now.getEpochSecond() - newest));
      } else if (!stream.has("event_age_s")) {
        stream.putNull("event_age_s"); // nothing delivered yet
      }
      JsonNode ids = stream.remove("recent_ids");
      if (ids != null) {
        stream.put(
            "recent_ids_kept",
            ids instanceof POJONode p && p.getPojo() instanceof RecentEventIds.Snapshot snap
                ? snap.size()
                : ids.size());
      }
      JsonNode hashes = stream.remove("user_hashes");
      if (hashes != null) {
        stream.put("users_known", hashes.size());
      }
    }
    return out;
  }
}
