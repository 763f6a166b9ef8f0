package io.github.docusigncollector.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.DocuSignClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Reads audit users: the Admin API's organization users modified since a watermark (following
 * {@code paging.next}), and their eSignature records, one GET per user or the account's user list
 * 100 at a time, whichever costs fewer calls; the list's pages are read several at once, on threads
 * of their own, through the one thread-safe client. Knows nothing of sinks or checkpoints.
 */
public final class AuditUsersReader {
  /** The Admin filter and {@code modifiedDate} may not share a clock or zone (SPEC §4.3). */
  public static final Duration LOOK_BACK = Duration.ofMinutes(5);

  static final int ADMIN_PAGE = 250;
  static final int ESIGN_PAGE = 100;

  /** Asked on both eSignature paths, the per-user GET and the list, so they give one shape. */
  static final String ADDITIONAL_INFO = "additional_info=true";

  /** Below this many candidates with an unknown account size, per-user reads are used. */
  static final int PER_USER_WHEN_UNKNOWN = 20;

  /**
   * eSignature reads in flight at once: at 50 ms a call, 50 list pages take 0.35 s instead of 2.5
   * s, while the client's limiter still counts every call against the budget and burst window.
   */
  static final int PARALLELISM = 8;

  private final DocuSignClient client;
  private final CollectorConfig config;

  public AuditUsersReader(DocuSignClient client, CollectorConfig config) {
    this.client = client;
    this.config = config;
    if (config.organizationId() == null || config.accountId() == null) {
      throw CollectorException.config(
          "audit_users needs organization_id and account_id: set both in the configuration (or"
              + " DOCUSIGN_ORGANIZATION_ID / DOCUSIGN_ACCOUNT_ID)");
    }
  }

  /** The first Admin page of users modified since {@code watermark} minus the look-back. */
  public URI firstAdminPage(Instant watermark) {
    String since = watermark.minus(LOOK_BACK).truncatedTo(ChronoUnit.SECONDS).toString();
    return URI.create(
        trimSlash(config.adminUrl().toString())
            + "/management/v2/organizations/"
            + enc(config.organizationId())
            + "/users?account_id="
            + enc(config.accountId())
            + "&start=0&take="
            + ADMIN_PAGE
            + "&last_modified_since="
            + enc(since));
  }

  /**
   * Every Admin user modified since {@code watermark} minus the look-back, by id, listing order.
   */
  public List<ObjectNode> listChanged(Instant watermark) {
    return listChanged(watermark, n -> {});
  }

  /**
   * As {@link #listChanged(Instant)}, telling {@code foundSoFar} after each page how many distinct
   * users were found so far (a lower bound of the final count).
   */
  public List<ObjectNode> listChanged(Instant watermark, IntConsumer foundSoFar) {
    Map<String, ObjectNode> byId = new LinkedHashMap<>();
    URI next = firstAdminPage(watermark);
    int pages = 0;
    while (next != null) {
      if (++pages > 100_000) {
        throw CollectorException.operational(
            "the Admin API kept answering with paging.next after 100000 pages; giving up");
      }
      URI uri = next;
      JsonNode page = client.get(uri, (status, body) -> parseObject(status, body, "Admin users"));
      for (JsonNode u : page.path("users")) {
        if (u.isObject()) {
          String id = UserRecords.id(u);
          if (id != null) {
            byId.put(id, (ObjectNode) u);
          }
        }
      }
      foundSoFar.accept(byId.size());
      JsonNode n = page.path("paging").path("next");
      next = n.isTextual() && !n.asText().isBlank() ? URI.create(n.asText()) : null;
      if (next != null && next.equals(uri)) {
        next = null; // a server pointing at the same page again would loop forever
      }
    }
    return new ArrayList<>(byId.values());
  }

  /** Starts enriching {@code candidates} users. */
  public Enricher enricher(int candidates, Integer knownAccountUserCount) {
    Enricher e = new Enricher(knownAccountUserCount);
    e.candidates(candidates);
    return e;
  }

  /**
   * An enricher for users still being listed: tell it {@link Enricher#foundSoFar} during the
   * listing, then {@link Enricher#candidates} (or {@link Enricher#abandon} when listing failed).
   */
  public Enricher enricherWhileListing(Integer knownAccountUserCount) {
    return new Enricher(knownAccountUserCount);
  }

  /** A page of the account's user list: where it starts, how many it asked for, the answer. */
  private record ListRead(int start, int count, Future<JsonNode> answer) {}

  /** eSignature records for one pass, by the cheaper of the two ways. */
  public final class Enricher {
    private int candidates;
    private Integer accountUserCount;
    private Map<String, ObjectNode> listed;
    private boolean decided;
    private final AtomicInteger calls = new AtomicInteger();
    private int asked;
    private URI base;

    /** Records read ahead by {@link #prefetch}, taken out as asked for; null = 404. */
    private final Map<String, ObjectNode> fetched = new HashMap<>();

    /** The list read started while the Admin API was still being paged; null when there is none. */
    private ExecutorService early;

