package io.github.docusigncollector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.JwtAssertion;
import io.github.docusigncollector.auth.SigningKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A collector that works the way the peer collectors do: a plain JDK HTTP client, a new token per
 * run, one Monitor page per cycle parsed into a tree and written again event by event, the Admin
 * users modified since the last run and then one sequential eSignature GET per user, no retries (a
 * failed call fails the cycle).
 */
public final class Baseline {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** What a baseline needs to know of the account. */
  public record Account(
      String baseUrl,
      SigningKey key,
      String integrationKey,
      String userId,
      String accountId,
      String organizationId) {}

  /** One Monitor page as the baseline handled it. */
  public record Page(String endCursor, int events, String lastEventId) {}

  private final Account account;
  private final Clock clock;
  private final HttpClient http;
  private String token;
  private String esignBase;

  public Baseline(Account account, Clock clock) {
    this.account = account;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A new access token by JWT Grant (peers fetch one per run). */
  public String token() {
    if (token != null) {
      return token;
    }
    URI base = URI.create(account.baseUrl());
    String aud = base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + base.getPort();
    String assertion =
        JwtAssertion.sign(
            account.key(),
            account.integrationKey(),
            account.userId(),
            aud,
            List.of("signature", "impersonation", "organization_read", "user_read"),
            clock.instant());
    String form =
        "grant_type="
            + URLEncoder.encode(JWT_GRANT, StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(account.baseUrl() + "/oauth/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    JsonNode r = tree(send(req));
    token = r.path("access_token").asText();
    return token;
  }

  /** The eSignature base URI of the account, from userinfo. */
  public String esignBase() {
    if (esignBase != null) {
      return esignBase;
    }
    JsonNode info = tree(get(account.baseUrl() + "/oauth/userinfo"));
    for (JsonNode a : info.path("accounts")) {
      if (account.accountId().equals(a.path("account_id").asText())) {
        esignBase = a.path("base_uri").asText();
      }
    }
    if (esignBase == null) {
      throw new IllegalStateException("baseline: account not in userinfo");
    }
    return esignBase;
  }

  /** GET with the bearer token; anything but 2xx fails (no retries). */
  public byte[] get(String url) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token())
            .header("Accept", "application/json")
            .GET()
            .build();
    return send(req);
  }

  private byte[] send(HttpRequest req) {
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "baseline: HTTP " + r.statusCode() + " from " + req.uri().getPath());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The first cursor: {@code since} as ISO-8601. */
  public static String cursorAt(Instant since) {
    return DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS));
  }

  /** One Monitor page: parsed into a tree, each event written again as a JSON line. */
  public Page monitorPage(String cursor, int limit, OutputStream out) {
    String url =
        account.baseUrl()
            + "/api/v2.0/datasets/monitor/stream?cursor="
            + URLEncoder.encode(cursor, StandardCharsets.UTF_8)
            + "&limit="
            + limit;
    return normalizePage(get(url), out);
  }

  /** The peers' way of normalizing a page: a tree, and per event a copy with two fields added. */
  public static Page normalizePage(byte[] body, OutputStream out) {
    JsonNode page = tree(body);
    int n = 0;
    String last = null;
    try {
      for (JsonNode e : page.path("data")) {
        ObjectNode event = (ObjectNode) e;
        Instant t = Instant.parse(event.path("timestamp").asText());
        event.put("_time", DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)));
        event.put("source_log_type", "customerevent");
        out.write(JSON.writeValueAsBytes(event));
        out.write('\n');
        last = event.path("eventId").asText(null);
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode end = page.get("endCursor");
    return new Page(end == null || end.isNull() ? null : end.asText(), n, last);
  }

  /**
   * One users cycle: the Admin users modified since {@code since} (following {@code paging.next}),
   * then one eSignature GET per user, in order; returns the users written.
   */
  public int users(Instant since, OutputStream out) {
    List<String> ids = new ArrayList<>();
    String next =
        account.baseUrl()
            + "/management/v2/organizations/"
            + account.organizationId()
            + "/users?account_id="
            + account.accountId()
            + "&start=0&take=250&last_modified_since="
            + URLEncoder.encode(cursorAt(since), StandardCharsets.UTF_8);
    while (next != null) {
      JsonNode page = tree(get(next));
      for (JsonNode u : page.path("users")) {
        ids.add(u.path("id").asText());
      }
      JsonNode n = page.path("paging").path("next");
      next = n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }
    String base = esignBase();
    try {
      for (String id : ids) {
        ObjectNode u =
            (ObjectNode)
                tree(get(base + "/restapi/v2.1/accounts/" + account.accountId() + "/users/" + id));
        u.put("source_log_type", "auditusers");
        out.write(JSON.writeValueAsBytes(u));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids.size();
  }

  private static JsonNode tree(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
