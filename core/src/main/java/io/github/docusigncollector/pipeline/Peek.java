package io.github.docusigncollector.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.monitor.MonitorPage;
import io.github.docusigncollector.monitor.MonitorReader;
import io.github.docusigncollector.monitor.RecentEventIds;
import io.github.docusigncollector.users.AuditUsersPass;
import io.github.docusigncollector.users.AuditUsersReader;
import io.github.docusigncollector.users.UserChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A look at the events a cycle would deliver next ({@code get-events}): the same readers and
 * normalization, starting where the stored checkpoint stands, but it never writes a checkpoint or
 * the sink.
 */
public final class Peek {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CollectorConfig config;
  private final DocuSignClient client;
  private final Clock clock;
  private final ObjectNode checkpoints;

  private final Instant since;

  public Peek(CollectorConfig config, DocuSignClient client, Clock clock, ObjectNode checkpoints) {
    this(config, client, clock, checkpoints, null);
  }

  /**
   * With {@code since} set, events from that instant on, whatever the checkpoints say (they are not
   * used at all: nothing is left out as delivered already).
   */
  public Peek(
      CollectorConfig config,
      DocuSignClient client,
      Clock clock,
      ObjectNode checkpoints,
      Instant since) {
    this.config = config;
    this.client = client;
    this.clock = clock;
    this.checkpoints = checkpoints;
    this.since = since;
  }

  /** Up to {@code limit} normalized events of {@code type}, as JSON objects. */
  public List<ObjectNode> events(EventType type, int limit) {
    JsonNode stream =
        since != null
            ? JSON.createObjectNode().path("none")
            : checkpoints.path("streams").path(type.key());
    return type == EventType.CUSTOMER_EVENTS
        ? customerEvents(stream, limit)
        : auditUsers(stream, limit);
  }

  private List<ObjectNode> customerEvents(JsonNode stream, int limit) {
    MonitorReader reader = new MonitorReader(client, config, clock);
    String cursor = stream.path("cursor").asText(null);
    if (since != null) {
      cursor = since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    } else if (cursor == null) {
      cursor = reader.firstCursor();
    }
    RecentEventIds recent = new RecentEventIds();
    for (JsonNode id : stream.path("recent_ids")) {
      recent.addAll(List.of(id.asText()));
    }
    List<ObjectNode> out = new ArrayList<>();
    int emptyMoving = 0;
    while (out.size() < limit) {
      int want = Math.min(config.maxCustomerEventsPerFetch(), Math.max(1, limit - out.size()));
      MonitorPage page = reader.read(cursor, want, recent::contains);
      parseLines(page.batch().data(), page.batch().length(), out, limit);
      recent.addAll(page.eventIds());
      String end = page.endCursor();
      if (end == null || end.equals(cursor)) {
        break;
      }
      emptyMoving = page.received() == 0 ? emptyMoving + 1 : 0;
      if (emptyMoving >= Collector.MAX_EMPTY_MOVING_PAGES) {
        break;
      }
      cursor = end;
    }
    return out;
  }

  private List<ObjectNode> auditUsers(JsonNode stream, int limit) {
    AuditUsersReader reader = new AuditUsersReader(client, config);
    long wm = EventTime.parseEpochSecond(stream.path("watermark").asText(null));
    Instant watermark =
        since != null
            ? since
            : wm == EventTime.INVALID
                ? config.firstFetch().resolve(clock)
                : Instant.ofEpochSecond(wm);
    Map<String, String> hashes = new HashMap<>();
    stream
        .path("user_hashes")
        .fields()
        .forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
    Integer known =
        stream.hasNonNull("account_user_count") ? stream.get("account_user_count").asInt() : null;
    AuditUsersPass pass =
        new AuditUsersPass(reader, watermark, hashes, known, limit, clock.instant());
    List<ObjectNode> out = new ArrayList<>();
    while (out.size() < limit) {
      UserChunk chunk = pass.next(limit - out.size(), clock.instant().getEpochSecond());
      if (chunk.isEmpty()) {
        break;
      }
      parseLines(chunk.batch().data(), chunk.batch().length(), out, limit);
    }
    return out;
  }

  private static void parseLines(byte[] data, int length, List<ObjectNode> out, int limit) {
    int start = 0;
    for (int i = 0; i < length && out.size() < limit; i++) {
      if (data[i] == '\n') {
        try {
          out.add((ObjectNode) JSON.readTree(data, start, i - start));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        start = i + 1;
      }
    }
  }
}
