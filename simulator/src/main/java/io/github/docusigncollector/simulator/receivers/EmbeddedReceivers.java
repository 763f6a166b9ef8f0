package io.github.docusigncollector.simulator.receivers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The receiver {@code demo --output TYPE} and {@code bench --scenario sinks} start for a sink type,
 * with the {@code output:} block that points the collector at it. A new sink adds one line to
 * {@link #TYPES}.
 */
public final class EmbeddedReceivers {
  /** A started receiver and the {@code output:} keys for it, in order. */
  public record Embedded(Receiver receiver, Map<String, String> output) implements AutoCloseable {
    /** The {@code output:} block as YAML lines indented by two spaces (after {@code output:}). */
    public String yaml() {
      StringBuilder b = new StringBuilder();
      output.forEach((k, v) -> b.append("  ").append(k).append(": ").append(quote(v)).append('\n'));
      return b.toString();
    }

    @Override
    public void close() {
      receiver.close();
    }
  }

  private static final String XSIAM_KEY = "demo-xsiam-api-key-4f1c2b";
  private static final String HEC_TOKEN = "5a1d3c9e-0000-4d2b-9e1f-1c2b3d4e5f60";
  private static final String HTTP_TOKEN = "demo-http-bearer-7c1e9a";
  private static final String ES_API_KEY = "ZGVtby1pZDpkZW1vLWVsYXN0aWMta2V5LTNiOWQ=";
  private static final String AZURE_SECRET = "demo~azure.client-secret_5e2a";

  private static final Map<String, Supplier<Embedded>> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("xsiam", EmbeddedReceivers::xsiam);
    TYPES.put("splunk_hec", EmbeddedReceivers::splunk);
    TYPES.put("http", EmbeddedReceivers::http);
    TYPES.put("elasticsearch", EmbeddedReceivers::elasticsearch);
    TYPES.put("sentinel", EmbeddedReceivers::sentinel);
  }

  private EmbeddedReceivers() {}

  /** Registers another type (a sink that lives in another module). */
  public static synchronized void register(String type, Supplier<Embedded> start) {
    TYPES.put(type, start);
  }

  public static synchronized Set<String> types() {
    return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(TYPES.keySet()));
  }

  /** Starts the receiver of {@code type}; null when there is none. */
  public static synchronized Embedded start(String type) {
    Supplier<Embedded> s = TYPES.get(type);
    return s == null ? null : s.get();
  }

  private static Embedded xsiam() {
    XsiamReceiver r = new XsiamReceiver(XSIAM_KEY);
    r.start();
    return new Embedded(
        r, ordered("type", "xsiam", "url", r.baseUrl() + "/logs/v1/event", "api_key", XSIAM_KEY));
  }

  private static Embedded splunk() {
    SplunkHecReceiver r = new SplunkHecReceiver(HEC_TOKEN);
    r.ackEnabled(true);
    r.start();
    return new Embedded(
        r,
        ordered(
            "type",
            "splunk_hec",
            "url",
            r.baseUrl().toString(),
            "token",
            HEC_TOKEN,
            "ack",
            "true"));
  }

  private static Embedded http() {
    HttpReceiver r = new HttpReceiver();
    r.path("/ingest").bearer(HTTP_TOKEN).start();
    return new Embedded(
        r, ordered("type", "http", "url", r.baseUrl() + "/ingest", "token", HTTP_TOKEN));
  }

  private static Embedded elasticsearch() {
    ElasticsearchReceiver r = new ElasticsearchReceiver(ES_API_KEY);
    r.start();
    return new Embedded(
        r, ordered("type", "elasticsearch", "url", r.baseUrl().toString(), "api_key", ES_API_KEY));
  }

  private static Embedded sentinel() {
    SentinelReceiver r = new SentinelReceiver(AZURE_SECRET);
    r.start();
    return new Embedded(
        r,
        ordered(
            "type",
            "sentinel",
            "tenant_id",
            SentinelReceiver.TENANT_ID,
            "client_id",
            SentinelReceiver.CLIENT_ID,
            "client_secret",
            AZURE_SECRET,
            "endpoint",
            r.baseUrl().toString(),
            "dcr_immutable_id",
            SentinelReceiver.DCR_IMMUTABLE_ID,
            "stream",
            SentinelReceiver.STREAM,
            "authority_url",
            r.baseUrl().toString()));
  }

  /** A map keeping the order of {@code kv} (key, value, key, value...). */
  public static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static String quote(String v) {
    if (v.matches("[A-Za-z0-9_.:/-]+") && !v.equals("true") && !v.equals("false")) {
      return v;
    }
    if (v.equals("true") || v.equals("false")) {
      return v;
    }
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
