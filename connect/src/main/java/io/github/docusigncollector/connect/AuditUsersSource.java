package io.github.docusigncollector.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.users.AuditUsersPass;
import io.github.docusigncollector.users.AuditUsersReader;
import io.github.docusigncollector.users.UserChunk;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The audit users of one account as a source partition, read by the core's {@link AuditUsersPass}:
 * one chunk of changed users per poll. Its checkpoint: {@code watermark}, {@code pending} (a pass
 * not finished), {@code account_user_count}, {@code newest_event_time} and {@code user_hashes}
 * ({@link UserHashes}). The watermark moves only when a pass examined every user it listed; a pass
 * interrupted by a restart is listed again from the same watermark, and the users already delivered
 * are recognised by their content hash.
 */
final class AuditUsersSource extends PartitionSource {
  /** Users per poll (one transaction with exactly-once), as the collector's chunk. */
  static final int CHUNK = 250;

  private final CollectorConfig config;
  private final DocuSignClient client;
  private AuditUsersReader reader;
  private AuditUsersPass pass;
  private Instant watermark;
  private Integer accountUserCount;
  private long newest = EventTime.INVALID;
  private UserHashes hashes = new UserHashes();

  AuditUsersSource(
      String account,
      String eventTag,
      CollectorConfig config,
      DocuSignClient client,
      String topic,
      OutputFormat format,
      Clock clock) {
    super(account, eventTag, EventType.AUDIT_USERS, topic, format, clock);
    this.config = config;
    this.client = client;
  }

  @Override
  void restore(Map<String, Object> stored) {
    ObjectNode cp = Offsets.checkpoint(stored, partition);
    String w = cp.path("watermark").asText(null);
    watermark = w == null ? null : Instant.parse(w);
    accountUserCount =
        cp.hasNonNull("account_user_count") ? cp.get("account_user_count").asInt() : null;
    String t = cp.path("newest_event_time").asText(null);
    newest = t == null ? EventTime.INVALID : EventTime.parseEpochSecond(t);
    hashes = UserHashes.decode(cp.path("user_hashes").asText(null));
    offset = stored;
    pass = null;
  }

  @Override
  List<SourceRecord> poll() {
    try {
      return readChunk();
    } catch (RuntimeException e) {
      // A pass that failed half-way is started again from the watermark; the users it delivered
      // are recognised by their content hash.
      pass = null;
      throw e;
    }
  }

  private List<SourceRecord> readChunk() {
    Instant now = clock.instant();
    if (pass == null) {
      if (reader == null) {
        reader = new AuditUsersReader(client, config);
      }
      Instant from = watermark != null ? watermark : config.firstFetch().resolve(clock);
      watermark = from;
      pass =
          new AuditUsersPass(
              reader, from, hashes, accountUserCount, config.maxUserEventsPerFetch(), now);
    }
    UserChunk chunk = pass.next(CHUNK, now.getEpochSecond());
    if (chunk.isEmpty()) {
      // Nothing (more) to deliver: the watermark moves in memory, and into the offset with the
      // next chunk that has users (a restart before then lists these users again; their content
      // hashes keep them from being delivered twice).
      endPass();
      return List.of();
    }
    hashes.record(chunk.hashes());
    if (chunk.newestModifiedEpoch() > newest) {
      newest = chunk.newestModifiedEpoch();
    }
    if (pass.accountUserCount() != null) {
      accountUserCount = pass.accountUserCount();
    }
    if (pass.complete()) {
      endPass();
    }
    Map<String, Object> before = offset;
    offset = Offsets.offset(checkpoint());
    return records(chunk.batch(), before);
  }

  private void endPass() {
    boolean complete = pass.complete();
    watermark = pass.newWatermark();
    if (pass.accountUserCount() != null) {
      accountUserCount = pass.accountUserCount();
    }
    pass = null;
    // A pass stopped by max.user.events.per.fetch is followed by the next one at once.
    dueAt = complete ? clock.instant().plus(config.interval()) : Instant.EPOCH;
  }

  ObjectNode checkpoint() {
    ObjectNode cp = Offsets.newCheckpoint();
    if (watermark != null) {
      cp.put("watermark", watermark.toString());
    }
    cp.put("pending", pass != null);
    if (accountUserCount != null) {
      cp.put("account_user_count", accountUserCount);
    }
    if (newest != EventTime.INVALID) {
      cp.put("newest_event_time", EventTime.format(newest));
    }
    cp.put("user_hashes", hashes.encode());
    return cp;
  }
}
