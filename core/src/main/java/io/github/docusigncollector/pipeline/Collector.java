package io.github.docusigncollector.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.error.ThrottledException;
import io.github.docusigncollector.format.EventRewriter;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.ResponseBuffer;
import io.github.docusigncollector.monitor.EventTime;
import io.github.docusigncollector.monitor.MonitorPage;
import io.github.docusigncollector.monitor.MonitorReader;
import io.github.docusigncollector.monitor.RecentEventIds;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.LineBuffer;
import io.github.docusigncollector.sink.Recovered;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.state.StateStore;
import io.github.docusigncollector.users.AuditUsersPass;
import io.github.docusigncollector.users.AuditUsersReader;
import io.github.docusigncollector.users.UserChunk;
import io.github.docusigncollector.users.UserRecords;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection cycle: for each configured type, read → normalize → dedupe → deliver → checkpoint,
 * page after page until caught up. The only writer of checkpoints; a checkpoint is written only
 * after the sink acknowledged every event before it, and a page's checkpoint is on disk before
 * anything of the next page leaves (its sync overlaps the sink's preparation of that page, see
 * {@link CheckpointWriter}). Holds the streams' state between cycles of a {@code run}; the caller
 * holds the state directory's writer lock.
 */
public final class Collector {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Users handed to the sink per delivery (and checkpoint). */
  static final int USER_CHUNK = 250;

  /** Empty pages whose cursor still moves, after which a cycle stops asking (caught up enough). */
  static final int MAX_EMPTY_MOVING_PAGES = 50;

  /** The least age of a short page's newest event for the page to end a cycle. */
  static final Duration NEAR_HEAD_MIN = Duration.ofMinutes(2);

  private final CollectorConfig config;
  private final StateStore state;
  private CheckpointWriter checkpointWriter;
  private final Sink sink;
  private final Clock clock;
  private final Progress progress;
  private final MonitorReader monitor;
  private final DocuSignClient client;
  private AuditUsersReader users;

  /** The account's name in a configuration with {@code accounts:}, else null (no tag). */
  private final String account;

  private final AccountTag tag;
  private LineBuffer[] taggedBuffers = newPageBuffers();

  private ObjectNode checkpoints;
  private boolean sinkRecovered;
  private long readNanos;
  private long sinkNanos;
  private long checkpointNanos;
  private RecentEventIds recentIds;
  private boolean nearHeadEndsCycle = true;
  private Map<String, String> userHashes;

  /** One page is delivered from one buffer while the next is read into the other. */
  private LineBuffer[] pageBuffers = newPageBuffers();

  /** The same two buffers for the pages in the configured format (unused for raw). */
  private LineBuffer[] mappedBuffers = newPageBuffers();

  /** Maps Monitor pages on the reader thread; audit users on the pipeline's thread. */
  private final EventRewriter pageRewriter;

  private final EventRewriter userRewriter;

  /** Receives each Monitor page in turn; the reader thread is its only user. */
  private ResponseBuffer received = new ResponseBuffer(1 << 16);

  public Collector(
      CollectorConfig config,
      DocuSignClient client,
      StateStore state,
      Sink sink,
      Clock clock,
      Progress progress) {
    this(config, client, state, sink, clock, progress, null);
  }

  /**
   * A collector of one account of a configuration with {@code accounts:}: each event it delivers
   * carries {@code docusign_account: <account>}, and after a crash it recognises only its own
   * events in what the shared sink holds. {@code account} null is a configuration without {@code
   * accounts:}, as the other constructor.
   */
  public Collector(
      CollectorConfig config,
      DocuSignClient client,
      StateStore state,
      Sink sink,
      Clock clock,
      Progress progress,
      String account) {
    this.account = account;
    // docusign_account (SPEC §9): added to raw events here, placed by the mapping for ocsf/ecs.
    this.tag =
        account == null || config.output().format() != OutputFormat.RAW
            ? null
            : new AccountTag(account);
    this.config = config;
    this.client = client;
    this.state = state;
    this.checkpointWriter = new CheckpointWriter(state);
    this.sink = sink;
    this.clock = clock;
    this.progress = progress;
    this.monitor = new MonitorReader(client, config, clock);
    this.pageRewriter = new EventRewriter(config.output().format(), account, clock);
    this.userRewriter = new EventRewriter(config.output().format(), account, clock);
  }

