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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads audit users: the Admin API's organization users modified since a watermark (following
 * {@code paging.next}), and their eSignature records, one GET per user or the account's user list
 * 100 at a time, whichever costs fewer calls. Knows nothing of sinks or checkpoints.
 */
public final class AuditUsersReader {
  /** The Admin filter and {@code modifiedDate} may not share a clock or zone (SPEC §4.3). */
  public static final Duration LOOK_BACK = Duration.ofMinutes(5);

  static final int ADMIN_PAGE = 250;
  static final int ESIGN_PAGE = 100;

  /** Below this many candidates with an unknown account size, per-user reads are used. */
  static final int PER_USER_WHEN_UNKNOWN = 20;

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
    return new Enricher(candidates, knownAccountUserCount);
  }

  /** eSignature records for one pass, by the cheaper of the two ways. */
  public final class Enricher {
    private final int candidates;
    private Integer accountUserCount;
    private Map<String, ObjectNode> listed;
    private boolean decided;
    private int calls;
    private int asked;
    private URI base;

    Enricher(int candidates, Integer knownAccountUserCount) {
      this.candidates = candidates;
      this.accountUserCount = knownAccountUserCount;
    }

    /** The user's eSignature record, or null when eSignature says 404 (deleted). */
    public ObjectNode esign(String userId) {
      if (!decided) {
        decide();
      }
      asked++;
      if (listed != null) {
        ObjectNode r = listed.get(userId.toLowerCase(java.util.Locale.ROOT));
        if (r != null) {
          return r;
        }
      }
      calls++;
      URI uri =
          URI.create(
              base()
                  + "/restapi/v2.1/accounts/"
                  + enc(config.accountId())
                  + "/users/"
                  + enc(userId));
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
      return calls;
    }

    private void decide() {
      decided = true;
      if (accountUserCount != null) {
        int listCalls = Math.max(1, ceilDiv(accountUserCount, ESIGN_PAGE));
        if (listCalls < candidates) {
          loadList(Integer.MAX_VALUE);
        }
      } else if (candidates > PER_USER_WHEN_UNKNOWN) {
        loadList(Integer.MAX_VALUE);
      }
    }

    /** Loads the account's user list; stops early when per-user reads become cheaper. */
    private void loadList(int maxPages) {
      listed = new HashMap<>();
      int start = 0;
      for (int page = 0; page < maxPages; page++) {
        URI uri =
            URI.create(
                base()
                    + "/restapi/v2.1/accounts/"
                    + enc(config.accountId())
                    + "/users?additional_info=true&count="
                    + ESIGN_PAGE
                    + "&start_position="
                    + start);
        calls++;
        JsonNode r =
            client.get(uri, (status, body) -> parseObject(status, body, "eSignature users"));
        int got = 0;
        for (JsonNode u : r.path("users")) {
          if (u.isObject()) {
            String id = u.path("userId").asText(null);
            if (id != null) {
              listed.put(
                  id.toLowerCase(java.util.Locale.ROOT), (ObjectNode) u); // GUID case may differ
            }
          }
          got++;
        }
        int total = intOf(r.get("totalSetSize"), -1);
        if (total >= 0) {
          accountUserCount = total;
        }
        start += got;
        if (got == 0 || (total >= 0 && start >= total) || (total < 0 && got < ESIGN_PAGE)) {
          if (total < 0) {
            accountUserCount = start;
          }
          return;
        }
        if (total >= 0) {
          int listCallsLeft = ceilDiv(total - start, ESIGN_PAGE);
          int perUserLeft = Math.max(0, candidates - asked - listed.size());
          if (page == 0 && listCallsLeft > perUserLeft) {
            return; // a big account: the remaining users one by one cost less
          }
        }
      }
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
