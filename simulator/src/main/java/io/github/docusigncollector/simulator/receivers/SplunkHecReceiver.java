package io.github.docusigncollector.simulator.receivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A Splunk HTTP Event Collector: {@code POST /services/collector/event} (and {@code
 * /services/collector}, {@code /event/1.0}) with concatenated envelopes, {@code Authorization:
 * Splunk <token>}, HEC's codes in {@code {"text","code"}} answers (a 400 refuses the whole request;
 * 6, 12 and 13 name the event by {@code invalid-event-number}), indexer acknowledgement per channel
 * ({@code /services/collector/ack}), {@code /services/collector/health}, and 413 above {@code
 * max_content_length} (default 1,000,000 bytes, as older Splunk).
 */
public final class SplunkHecReceiver extends Receiver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final String token;
  private volatile boolean ackEnabled;
  private volatile int ackAfterPolls;
  private volatile boolean loseAcks;
  private volatile long lostAck = -1;
  private volatile Set<String> indexes;
  private final AtomicLong ackPolls = new AtomicLong();
  private final Map<String, AtomicLong> nextAckId = new ConcurrentHashMap<>();
  private final Map<String, Map<Long, Integer>> pending = new ConcurrentHashMap<>();

  public SplunkHecReceiver(String token) {
    this(token, false, 0);
  }

  public SplunkHecReceiver(String token, boolean https, int port) {
    super(https, port);
    this.token = token;
    maxBodyBytes(1_000_000);
  }

  /**
   * Indexer acknowledgement on for the token: answers carry an {@code ackId}, a channel is
   * required.
   */
  public SplunkHecReceiver ackEnabled(boolean on) {
    ackEnabled = on;
    return this;
  }

  /** An ackId turns true only at the n-th poll that asks for it (0: at once). */
  public SplunkHecReceiver ackAfterPolls(int n) {
    ackAfterPolls = n;
    return this;
  }

  /** Acks are never reported true (events lost before indexing). */
  public SplunkHecReceiver loseAcks(boolean lose) {
    loseAcks = lose;
    return this;
  }

  /** This one ackId is never reported true (its request's events lost before indexing). */
  public SplunkHecReceiver loseAck(long ackId) {
    lostAck = ackId;
    return this;
  }

  /** The indexes that exist (null: any); another is code 7. */
  public SplunkHecReceiver indexes(Set<String> names) {
    indexes = names == null ? null : Set.copyOf(names);
    return this;
  }

  public long ackPolls() {
    return ackPolls.get();
  }

  private static Reply hec(int status, int code, String text) {
    return Reply.json(status, "{\"text\":\"" + text + "\",\"code\":" + code + "}");
  }

  private static Reply hec(int status, int code, String text, int invalid) {
    return Reply.json(
        status,
        "{\"text\":\""
            + text
            + "\",\"code\":"
            + code
            + ",\"invalid-event-number\":"
            + invalid
            + "}");
  }

  @Override
  protected Reply tooLarge(int bytes) {
    return Reply.json(413, "{\"text\":\"Content-Length exceeds max_content_length\",\"code\":413}");
  }

  @Override
  protected Reply handle(Request r) {
    String path = r.path();
    if (path.equals("/services/collector/health")
        || path.equals("/services/collector/health/1.0")) {
      return hec(200, 17, "HEC is healthy");
    }
    Reply auth = authorize(r);
    if (auth != null) {
      return auth;
    }
    if (path.equals("/services/collector/ack")) {
      return ack(r);
    }
    if (!path.equals("/services/collector/event")
        && !path.equals("/services/collector")
        && !path.equals("/services/collector/event/1.0")) {
      return Reply.json(
          404, "{\"text\":\"The requested URL was not found on this server.\",\"code\":404}");
    }
    if (!r.method().equals("POST")) {
      return Reply.json(405, "{\"text\":\"Method not allowed\",\"code\":405}");
    }
    String channel = channel(r);
    if (ackEnabled) {
      if (channel == null) {
        return hec(400, 10, "Data channel is missing");
      }
      if (!GUID.matcher(channel).matches()) {
        return hec(400, 11, "Invalid data channel");
      }
    }
    byte[] b = r.body();
    int[] ranges = JsonObjects.split(b, 0, b.length);
    if (ranges == null) {
      return hec(400, 6, "Invalid data format", 0);
    }
    if (ranges.length == 0) {
      return hec(400, 5, "No data");
    }
    int n = ranges.length / 2;
    if (keepsEvents()) {
      List<String> envelopes = new ArrayList<>(n);
      List<String> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String text =
            new String(b, ranges[2 * i], ranges[2 * i + 1] - ranges[2 * i], StandardCharsets.UTF_8);
        JsonNode env;
        try {
          env = JSON.readTree(text);
        } catch (IOException e) {
          return hec(400, 6, "Invalid data format", i);
        }
        if (env == null || !env.isObject()) {
          return hec(400, 6, "Invalid data format", i);
        }
        JsonNode event = env.get("event");
        if (event == null) {
          return hec(400, 12, "Event field is required", i);
        }
        if (event.isNull()
            || (event.isTextual() && event.asText().isBlank())
            || (event.isObject() && event.isEmpty())) {
          return hec(400, 13, "Event field cannot be blank", i);
        }
        JsonNode time = env.get("time");
        if (time != null
            && !time.isNumber()
            && !(time.isTextual() && time.asText().matches("\\d+(\\.\\d+)?"))) {
          return hec(400, 6, "Invalid data format", i);
        }
        Set<String> idx = indexes;
        if (idx != null && env.has("index") && !idx.contains(env.get("index").asText())) {
          return hec(400, 7, "Incorrect index", i);
        }
        String eventText = event.toString();
        if (rejected(eventText)) {
          return hec(400, 6, "Invalid data format", i);
        }
        envelopes.add(text);
        events.add(eventText);
      }
      for (int i = 0; i < n; i++) {
        accepted(envelopes.get(i), events.get(i));
      }
    } else {
      acceptedCount(n, new String(b, ranges[0], ranges[1] - ranges[0], StandardCharsets.UTF_8));
    }
    if (!ackEnabled) {
      return Reply.json(200, "{\"text\":\"Success\",\"code\":0}");
    }
    long id = nextAckId.computeIfAbsent(channel, c -> new AtomicLong()).getAndIncrement();
    pending.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(id, ackAfterPolls);
    return Reply.json(200, "{\"text\":\"Success\",\"code\":0,\"ackId\":" + id + "}");
  }

  private Reply authorize(Request r) {
    String auth = r.header("Authorization");
    if (auth == null) {
      return hec(401, 2, "Token is required");
    }
    if (!auth.startsWith("Splunk ")) {
      return hec(401, 3, "Invalid authorization");
    }
    if (!auth.substring("Splunk ".length()).equals(token)) {
      return hec(403, 4, "Invalid token");
    }
    return null;
  }

  private static String channel(Request r) {
    String c = r.header("X-Splunk-Request-Channel");
    return c != null ? c : r.param("channel");
  }

  private Reply ack(Request r) {
    if (!ackEnabled) {
      return hec(400, 14, "ACK is disabled");
    }
    String channel = channel(r);
    if (channel == null) {
      return hec(400, 10, "Data channel is missing");
    }
    ackPolls.incrementAndGet();
    JsonNode q;
    try {
      q = JSON.readTree(r.body());
    } catch (IOException e) {
      return hec(400, 6, "Invalid data format");
    }
    if (q == null || !q.path("acks").isArray()) {
      return hec(400, 6, "Invalid data format");
    }
    Map<Long, Integer> mine = pending.getOrDefault(channel, Map.of());
    StringBuilder out = new StringBuilder("{\"acks\":{");
    boolean first = true;
    for (JsonNode id : q.get("acks")) {
      long a = id.asLong();
      boolean done = false;
      Integer left = mine.get(a);
      if (left != null && !loseAcks && a != lostAck) {
        if (left <= 0) {
          done = true;
          mine.remove(a);
        } else {
          mine.put(a, left - 1);
        }
      }
      out.append(first ? "" : ",").append('"').append(a).append("\":").append(done);
      first = false;
    }
    return Reply.json(200, out.append("}}").toString());
  }
}