  /**
   * Whether a short page of recent events ends the cycle (the default). Off, every cycle reads on
   * until the cursor stands still, as the collector did before: for a benchmark to compare both.
   */
  public void nearHeadEndsCycle(boolean on) {
    this.nearHeadEndsCycle = on;
  }

  /** Events delivered so far whose kind the mapping table does not know (ocsf and ecs only). */
  public long unknownKinds() {
    return pageRewriter.unknownKinds() + userRewriter.unknownKinds();
  }

  /**
   * Loads the checkpoints and lets the sink recover what it wrote beyond them. Called by the first
   * cycle; a corrupt state file surfaces here as a {@link CollectorException} (exit 1).
   */
  public void open() {
    loadCheckpoints();
    recoverSink();
  }

  /** Reads the checkpoints once; a corrupt state file is a {@link CollectorException} (exit 1). */
  public void loadCheckpoints() {
    if (checkpoints != null) {
      return;
    }
    ObjectNode loaded = state.readCheckpoints();
    checkpoints = loaded;
    ObjectNode streams = streams();
    restoreRecentIds();
    userHashes = new HashMap<>();
    streams
        .path(EventType.AUDIT_USERS.key())
        .path("user_hashes")
        .fields()
        .forEachRemaining(e -> userHashes.put(e.getKey(), e.getValue().asText()));
  }

  /**
   * Lets the sink repair its end and recognise what it holds beyond the checkpoint; once per
   * process, retried by the next cycle when the sink was unavailable.
   */
  private void recoverSink() {
    if (sinkRecovered) {
      return;
    }
    JsonNode pos = checkpoints.get("sink");
    Recovered recovered = sink.recover(pos instanceof ObjectNode o ? o : null);
    if (recovered.truncatedBytes() > 0) {
      LOG.warn(
          "cut {} bytes of a half-written last line from the output (never acknowledged)",
          recovered.truncatedBytes());
    }
    adoptRecovered(recovered);
    if (!recovered.lines().isEmpty() || !(pos instanceof ObjectNode)) {
      ObjectNode now = sink.position();
      if (now != null) {
        // From here on a crash reads back only what follows this point.
        checkpoints.set("sink", now);
        write();
      }
    }
    sinkRecovered = true;
  }

  private void adoptRecovered(Recovered recovered) {
    if (recovered.lines().isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    int usersSeen = 0;
    for (byte[] line : recovered.lines()) {
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException e) {
        continue; // not ours, or damaged: nothing to recognise
      }
      if (!(n instanceof ObjectNode mapped)) {
        continue;
      }
      if (account != null) {
        // The shared sink holds every account's events: only this account's are recognised, and
        // without the tag, which the content hash of a user does not cover.
        if (!account.equals(taggedAccount(mapped))) {
          continue;
        }
      }
      ObjectNode o = EventRewriter.original(mapped);
      if (account != null) {
        o.remove(AccountTag.FIELD);
      }
      String type = o.path("source_log_type").asText("");
      if (type.equals(EventType.CUSTOMER_EVENTS.sourceLogType())) {
        String id = o.path("eventId").asText(null);
        if (id != null) {
          ids.add(id);
        }
      } else if (type.equals(EventType.AUDIT_USERS.sourceLogType())) {
        String id = UserRecords.id(o);
        if (id != null) {
          userHashes.put(id, UserRecords.contentHash(o));
          usersSeen++;
        }
      }
    }
    recentIds.addAll(ids);
    LOG.info(
        "the output already holds {} events and {} users written after the last checkpoint;"
            + " they will not be written again",
        ids.size(),
        usersSeen);
    streamNode(EventType.CUSTOMER_EVENTS).putPOJO("recent_ids", recentIds.snapshot());
    streamNode(EventType.AUDIT_USERS).set("user_hashes", hashesObject());
  }

  /** The {@code docusign_account} of a delivered event, wherever its format puts it; or null. */
  static String taggedAccount(ObjectNode event) {
    JsonNode v = event.get(AccountTag.FIELD);
    if (v == null) {
      v = event.path("unmapped").get(AccountTag.FIELD);
    }
    if (v == null) {
      v = event.path("labels").get(AccountTag.FIELD);
    }
    return v == null ? null : v.asText();
  }

