package io.github.docusigncollector.sink.http;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkKeys;
import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;
import io.github.docusigncollector.sink.SinkSettings;
import io.github.docusigncollector.sink.SinkType;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.Answers;
import io.github.docusigncollector.sink.remote.Body;
import io.github.docusigncollector.sink.remote.Events;
import io.github.docusigncollector.sink.remote.Exchange;
import io.github.docusigncollector.sink.remote.Protocol;
import io.github.docusigncollector.sink.remote.RemoteKeys;
import io.github.docusigncollector.sink.remote.RemoteSink;
import io.github.docusigncollector.sink.remote.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code output.type: http}: POST to any endpoint (Vector, Fluent Bit, Cribl, Sumo Logic, Datadog,
 * a webhook), NDJSON or a JSON array, extra headers, a bearer token or basic auth; any 2xx is an
 * acknowledgement.
 */
public final class HttpSinkType implements SinkType {
  public static final String URL = "url";
  public static final String BODY = "body";
  public static final String HEADERS = "headers";
  public static final String TOKEN = "token";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";

  private static final Set<String> FORBIDDEN =
      Set.of("content-length", "host", "connection", "content-encoding", "expect", "upgrade");

  // 1 MB and 1000 events: within Sumo Logic's and Datadog's documented per-request limits.
  static final SinkKeys KEYS =
      RemoteKeys.common(1000, 1_000_000)
          .with(
              Key.required(URL, Kind.URL, "the endpoint events are POSTed to"),
              Key.choice(
                  BODY,
                  "ndjson",
                  List.of("ndjson", "json_array"),
                  "one JSON event per line, or one JSON array per request"),
              Key.optional(
                  HEADERS,
                  Kind.MAP,
                  null,
                  "extra request headers (e.g. `DD-API-KEY`, `X-Sumo-Category`)"),
              Key.optional(TOKEN, Kind.SECRET, null, "sent as `Authorization: Bearer <token>`"),
              Key.optional(USERNAME, Kind.STRING, null, "basic auth user (with `password`)"),
              Key.optional(PASSWORD, Kind.SECRET, null, "basic auth password (with `username`)"));

  @Override
  public String type() {
    return "http";
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public void validate(SinkSettings s, List<String> problems) {
    if (s.has(TOKEN) && (s.has(USERNAME) || s.has(PASSWORD))) {
      problems.add(
          "output.token, output.username: both a bearer token and basic auth are set; keep one of them.");
    }
    if (s.has(USERNAME) != s.has(PASSWORD)) {
      problems.add(
          (s.has(USERNAME) ? "output.password" : "output.username")
              + ": basic auth needs both output.username and output.password; set the missing one.");
    }
    for (Map.Entry<String, String> h : s.map(HEADERS).entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
        problems.add("output.headers." + h.getKey() + ": not a valid header name; fix it.");
      } else if (FORBIDDEN.contains(name)) {
        problems.add("output.headers." + h.getKey() + ": set by the collector itself; remove it.");
      } else if (name.equals("authorization") && (s.has(TOKEN) || s.has(USERNAME))) {
        problems.add(
            "output.headers."
                + h.getKey()
                + ": output.token / output.username already set the Authorization header; keep one.");
      }
    }
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    URI url = s.uri(URL);
    String authorization = null;
    String credentialKey = "output.url";
    if (s.has(TOKEN)) {
      authorization = "Bearer " + s.secret(TOKEN);
      credentialKey = "output.token";
    } else if (s.has(USERNAME)) {
      authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (s.string(USERNAME) + ":" + s.secret(PASSWORD))
                          .getBytes(StandardCharsets.UTF_8));
      credentialKey = "output.username / output.password";
    }
    Map<String, String> headers = s.map(HEADERS);
    for (Map.Entry<String, String> h : headers.entrySet()) {
      // A header may carry a credential (DD-API-KEY, X-Api-Key...): masked like any other.
      String n = h.getKey().toLowerCase(Locale.ROOT);
      if (n.contains("key")
          || n.contains("token")
          || n.contains("auth")
          || n.contains("secret")
          || n.contains("pass")) {
        Secrets.register(h.getValue());
        if (authorization == null) {
          credentialKey = "output.headers." + h.getKey();
        }
      }
    }
    if (authorization != null) {
      Secrets.register(authorization);
    }
    return new RemoteSink(
        s,
        context,
        new HttpProtocol(
            url, "json_array".equals(s.string(BODY)), headers, authorization, credentialKey),
        url);
  }

  /** NDJSON or a JSON array; 2xx delivered. */
  static final class HttpProtocol implements Protocol {
    private final URI url;
    private final boolean array;
    private final Map<String, String> headers;
    private final String authorization;
    private final String credentialKey;
    private final boolean contentTypeGiven;

    HttpProtocol(
        URI url,
        boolean array,
        Map<String, String> headers,
        String authorization,
        String credentialKey) {
      this.url = url;
      this.array = array;
      this.headers = headers;
      this.authorization = authorization;
      this.credentialKey = credentialKey;
      this.contentTypeGiven =
          headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("content-type"));
    }

    @Override
    public void frame(Events events, int[] idx, int count, Body out) {
      if (array) {
        out.write('[');
        for (int i = 0; i < count; i++) {
          if (i > 0) {
            out.write(',');
          }
          out.write(events, idx[i]);
        }
        out.write(']');
      } else {
        for (int i = 0; i < count; i++) {
          out.write(events, idx[i]).write('\n');
        }
      }
    }

    @Override
    public HttpRequest.Builder request() {
      HttpRequest.Builder b = HttpRequest.newBuilder(url);
      if (!contentTypeGiven) {
        b.header("Content-Type", array ? "application/json" : "application/x-ndjson");
      }
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      headers.forEach(b::header);
      return b;
    }

    @Override
    public Answer read(Response r, Events events, int[] idx, int count, Exchange exchange) {
      return Answers.byStatus(r, credentialKey);
    }

    @Override
    public String credentialKey() {
      return credentialKey;
    }
  }
}
