package io.github.docusigncollector.simulator.receivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A generic HTTP log receiver, as Vector's {@code http_server}, Fluent Bit's {@code in_http} or a
 * webhook: {@code POST} on {@link #path}, NDJSON or a JSON array (told by the first character),
 * gzip, a bearer token, basic auth or a header token, a configurable success status (200 Vector,
 * 201 Fluent Bit, 202 Datadog, 204), 413 above a size.
 */
public final class HttpReceiver extends Receiver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private volatile String path = "/";
  private volatile String expectedAuthorization;
  private volatile String headerName;
  private volatile String headerValue;
  private volatile int successStatus = 200;

  public HttpReceiver() {
    this(false, 0);
  }

  public HttpReceiver(boolean https, int port) {
    super(https, port);
    maxBodyBytes(100L << 20);
  }

  /** The path events are POSTed to (default {@code /}). */
  public HttpReceiver path(String p) {
    path = p;
    return this;
  }

  /** Requires {@code Authorization: Bearer <token>}. */
  public HttpReceiver bearer(String token) {
    expectedAuthorization = "Bearer " + token;
    return this;
  }

  /** Requires basic auth. */
  public HttpReceiver basic(String user, String password) {
    expectedAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Requires a header (e.g. {@code DD-API-KEY}). */
  public HttpReceiver headerToken(String name, String value) {
    headerName = name;
    headerValue = value;
    return this;
  }

  /** The status of an accepted request (200, 201, 202, 204). */
  public HttpReceiver successStatus(int status) {
    successStatus = status;
    return this;
  }

  @Override
  protected Reply handle(Request r) {
    if (!r.path().equals(path)) {
      return Reply.json(404, "{\"error\":\"not found\"}");
    }
    if (!r.method().equals("POST")) {
      return Reply.json(405, "{\"error\":\"method not allowed\"}");
    }
    String want = expectedAuthorization;
    if (want != null && !want.equals(r.header("Authorization"))) {
      return Reply.json(401, "{\"error\":\"unauthorized\"}");
    }
    if (headerName != null && !headerValue.equals(r.header(headerName))) {
      return Reply.json(403, "{\"error\":\"forbidden\"}");
    }
    byte[] b = r.body();
    int first = 0;
    while (first < b.length && Character.isWhitespace(b[first])) {
      first++;
    }
    if (first == b.length) {
      return Reply.json(400, "{\"error\":\"empty body\"}");
    }
    boolean array = b[first] == '[';
    int[] ranges;
    if (array) {
      int last = b.length - 1;
      while (last > first && Character.isWhitespace(b[last])) {
        last--;
      }
      if (b[last] != ']') {
        return Reply.json(400, "{\"error\":\"invalid JSON array\"}");
      }
      ranges = JsonObjects.split(b, first + 1, last, true);
      if (ranges != null && !commasOnly(b, ranges, first + 1, last)) {
        ranges = null;
      }
    } else {
      ranges = lines(b);
    }
    if (ranges == null || ranges.length == 0) {
      return Reply.json(400, "{\"error\":\"invalid JSON\"}");
    }
    int n = ranges.length / 2;
    if (keepsEvents()) {
      List<String> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String text =
            new String(b, ranges[2 * i], ranges[2 * i + 1] - ranges[2 * i], StandardCharsets.UTF_8);
        try {
          JsonNode node = JSON.readTree(text);
          if (node == null || !node.isObject()) {
            return Reply.json(400, "{\"error\":\"record " + i + " is not a JSON object\"}");
          }
        } catch (IOException e) {
          return Reply.json(400, "{\"error\":\"record " + i + " is not valid JSON\"}");
        }
        events.add(text);
      }
      for (String e : events) {
        accepted(e, e);
      }
    } else {
      acceptedCount(n, new String(b, ranges[0], ranges[1] - ranges[0], StandardCharsets.UTF_8));
    }
    return successStatus == 204 ? Reply.empty(204) : Reply.json(successStatus, "{\"ok\":true}");
  }

  /** Between the values of an array only commas and whitespace. */
  private static boolean commasOnly(byte[] b, int[] ranges, int from, int to) {
    int p = from;
    for (int i = 0; i <= ranges.length / 2; i++) {
      int end = i < ranges.length / 2 ? ranges[2 * i] : to;
      int commas = 0;
      for (int k = p; k < end; k++) {
        if (b[k] == ',') {
          commas++;
        } else if (!Character.isWhitespace(b[k])) {
          return false;
        }
      }
      if (commas != (i == 0 || i == ranges.length / 2 ? 0 : 1)) {
        return false;
      }
      if (i < ranges.length / 2) {
        p = ranges[2 * i + 1];
      }
    }
    return true;
  }

  private static int[] lines(byte[] b) {
    List<Integer> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= b.length; i++) {
      if (i == b.length || b[i] == '\n') {
        int s = start;
        int e = i;
        while (s < e && Character.isWhitespace(b[s])) {
          s++;
        }
        while (e > s && Character.isWhitespace(b[e - 1])) {
          e--;
        }
        if (e > s) {
          out.add(s);
          out.add(e);
        }
        start = i + 1;
      }
    }
    int[] r = new int[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = out.get(i);
    }
    return r;
  }
}