  /**
   * For an account of a shared sink: what it stores as its sink position once all its events are
   * acknowledged, so that recovery after a crash reads back from there rather than from the last
   * batch of its own, which may be far behind the other accounts' batches.
   */
  private void catchUpSinkPosition() {
    if (account == null) {
      return;
    }
    ObjectNode now = sink.position();
    if (now != null) {
      checkpoints.set("sink", now);
    }
  }

  /** One cycle over every configured type; {@code stop} is polled between pages. */
  public CycleResult cycle(BooleanSupplier stop) {
    try {
      return runCycle(stop);
    } finally {
      sink.cycleEnded();
    }
  }

  private CycleResult runCycle(BooleanSupplier stop) {
    loadCheckpoints();
    Map<EventType, Long> delivered = new LinkedHashMap<>();
    Map<EventType, CollectorException> errors = new LinkedHashMap<>();
    try {
      recoverSink();
    } catch (CollectorException e) {
      // An unavailable sink: nothing is read or checkpointed; the next cycle tries again.
      for (EventType type : config.eventTypes()) {
        delivered.put(type, 0L);
        errors.put(type, e);
      }
      return new CycleResult(delivered, false, errors, false, false);
    }
    boolean throttled = false;
    boolean stopped = false;
    boolean caughtUp = true;
    for (EventType type : config.eventTypes()) {
      delivered.put(type, 0L);
    }
    // One token (or failed grant) per cycle for all types: a revoked consent then costs one
    // token request per cycle, not one per type.
    try {
      client.accessToken();
    } catch (ThrottledException e) {
      LOG.warn("stopping this cycle early: {}", e.getMessage());
      return new CycleResult(delivered, true, errors, false, false);
    } catch (CollectorException e) {
      if (stop.getAsBoolean()) {
        return new CycleResult(delivered, false, errors, true, false);
      }
      for (EventType type : config.eventTypes()) {
        errors.put(type, e);
        recordError(type, e.getMessage());
      }
      return new CycleResult(delivered, false, errors, false, false);
    }
    for (EventType type : config.eventTypes()) {
      if (throttled || stop.getAsBoolean()) {
        stopped |= stop.getAsBoolean();
        caughtUp = false;
        continue;
      }
      long[] count = {0};
      try {
        boolean done =
            type == EventType.CUSTOMER_EVENTS
                ? customerEvents(stop, count)
                : auditUsers(stop, count);
        caughtUp &= done;
        if (!done) {
          stopped |= stop.getAsBoolean();
        }
      } catch (ThrottledException e) {
        throttled = true;
        caughtUp = false;
        LOG.warn("{}: stopping this cycle early: {}", type.key(), e.getMessage());
      } catch (CollectorException e) {
        caughtUp = false;
        if (stop.getAsBoolean()) {
          stopped = true;
        } else {
          errors.put(type, e);
          recordError(type, e.getMessage());
        }
      } catch (RuntimeException e) {
        caughtUp = false;
        if (stop.getAsBoolean()) {
          stopped = true;
        } else {
          CollectorException ce =
              CollectorException.operational(
                  type.key() + ": unexpected failure: " + Secrets.redact(String.valueOf(e)), e);
          errors.put(type, ce);
          recordError(type, ce.getMessage());
        }
      } finally {
        delivered.put(type, count[0]);
      }
    }
    return new CycleResult(delivered, throttled, errors, stopped, caughtUp && !stopped);
  }

  private void recordError(EventType type, String message) {
    ObjectNode s = streamNode(type);
    s.put("last_error", Secrets.redact(message));
    s.put("last_error_at", now().toString());
    try {
      write();
    } catch (RuntimeException e) {
      LOG.warn("could not record the error in the checkpoints: {}", e.getMessage());
    }
  }

  // ---- customer events

