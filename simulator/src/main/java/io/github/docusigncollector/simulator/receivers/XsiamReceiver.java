package io.github.docusigncollector.simulator.receivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Cortex XSIAM HTTP log collector ({@code POST /logs/v1/event}, also the {@code /logs/v1/xsiam}
 * path XSIAM's own integrations use): the raw API key in {@code Authorization} (no scheme),
 * newline-separated JSON records, gzip exactly when the collector is configured for it (a mismatch
 * is a 500), 10 MB per request (413); 200 {@code {"ok":"true"}}.
 */
public final class XsiamReceiver extends Receiver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String apiKey;
  private volatile boolean gzipConfigured = true;

  public XsiamReceiver(String apiKey) {
    this(apiKey, false, 0);
  }

  public XsiamReceiver(String apiKey, boolean https, int port) {
    super(https, port);
    this.apiKey = apiKey;
    maxBodyBytes(10_000_000L);
  }

  /** Whether the collector instance expects gzip bodies (default) or uncompressed ones. */
  public XsiamReceiver gzipConfigured(boolean gzip) {
    gzipConfigured = gzip;
    return this;
  }

  @Override
  protected Reply handle(Request r) {
    if (!r.method().equals("POST")) {
      return Reply.json(405, "{\"error\":\"method not allowed\"}");
    }
    boolean xsiamPath = r.path().equals("/logs/v1/xsiam");
    if (!r.path().equals("/logs/v1/event") && !xsiamPath) {
      return Reply.json(404, "{\"error\":\"not found\"}");
    }
    String auth = r.header("Authorization");
    if (auth == null || !auth.equals(apiKey)) {
      return Reply.json(401, "{\"error\":\"Failed to validate authentication detail\"}");
    }
    boolean gz = "gzip".equalsIgnoreCase(r.header("Content-Encoding"));
    if (gz != gzipConfigured) {
      return Reply.json(500, "{\"error\":\"Internal server error\"}");
    }
    byte[] b = r.body();
    int start = 0;
    int n = 0;
    String first = null;
    // Records are separated by new lines; each is stored as it came.
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i <= b.length; i++) {
      if (i == b.length || b[i] == '\n') {
        int s = start;
        int e = i;
        while (s < e && isSpace(b[s])) {
          s++;
        }
        while (e > s && isSpace(b[e - 1])) {
          e--;
        }
        if (e > s) {
          if (keepsEvents()) {
            String line = new String(b, s, e - s, StandardCharsets.UTF_8);
            try {
              JSON.readTree(line);
            } catch (IOException ex) {
              return Reply.json(400, "{\"error\":\"invalid JSON record\"}");
            }
            lines.add(line);
          } else if (first == null) {
            first = new String(b, s, e - s, StandardCharsets.UTF_8);
          }
          n++;
        }
        start = i + 1;
      }
    }
    if (n == 0) {
      return Reply.json(400, "{\"error\":\"empty request\"}");
    }
    if (keepsEvents()) {
      for (String l : lines) {
        accepted(l, l);
      }
    } else {
      acceptedCount(n, first);
    }
    return Reply.json(200, xsiamPath ? "{\"error\":\"false\"}" : "{\"ok\":\"true\"}");
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x0b || c == '\f';
  }
}
