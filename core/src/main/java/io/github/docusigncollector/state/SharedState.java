package io.github.docusigncollector.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What every command of one state directory shares: the cached access token, the cached userinfo
 * answer and the API call count of the current clock hour. Immutable; {@link
 * StateStore#updateShared} applies changes under the short lock. Its {@code toString} never shows
 * the token.
 */
public record SharedState(
    CachedToken token, CachedUserInfo userInfo, HourlyCount apiCalls, List<BurstLease> burst) {

  /** The state of a directory that has none yet. */
  public static final SharedState EMPTY = new SharedState(null, null, null);

  public SharedState {
    burst = burst == null ? List.of() : List.copyOf(burst);
  }

  /** Without burst leases. */
  public SharedState(CachedToken token, CachedUserInfo userInfo, HourlyCount apiCalls) {
    this(token, userInfo, apiCalls, List.of());
  }

  /**
   * Calls of the {@code api_burst_per_30s} limit that one client ({@code owner}) took at {@code at}
   * and may make until {@code until}: every 30-second window that ends before {@code until} + 30 s
   * counts them. A finished lease is cut to the calls made and the time of the last one.
   */
  public record BurstLease(String owner, Instant at, Instant until, int calls) {}

  public SharedState withBurst(List<BurstLease> b) {
    return new SharedState(token, userInfo, apiCalls, b);
  }

  /**
   * An access token with its expiry and scopes. {@code subject} names whom it was issued for
   * (server, integration key, user), so that a changed configuration never reuses it; {@code
   * issuedAt} (may be null) tells its lifetime.
   */
  public record CachedToken(
      String accessToken, Instant expiresAt, Set<String> scopes, String subject, Instant issuedAt) {
    public CachedToken {
      scopes = Set.copyOf(scopes);
    }

    public CachedToken(String accessToken, Instant expiresAt, Set<String> scopes, String subject) {
      this(accessToken, expiresAt, scopes, subject, null);
    }

    @Override
    public String toString() {
      return "CachedToken[accessToken=***, expiresAt="
          + expiresAt
          + ", scopes="
          + scopes
          + ", subject="
          + subject
          + ", issuedAt="
          + issuedAt
          + "]";
    }
  }

  /** The body of a {@code /oauth/userinfo} answer, for whom and when it was fetched. */
  public record CachedUserInfo(String subject, Instant fetchedAt, JsonNode body) {}

  /** API calls counted in the clock hour that starts at {@code hour}. */
  public record HourlyCount(Instant hour, int count) {}

  public SharedState withToken(CachedToken t) {
    return new SharedState(t, userInfo, apiCalls, burst);
  }

  public SharedState withoutToken() {
    return new SharedState(null, userInfo, apiCalls, burst);
  }

  public SharedState withUserInfo(CachedUserInfo u) {
    return new SharedState(token, u, apiCalls, burst);
  }

  public SharedState withApiCalls(HourlyCount c) {
    return new SharedState(token, userInfo, c, burst);
  }

  /** The calls counted in the clock hour holding {@code now} (0 once the hour has turned). */
  public int callsInHour(Instant now) {
    if (apiCalls == null) {
      return 0;
    }
    return apiCalls.hour().equals(hourOf(now)) ? apiCalls.count() : 0;
  }

  /** This state with {@code n} more calls counted in the clock hour holding {@code now}. */
  public SharedState plusCalls(Instant now, int n) {
    return withApiCalls(new HourlyCount(hourOf(now), callsInHour(now) + n));
  }

  /** The start of the clock hour (UTC) holding {@code t}. */
  public static Instant hourOf(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS);
  }

  /** The file form, token included: only for the 0600 file. */
  ObjectNode toJson() {
    return toJson(false);
  }

  /** The form {@code state show} prints: the access token shown as {@code "***"}. */
  public ObjectNode toRedactedJson() {
    return toJson(true);
  }

  private ObjectNode toJson(boolean redact) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("version", StateStore.FORMAT_VERSION);
    if (token != null) {
      ObjectNode t = root.putObject("token");
      t.put("access_token", redact ? "***" : token.accessToken());
      t.put("expires_at", token.expiresAt().toString());
      ArrayNode s = t.putArray("scopes");
      token.scopes().stream().sorted().forEach(s::add);
      t.put("subject", token.subject());
      if (token.issuedAt() != null) {
        t.put("issued_at", token.issuedAt().toString());
      }
    }
    if (userInfo != null) {
      ObjectNode u = root.putObject("userinfo");
      u.put("subject", userInfo.subject());
      u.put("fetched_at", userInfo.fetchedAt().toString());
      u.set("body", userInfo.body().deepCopy());
    }
    if (apiCalls != null) {
      ObjectNode c = root.putObject("api_calls");
      c.put("hour", apiCalls.hour().toString());
      c.put("count", apiCalls.count());
    }
    if (!burst.isEmpty()) {
      ArrayNode b = root.putArray("burst");
      for (BurstLease l : burst) {
        ObjectNode o = b.addObject();
        o.put("owner", l.owner());
        o.put("at", l.at().toString());
        o.put("until", l.until().toString());
        o.put("calls", l.calls());
      }
    }
    return root;
  }

  /** Reads the file form; any missing or mistyped field is an {@link IllegalArgumentException}. */
  static SharedState fromJson(JsonNode root) {
    CachedToken token = null;
    JsonNode t = root.get("token");
    if (t != null && !t.isNull()) {
      Set<String> scopes = new LinkedHashSet<>();
      for (JsonNode s : array(t, "scopes")) {
        scopes.add(s.asText());
      }
      token =
          new CachedToken(
              text(t, "access_token"),
              instant(t, "expires_at"),
              scopes,
              text(t, "subject"),
              t.hasNonNull("issued_at") ? instant(t, "issued_at") : null);
    }
    CachedUserInfo userInfo = null;
    JsonNode u = root.get("userinfo");
    if (u != null && !u.isNull()) {
      JsonNode body = u.get("body");
      if (body == null || !body.isObject()) {
        throw new IllegalArgumentException("userinfo.body is not an object");
      }
      userInfo = new CachedUserInfo(text(u, "subject"), instant(u, "fetched_at"), body);
    }
    HourlyCount calls = null;
    JsonNode c = root.get("api_calls");
    if (c != null && !c.isNull()) {
      JsonNode count = c.get("count");
      if (count == null || !count.canConvertToInt() || count.asInt() < 0) {
        throw new IllegalArgumentException("api_calls.count is not a count");
      }
      calls = new HourlyCount(instant(c, "hour"), count.asInt());
    }
    List<BurstLease> burst = new ArrayList<>();
    JsonNode b = root.get("burst");
    if (b != null && !b.isNull()) {
      for (JsonNode l : array(root, "burst")) {
        JsonNode n = l.get("calls");
        if (n == null || !n.canConvertToInt() || n.asInt() < 0) {
          throw new IllegalArgumentException("burst.calls is not a count");
        }
        burst.add(
            new BurstLease(text(l, "owner"), instant(l, "at"), instant(l, "until"), n.asInt()));
      }
    }
    return new SharedState(token, userInfo, calls, burst);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(text(n, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " is not an ISO-8601 instant", e);
    }
  }

  private static JsonNode array(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException(field + " is missing or not a list");
    }
    return v;
  }
}