  /**
   * Returns true when caught up. The next page is read (on {@link #reader}) while this one is
   * delivered and checkpointed, so the API and the sink work at the same time; the checkpoint still
   * moves one page at a time, after the sink's ack, and a page read ahead is only ever in memory.
   */
  private boolean customerEvents(BooleanSupplier stop, long[] count) {
    ObjectNode s = streamNode(EventType.CUSTOMER_EVENTS);
    readNanos = 0;
    sinkNanos = 0;
    checkpointNanos = 0;
    String cursor = s.path("cursor").asText(null);
    if (cursor == null) {
      cursor = monitor.firstCursor();
    }
    int limit = config.maxCustomerEventsPerFetch();
    int emptyMoving = 0;
    long newest = epochOf(s.path("newest_event_time").asText(null));
    if (received == null) {
      pageBuffers = newPageBuffers();
      taggedBuffers = newPageBuffers();
      mappedBuffers = newPageBuffers();
      received = new ResponseBuffer(1 << 16);
    }
    ExecutorService reader = newReaderThread();
    Future<MonitorPage> next = null;
    boolean clean = false;
    try {
      next = readAhead(reader, cursor, limit, 0);
      int pages = 1;
      while (true) {
        if (stop.getAsBoolean()) {
          clean = true;
          return false;
        }
        long t0 = System.nanoTime();
        MonitorPage page = await(next);
        next = null;
        readNanos += System.nanoTime() - t0;
        String end = page.endCursor();
        boolean caughtUp = end == null || end.equals(cursor);
        if (page.received() == 0 && !caughtUp) {
          emptyMoving++;
        } else {
          emptyMoving = 0;
        }
        if (!caughtUp) {
          cursor = end;
        }
        if (emptyMoving >= MAX_EMPTY_MOVING_PAGES) {
          caughtUp = true;
        }
        if (!caughtUp && nearHeadEndsCycle && nearHead(page, limit)) {
          // The page that would only prove the cursor stands still is left to the next cycle,
          // which starts from this endCursor: nothing is skipped, one call per cycle is saved.
          caughtUp = true;
        }
        // The page read ahead must not deliver this page's events again. Should this page not be
        // delivered after all, restoreRecentIds() goes back to what the checkpoint holds.
        recentIds.addAll(page.eventIds());
        if (!caughtUp) {
          next = readAhead(reader, cursor, limit, pages++);
        }
        long t1 = System.nanoTime();
        if (!page.batch().isEmpty()) {
          // The last page's checkpoint is synced behind this delivery until the sink is about to
          // send: a crash repeats at most this page.
          Sink.Ack ack = sink.deliver(page.batch(), checkpointWriter::awaitDurable);
          checkpoints.set("sink", ack.position());
          count[0] += page.delivered();
          if (page.newestEventEpoch() > newest) {
            newest = page.newestEventEpoch();
          }
        }
        sinkNanos += System.nanoTime() - t1;
        s.put("cursor", cursor);
        if (page.delivered() > 0) {
          s.putPOJO("recent_ids", recentIds.snapshot());
        }
        if (newest != EventTime.INVALID) {
          s.put("newest_event_time", EventTime.format(newest));
        }
        if (caughtUp) {
          s.put("caught_up_at", now().toString());
          s.put("last_success", now().toString());
          catchUpSinkPosition();
        }
        long t2 = System.nanoTime();
        if (caughtUp) {
          write();
        } else {
          checkpointWriter.writeBehind(frozenCheckpoints(EventType.CUSTOMER_EVENTS));
        }
        checkpointNanos += System.nanoTime() - t2;
        if (page.delivered() > 0) {
          progress.delivered(
              EventType.CUSTOMER_EVENTS,
              count[0],
              newest == EventTime.INVALID ? null : Instant.ofEpochSecond(newest));
        }
        if (caughtUp) {
          LOG.debug(
              "customer_events: {} delivered; waiting for pages {} ms, sink {} ms, checkpoints {}"
                  + " ms",
              count[0],
              readNanos / 1_000_000,
              sinkNanos / 1_000_000,
              checkpointNanos / 1_000_000);
          clean = true;
          return true;
        }
      }
    } finally {
      if (next != null) {
        next.cancel(true);
        // The abandoned read may still be receiving or normalizing: give up its buffers as well.
        pageBuffers = newPageBuffers();
        taggedBuffers = newPageBuffers();
        mappedBuffers = newPageBuffers();
        received = new ResponseBuffer(1 << 16);
      }
      reader.shutdownNow();
      RuntimeException lastWrite = null;
      try {
        checkpointWriter.awaitDurable();
      } catch (RuntimeException e) {
        lastWrite = e;
      }
      if (!clean || lastWrite != null) {
        restoreRecentIds();
      }
      if (account != null) {
        // Many accounts: a page's buffers (megabytes each) are kept only while its account
        // collects, not between its cycles.
        pageBuffers = null;
        taggedBuffers = null;
        mappedBuffers = null;
        received = null;
      }
      if (lastWrite != null) {
        if (clean) {
          throw lastWrite;
        }
        // The failure on its way out says what went wrong; this one is its echo, or less.
        LOG.warn("could not write the last checkpoint: {}", Secrets.redact(lastWrite.getMessage()));
      }
    }
  }