    private Future<?> earlyList;

    Enricher(Integer knownAccountUserCount) {
      this.accountUserCount = knownAccountUserCount;
    }

    /**
     * Users found so far by the Admin listing. With the account's size known, the list is started
     * as soon as it costs fewer calls than that many per-user reads: the final count can only be
     * larger, so the choice is the one {@link #candidates} would make, only earlier, and the list
     * pages overlap the remaining Admin pages.
     */
    public void foundSoFar(int n) {
      if (decided || earlyList != null || accountUserCount == null) {
        return;
      }
      if (Math.max(1, ceilDiv(accountUserCount, ESIGN_PAGE)) < n) {
        decided = true;
        early = Executors.newSingleThreadExecutor(ParallelReads.THREADS);
        earlyList = early.submit(this::loadList);
        early.shutdown();
      }
    }

    /**
     * The number of users to enrich, once listed; waits for a list read started early, and throws
     * its failure (nothing of the pass has been delivered yet).
     */
    public void candidates(int n) {
      candidates = n;
      if (earlyList == null) {
        return;
      }
      try {
        earlyList.get();
      } catch (ExecutionException e) {
        throw CollectorException.unwrap(e, "reading the eSignature user list");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abandon();
        throw CollectorException.operational("interrupted while reading the eSignature users", e);
      }
    }

    /** Stops a list read started early (the Admin listing failed); waits for it to end. */
    public void abandon() {
      if (earlyList != null) {
        earlyList.cancel(true);
        ParallelReads.awaitQuietly(early);
      }
    }

    /** The user's eSignature record, or null when eSignature says 404 (deleted). */
    public ObjectNode esign(String userId) {
      if (!decided) {
        decide();
      }
      asked++;
      if (listed != null) {
        ObjectNode r = listed.get(userId.toLowerCase(Locale.ROOT));
        if (r != null) {
          return r;
        }
      }
      if (fetched.containsKey(userId)) {
        return fetched.remove(userId);
      }
      return readUser(base(), userId);
    }

    /**
     * GET of one user's record; null for a 404 (deleted). With {@code additional_info=true}, as the
     * list is read: the record then has the list's fields (the sign-in fields among them), so a
     * user has one shape whichever way it was read.
     */
    private ObjectNode readUser(String b, String userId) {
      calls.incrementAndGet();
      URI uri =
          URI.create(
              b
                  + "/restapi/v2.1/accounts/"
                  + enc(config.accountId())
                  + "/users/"
                  + enc(userId)
                  + "?"
                  + ADDITIONAL_INFO);
      JsonNode r =
          client.get(
              uri,
              (status, body) ->
                  status == 404 ? null : parseObject(status, body, "eSignature user"));
      return r == null ? null : (ObjectNode) r;
    }

    /** The account's user count, when learned from the user list or known before. */
    public Integer accountUserCount() {
      return accountUserCount;
    }

    /** eSignature calls made so far. */
    public int calls() {
      return calls.get();
    }

    private void decide() {
      decided = true;
      if (accountUserCount != null) {
        int listCalls = Math.max(1, ceilDiv(accountUserCount, ESIGN_PAGE));
        if (listCalls < candidates) {
          loadList();
        }
      } else if (candidates > PER_USER_WHEN_UNKNOWN) {
        loadList();
      }
    }

    /**
     * Loads the account's user list. With the account's size known (kept from an earlier pass),
     * every page is asked for at once, {@link #PARALLELISM} at a time; with it unknown, the first
     * page tells it, and the list is abandoned there when per-user reads cost less.
     */
    private void loadList() {
      listed = new HashMap<>();
      String b = base(); // userinfo, once, before any page is read
      int start = 0;
      int total;
      if (accountUserCount != null) {
        total = Math.max(1, accountUserCount); // the first page tells an emptied account's size
      } else {
        JsonNode r = readListPage(b, 0, ESIGN_PAGE);
        int got = addToList(r);
        start = got;
        total = intOf(r.get("totalSetSize"), -1);
        if (total < 0) {
          readListWithoutTotal(b, start, got);
          return;
        }
        accountUserCount = total;
        if (got == 0 || start >= total) {
          return;
        }
        int listCallsLeft = ceilDiv(total - start, ESIGN_PAGE);
        int perUserLeft = Math.max(0, candidates - asked - listed.size());
        if (listCallsLeft > perUserLeft) {
          return; // a big account: the remaining users one by one cost less
        }
      }
      readListConcurrently(b, start, total);
    }

