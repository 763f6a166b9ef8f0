package io.github.docusigncollector.simulator.receivers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The document store and {@code _bulk} semantics of a fake Elasticsearch: NDJSON action and source
 * lines, {@code create} refused with 409 {@code version_conflict_engine_exception} for an existing
 * {@code _id}, {@code logs-*-*} names as data streams (only {@code create}, {@code @timestamp}
 * required, as the default template of Elasticsearch makes them), items answered in request order
 * with their own status, and per-item rejections injected by tests. Thread-safe.
 */
public final class ElasticsearchBulk {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An injected per-item rejection: events matching {@code match} get {@code status}. */
  private record Rejection(Predicate<String> match, int status, String type, int[] remaining) {}

  private final Map<String, Map<String, String>> indices = new LinkedHashMap<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private boolean keepSources = true;
  private long autoId;
  private long items;

  /** Documents of {@code index}, by {@code _id}, in the order they were created. */
  public synchronized Map<String, String> documents(String index) {
    Map<String, String> docs = indices.get(index);
    return docs == null ? Map.of() : Map.copyOf(docs);
  }

  /** Every document of {@code index} as JSON, in the order they were created. */
  public synchronized List<JsonNode> documentsAsJson(String index) {
    List<JsonNode> out = new ArrayList<>();
    Map<String, String> docs = indices.get(index);
    if (docs != null) {
      for (String d : docs.values()) {
        try {
          out.add(d.isEmpty() ? JSON.createObjectNode() : JSON.readTree(d));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  public synchronized Set<String> indexNames() {
    return new TreeSet<>(indices.keySet());
  }

  /** Items answered so far (every status). */
  public synchronized long items() {
    return items;
  }

  /**
   * Refuses, with {@code status} and error {@code type}, the items whose source line contains
   * {@code needle}, {@code times} times each request (-1: always). E.g. 400 {@code
   * mapper_parsing_exception} for ever, or 429 {@code es_rejected_execution_exception} twice.
   */
  public synchronized void reject(String needle, int status, String type, int times) {
    rejections.add(new Rejection(s -> s.contains(needle), status, type, new int[] {times}));
  }

  public synchronized void clearRejections() {
    rejections.clear();
  }

  /** Keep each document's source (default), or only its id (a benchmark of a million). */
  public synchronized void keepSources(boolean keep) {
    keepSources = keep;
  }

  /** Empties every index. */
  public synchronized void clear() {
    indices.clear();
  }

  /** A reply: status, JSON body, and the source of each document created by the request. */
  public record Reply(int status, String body, List<String> created) {
    Reply(int status, String body) {
      this(status, body, List.of());
    }
  }

  /**
   * Handles {@code POST /_bulk} or {@code POST /<index>/_bulk}, the body already decompressed.
   *
   * @param pathIndex the index named in the path, or null
   * @param refuse sources to refuse on their own merits (400 {@code mapper_parsing_exception})
   */
  public synchronized Reply bulk(String pathIndex, byte[] body, Predicate<String> refuse) {
    List<String> created = new ArrayList<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return error(
          400, "action_request_validation_exception", "Validation Failed: 1: no requests added;");
    }
    if (!text.endsWith("\n")) {
      return error(
          400,
          "illegal_argument_exception",
          "The bulk request must be terminated by a newline [\\n]");
    }
    String[] lines = text.split("\n", -1);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("took", 1);
    answer.put("errors", false);
    ArrayNode out = answer.putArray("items");
    boolean errors = false;
    int i = 0;
    int n = lines.length - 1; // the last element is the empty string after the final newline
    while (i < n) {
      String actionLine = lines[i++];
      if (actionLine.isBlank()) {
        continue;
      }
      JsonNode action;
      try {
        action = JSON.readTree(actionLine);
      } catch (JsonProcessingException e) {
        return error(400, "x_content_parse_exception", "[1:1] Unexpected character in action line");
      }
      if (!action.isObject() || action.size() != 1) {
        return error(
            400, "illegal_argument_exception", "Malformed action/metadata line [" + i + "]");
      }
      String op = action.fieldNames().next();
      JsonNode meta = action.get(op);
      String index = meta.path("_index").asText(pathIndex);
      if (index == null || index.isEmpty()) {
        return error(
            400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
      }
      String id = meta.hasNonNull("_id") ? meta.get("_id").asText() : null;
      if (op.equals("delete")) {
        Map<String, String> docs = indices.get(index);
        boolean found = docs != null && id != null && docs.remove(id) != null;
        out.add(item(op, index, id, found ? 200 : 404, found ? "deleted" : "not_found"));
        items++;
        continue;
      }
      if (i >= n) {
        return error(
            400,
            "illegal_argument_exception",
            "The bulk request must be terminated by a newline [\\n]");
      }
      String source = lines[i++];
      items++;
      ObjectNode it =
          refuse.test(source)
              ? failed(op, index, id, 400, "mapper_parsing_exception", "failed to parse field [x]")
              : store(op, index, id, source);
      boolean failed = it.get(op).has("error");
      errors |= failed;
      if (!failed) {
        created.add(source);
      }
      out.add(it);
    }
    answer.put("errors", errors);
    return new Reply(200, answer.toString(), created);
  }

  private ObjectNode store(String op, String index, String id, String source) {
    for (Rejection r : rejections) {
      if (r.remaining()[0] != 0 && r.match().test(source)) {
        if (r.remaining()[0] > 0) {
          r.remaining()[0]--;
        }
        return failed(op, index, id, r.status(), r.type(), "rejected by the test receiver");
      }
    }
    boolean dataStream =
        index.startsWith("logs-") && index.chars().filter(c -> c == '-').count() >= 2;
    JsonNode doc;
    try {
      doc = JSON.readTree(source);
    } catch (JsonProcessingException e) {
      return failed(op, index, id, 400, "mapper_parsing_exception", "failed to parse");
    }
    if (doc == null || !doc.isObject()) {
      return failed(
          op, index, id, 400, "mapper_parsing_exception", "failed to parse, document is empty");
    }
    if (dataStream && !op.equals("create")) {
      return failed(
          op,
          index,
          id,
          400,
          "illegal_argument_exception",
          "only write ops with an op_type of create are allowed in data streams");
    }
    if (dataStream && !doc.hasNonNull("@timestamp")) {
      return failed(
          op,
          index,
          id,
          400,
          "mapper_parsing_exception",
          "failed to parse: data stream timestamp field [@timestamp] is missing");
    }
    Map<String, String> docs = indices.computeIfAbsent(index, k -> new LinkedHashMap<>());
    if (id == null) {
      id = "auto-" + (++autoId);
    }
    if (op.equals("create") && docs.containsKey(id)) {
      return failed(
          op,
          index,
          id,
          409,
          "version_conflict_engine_exception",
          "[" + id + "]: version conflict, document already exists (current version [1])");
    }
    boolean existed = docs.put(id, keepSources ? doc.toString() : "") != null;
    return item(op, index, id, existed ? 200 : 201, existed ? "updated" : "created");
  }

  private static ObjectNode item(String op, String index, String id, int status, String result) {
    ObjectNode it = JSON.createObjectNode();
    ObjectNode o = it.putObject(op);
    o.put("_index", index);
    o.put("_id", id);
    o.put("_version", 1);
    o.put("result", result);
    o.putObject("_shards").put("total", 2).put("successful", 1).put("failed", 0);
    o.put("_seq_no", 0);
    o.put("_primary_term", 1);
    o.put("status", status);
    return it;
  }

  private static ObjectNode failed(
      String op, String index, String id, int status, String type, String reason) {
    ObjectNode it = JSON.createObjectNode();
    ObjectNode o = it.putObject(op);
    o.put("_index", index);
    if (id != null) {
      o.put("_id", id);
    }
    o.put("status", status);
    ObjectNode e = o.putObject("error");
    e.put("type", type);
    e.put("reason", reason);
    e.put("index", index);
    return it;
  }

  /** The error shape of a refused request. */
  public static Reply error(int status, String type, String reason) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode e = root.putObject("error");
    ArrayNode causes = e.putArray("root_cause");
    causes.addObject().put("type", type).put("reason", reason);
    e.put("type", type);
    e.put("reason", reason);
    root.put("status", status);
    return new Reply(status, root.toString());
  }
}