  /**
   * Whether a page shows the stream at its head: shorter than asked for, with its newest event from
   * the last {@link #nearHeadWindow}. A backlog's pages are full or hold old events, and are still
   * read back to back.
   */
  private boolean nearHead(MonitorPage page, int limit) {
    if (page.received() == 0 || page.received() >= limit) {
      return false;
    }
    long newestEvent = page.newestEventEpoch();
    return newestEvent != EventTime.INVALID
        && now().getEpochSecond() - newestEvent <= nearHeadWindow().toSeconds();
  }

  /** How recent a short page's newest event must be to end the cycle: two intervals, >= 2 min. */
  private Duration nearHeadWindow() {
    Duration two = config.interval().multipliedBy(2);
    return two.compareTo(NEAR_HEAD_MIN) < 0 ? NEAR_HEAD_MIN : two;
  }

  /** Starts reading one page on the reader thread, into one of two alternating buffers. */
  private Future<MonitorPage> readAhead(
      ExecutorService reader, String cursor, int limit, int pageNumber) {
    LineBuffer out = pageBuffers[pageNumber % 2];
    LineBuffer mapped = mappedBuffers[pageNumber % 2];
    ResponseBuffer in = received;
    LineBuffer tagged = taggedBuffers[pageNumber % 2];
    return reader.submit(
        () -> {
          MonitorPage page = monitor.read(cursor, limit, recentIds::contains, in, out);
          Batch b = tag == null ? page.batch() : tag.tag(page.batch(), tagged);
          b = pageRewriter.rewrite(EventType.CUSTOMER_EVENTS, b, mapped);
          return b == page.batch()
              ? page
              : new MonitorPage(
                  page.endCursor(), b, page.eventIds(), page.received(), page.newestEventEpoch());
        });
  }

  private static LineBuffer[] newPageBuffers() {
    return new LineBuffer[] {new LineBuffer(1 << 16), new LineBuffer(1 << 16)};
  }

