package io.github.docusigncollector.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.sink.LineBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the users changed since the watermark: enriches them in listing order and hands
 * out, in chunks, those whose merged record differs from the one last delivered, up to the
 * per-cycle cap. The watermark may move only when the pass examined every user it found.
 */
public final class AuditUsersPass {
  private final List<ObjectNode> admins;
  private final AuditUsersReader.Enricher enricher;
  private final Map<String, String> delivered;
  private final int cap;
  private final Instant watermark;
  private final Instant passStart;
  private int index;
  private int readAheadTo;
  private int handedOut;
  private long newestModified = EventTime.INVALID;

  /**
   * @param delivered content hash of the last record delivered per user id (read only here)
   * @param cap most users handed out by this pass
   * @param passStart when the pass began: the watermark never moves beyond it, so a user changed
   *     while the pass runs is listed again next time
   */
  public AuditUsersPass(
      AuditUsersReader reader,
      Instant watermark,
      Map<String, String> delivered,
      Integer knownAccountUserCount,
      int cap,
      Instant passStart) {
    this.watermark = watermark;
    this.delivered = delivered;
    this.cap = cap;
    this.passStart = passStart;
    this.enricher = reader.enricherWhileListing(knownAccountUserCount);
    try {
      this.admins = reader.listChanged(watermark, enricher::foundSoFar);
      enricher.candidates(admins.size());
    } catch (RuntimeException e) {
      enricher.abandon();
      throw e;
    }
  }

  /** Users the Admin API listed as changed. */
  public int listed() {
    return admins.size();
  }

  /**
   * The next chunk of at most {@code max} changed users (an empty chunk when the pass is over or
   * the cap is reached).
   */
  public UserChunk next(int max, long collectedEpochSecond) {
    LineBuffer out = new LineBuffer(8192);
    Map<String, String> hashes = new LinkedHashMap<>();
    long newest = EventTime.INVALID;
    while (index < admins.size() && handedOut < cap && hashes.size() < max) {
      if (index >= readAheadTo) {
        readAhead(Math.min(max - hashes.size(), cap - handedOut));
      }
      ObjectNode admin = admins.get(index++);
      String id = UserRecords.id(admin);
      // Read even when the Admin record equals the one last delivered (a user listed again by the
      // look-back): the Admin user object has no modification time, so a change made in
      // eSignature alone leaves it identical, and only this read can tell.
      ObjectNode merged = UserRecords.merge(admin, enricher.esign(id));
      long modified = UserRecords.modifiedEpoch(merged);
      if (modified != EventTime.INVALID && modified > newestModified) {
        newestModified = modified;
      }
      String hash = UserRecords.contentHash(merged);
      if (hash.equals(delivered.get(id))) {
        continue;
      }
      byte[] line = UserRecords.toLine(merged, collectedEpochSecond);
      out.write(line, 0, line.length);
      out.write('\n');
      hashes.put(id, hash);
      handedOut++;
      if (modified != EventTime.INVALID && modified > newest) {
        newest = modified;
      }
    }
    return new UserChunk(out.toBatch(hashes.size()), hashes, newest);
  }

  /**
   * Lets the enricher read the next {@code n} users' records at once. Each user examined either is
   * handed out (one more toward both the chunk's {@code max} and the cap) or not (neither), so the
   * loop of {@link #next} examines at least {@code n} more users before it can stop: every read
   * made ahead is one the loop would make anyway.
   */
  private void readAhead(int n) {
    int to = Math.min(admins.size(), index + Math.max(1, n));
    List<String> ids = new ArrayList<>(to - index);
    for (int i = index; i < to; i++) {
      ids.add(UserRecords.id(admins.get(i)));
    }
    enricher.prefetch(ids);
    readAheadTo = to;
  }

  /** Whether every listed user was examined (the cap did not stop the pass). */
  public boolean complete() {
    return index >= admins.size();
  }

  /**
   * The watermark after this pass: unchanged unless complete; then the latest modification time
   * among the users found (never a collection time), but not beyond the pass's start.
   */
  public Instant newWatermark() {
    if (!complete() || newestModified == EventTime.INVALID) {
      return watermark;
    }
    Instant latest = Instant.ofEpochSecond(newestModified);
    if (latest.isAfter(passStart)) {
      latest = passStart;
    }
    return latest.isAfter(watermark) ? latest : watermark;
  }

  /** The account's user count learned on the way (or known before), for the next pass. */
  public Integer accountUserCount() {
    return enricher.accountUserCount();
  }

  /** eSignature calls made by this pass. */
  public int esignCalls() {
    return enricher.calls();
  }
}