    /**
     * Reads the list from {@code start} to the account's size, keeping at most {@link #PARALLELISM}
     * pages asked for and not yet taken in, and taking them in in list order (so the result is the
     * one sequential reads give). A page's {@code totalSetSize} moves the end: a grown account is
     * read to its new end, a shrunk one stops early (a stale size costs at most the pages already
     * asked for). A short page in the middle (a server with a smaller page size) is followed by a
     * read of the rest of its span.
     *
     * <p>A failed or throttled page fails the whole read, as a sequential read would: nothing has
     * been delivered from the list yet, so the pass ends with its checkpoint untouched.
     */
    private void readListConcurrently(String b, int start, int total) {
      if (start >= total) {
        return;
      }
      // Threads start as pages are asked for: a size found larger than stored gets them all too.
      try (ParallelReads reads = new ParallelReads(PARALLELISM)) {
        Deque<ListRead> window = new ArrayDeque<>();
        int next = start;
        int end = total;
        int seenTo = start;
        boolean told = false;
        while (true) {
          while (window.size() < PARALLELISM && next < end) {
            window.addLast(listRead(reads, b, next, ESIGN_PAGE));
            next += ESIGN_PAGE;
          }
          ListRead head = window.pollFirst();
          if (head == null) {
            break;
          }
          JsonNode r = reads.await(head.answer());
          int got = addToList(r);
          int t = intOf(r.get("totalSetSize"), -1);
          seenTo = Math.max(seenTo, head.start() + got);
          if (t >= 0) {
            told = true;
            accountUserCount = t;
            end = t;
          } else if (got == head.count() && head.start() + got >= end) {
            end = head.start() + got + ESIGN_PAGE; // no size told: read on until a short page
          }
          int gapStart = head.start() + got;
          if (got > 0 && got < head.count() && gapStart < end) {
            window.addFirst(listRead(reads, b, gapStart, head.count() - got));
          }
        }
        reads.finished();
        if (!told) {
          accountUserCount = seenTo;
        }
      }
    }

    private ListRead listRead(ParallelReads reads, String b, int start, int count) {
      return new ListRead(start, count, reads.submit(() -> readListPage(b, start, count)));
    }

    /**
     * Reads at once, {@link #PARALLELISM} at a time, the records of those of {@code userIds} that
     * {@link #esign} would read one by one (not in the list): the pass is sure to ask for each of
     * them next, so this costs no call more than reading them in turn. A failure is thrown here, as
     * the first failing read in turn would be.
     */
    public void prefetch(List<String> userIds) {
      if (!decided) {
        decide();
      }
      List<String> todo = new ArrayList<>();
      for (String id : userIds) {
        String key = id.toLowerCase(Locale.ROOT);
        if ((listed == null || !listed.containsKey(key))
            && !fetched.containsKey(id)
            && !todo.contains(id)) {
          todo.add(id);
        }
      }
      if (todo.size() < 2) {
        return;
      }
      String b = base();
      try (ParallelReads reads = new ParallelReads(Math.min(PARALLELISM, todo.size()))) {
        List<Future<ObjectNode>> answers = new ArrayList<>();
        for (String id : todo) {
          answers.add(reads.submit(() -> readUser(b, id)));
        }
        for (int i = 0; i < todo.size(); i++) {
          fetched.put(todo.get(i), reads.await(answers.get(i)));
        }
        reads.finished();
      }
    }

    /** The old way, for a server that tells no {@code totalSetSize}: page until a short page. */
    private void readListWithoutTotal(String b, int start, int firstGot) {
      int got = firstGot;
      while (got == ESIGN_PAGE) {
        JsonNode r = readListPage(b, start, ESIGN_PAGE);
        got = addToList(r);
        start += got;
      }
      accountUserCount = start;
    }

    private JsonNode readListPage(String b, int start, int count) {
      URI uri =
          URI.create(
              b
                  + "/restapi/v2.1/accounts/"
                  + enc(config.accountId())
                  + "/users?"
                  + ADDITIONAL_INFO
                  + "&count="
                  + count
                  + "&start_position="
                  + start);
      calls.incrementAndGet();
      return client.get(uri, (status, body) -> parseObject(status, body, "eSignature users"));
    }

    /** Takes a page's users into the list; returns how many entries the page had. */
    private int addToList(JsonNode r) {
      int got = 0;
      for (JsonNode u : r.path("users")) {
        if (u.isObject()) {
          String id = u.path("userId").asText(null);
          if (id != null) {
            listed.put(id.toLowerCase(Locale.ROOT), (ObjectNode) u); // GUID case may differ
          }
        }
        got++;
      }
      return got;
    }

    private String base() {
      if (base == null) {
        base = client.esignBaseUri();
      }
      return trimSlash(base.toString());
    }
  }

  private static int ceilDiv(int a, int b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  private static int intOf(JsonNode n, int dflt) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (n.isNumber()) {
      return n.asInt();
    }
    try {
      return Integer.parseInt(n.asText().trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  static ObjectNode parseObject(int status, byte[] body, String what) throws IOException {
    if (status == 404) {
      throw new CollectorException(
          CollectorException.OPERATIONAL,
          what + " not found (HTTP 404): check admin_url, organization_id and account_id");
    }
    JsonNode n = UserRecords.JSON.readTree(body);
    if (n == null || !n.isObject()) {
      throw new IOException("the " + what + " answer is not a JSON object");
    }
    return (ObjectNode) n;
  }

  static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