  private static ExecutorService newReaderThread() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "monitor-reader");
          t.setDaemon(true);
          return t;
        });
  }

  /** The page of a read, with the reader's own exception (exit code and message) as it was. */
  private static MonitorPage await(Future<MonitorPage> page) {
    try {
      return page.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CollectorException.operational("interrupted while reading the Monitor stream", e);
    } catch (ExecutionException e) {
      throw CollectorException.unwrap(e, "reading the Monitor stream");
    }
  }

  /** Sets the dedupe memory back to the ids the checkpoint holds (delivered for sure). */
  private void restoreRecentIds() {
    recentIds = new RecentEventIds();
    JsonNode stored = streams().path(EventType.CUSTOMER_EVENTS.key()).path("recent_ids");
    if (stored instanceof POJONode p && p.getPojo() instanceof RecentEventIds.Snapshot written) {
      recentIds.addAll(written);
      return;
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : stored) {
      ids.add(id.asText());
    }
    recentIds.addAll(ids);
    if (stored.isArray()
        && streams().get(EventType.CUSTOMER_EVENTS.key()) instanceof ObjectNode s) {
      // The same ids, written the same way, without a JSON node per id kept in memory.
      s.putPOJO("recent_ids", recentIds.snapshot());
    }
  }

  // ---- audit users

  private boolean auditUsers(BooleanSupplier stop, long[] count) {
    if (users == null) {
      users = new AuditUsersReader(client, config);
    }
    ObjectNode s = streamNode(EventType.AUDIT_USERS);
    Instant watermark = instantOf(s.path("watermark").asText(null));
    if (watermark == null) {
      watermark = config.firstFetch().resolve(clock);
    }
    Integer known = s.hasNonNull("account_user_count") ? s.get("account_user_count").asInt() : null;
    Instant passStart = now();
    AuditUsersPass pass =
        new AuditUsersPass(
            users, watermark, userHashes, known, config.maxUserEventsPerFetch(), passStart);
    long newest = epochOf(s.path("newest_event_time").asText(null));
    // Buffers of this pass only: with many accounts, none is held between an account's cycles.
    LineBuffer taggedUsers = tag == null ? null : new LineBuffer(1 << 16);
    LineBuffer userBuffer = new LineBuffer(1 << 16);
    while (true) {
      if (stop.getAsBoolean()) {
        return false;
      }
      UserChunk chunk = pass.next(USER_CHUNK, now().getEpochSecond());
      if (chunk.isEmpty()) {
        break;
      }
      Sink.Ack ack =
          sink.deliver(
              userRewriter.rewrite(
                  EventType.AUDIT_USERS,
                  tag == null ? chunk.batch() : tag.tag(chunk.batch(), taggedUsers),
                  userBuffer));
      checkpoints.set("sink", ack.position());
      userHashes.putAll(chunk.hashes());
      count[0] += chunk.batch().events();
      if (chunk.newestModifiedEpoch() > newest) {
        newest = chunk.newestModifiedEpoch();
      }
      s.set("user_hashes", hashesObject());
      if (pass.accountUserCount() != null) {
        s.put("account_user_count", pass.accountUserCount());
      }
      if (newest != EventTime.INVALID) {
        s.put("newest_event_time", EventTime.format(newest));
      }
      write();
      progress.delivered(
          EventType.AUDIT_USERS,
          count[0],
          newest == EventTime.INVALID ? null : Instant.ofEpochSecond(newest));
    }
    if (pass.accountUserCount() != null) {
      s.put("account_user_count", pass.accountUserCount());
    }
    s.put("watermark", pass.newWatermark().toString());
    boolean complete = pass.complete();
    s.put("pending", !complete);
    if (complete) {
      s.put("caught_up_at", now().toString());
      s.put("last_success", now().toString());
    }
    catchUpSinkPosition();
    write();
    LOG.debug(
        "audit_users: {} listed, {} delivered, {} eSignature calls, complete={}",
        pass.listed(),
        count[0],
        pass.esignCalls(),
        complete);
    return complete;
  }

  // ---- checkpoint plumbing

  private ObjectNode streams() {
    JsonNode s = checkpoints.get("streams");
    if (s instanceof ObjectNode o) {
      return o;
    }
    return checkpoints.putObject("streams");
  }

  private ObjectNode streamNode(EventType type) {
    ObjectNode streams = streams();
    JsonNode s = streams.get(type.key());
    if (s instanceof ObjectNode o) {
      return o;
    }
    return streams.putObject(type.key());
  }

  private ObjectNode hashesObject() {
    ObjectNode o = JSON.createObjectNode();
    userHashes.forEach(o::put);
    return o;
  }

  /**
   * The checkpoints as they are now, for a write behind while the page loop of {@code type} goes
   * on: the nodes that loop changes (its stream, the sink position) are copied, every other one
   * (another stream's, with its user hashes) is shared, unchanged until the write is awaited. The
   * dedupe memory's snapshot is immutable.
   */
  private ObjectNode frozenCheckpoints(EventType type) {
    ObjectNode streams = JSON.createObjectNode();
    streams.setAll(streams());
    streams.set(type.key(), streamNode(type).deepCopy());
    ObjectNode top = JSON.createObjectNode();
    top.setAll(checkpoints);
    top.set("streams", streams);
    JsonNode position = checkpoints.get("sink");
    if (position != null) {
      top.set("sink", position.deepCopy());
    }
    return top;
  }

  /** Replaces the checkpoint writer (tests: one that writes slowly). */
  void useCheckpointWriter(CheckpointWriter writer) {
    checkpointWriter = writer;
  }

  private void write() {
    checkpointWriter.write(checkpoints);
  }

  private Instant now() {
    return clock.instant();
  }

  private static long epochOf(String text) {
    return text == null ? EventTime.INVALID : EventTime.parseEpochSecond(text);
  }

  private static Instant instantOf(String text) {
    long e = epochOf(text);
    return e == EventTime.INVALID ? null : Instant.ofEpochSecond(e);
  }
}
