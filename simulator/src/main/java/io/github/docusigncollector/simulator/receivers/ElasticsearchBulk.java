package io.github.docusigncollector.simulator.receivers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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

  /**
   * With {@link #keepSources} off: each index's ids alone, as 128-bit hashes (a million is 32 MB).
   */
  private final Map<String, IdSet> idsOnly = new LinkedHashMap<>();

  private final List<Rejection> rejections = new ArrayList<>();
  private boolean keepSources = true;
  private long autoId;
  private long items;

  /** Documents of {@code index}, by {@code _id}, in the order they were created. */
  public synchronized Map<String, String> documents(String index) {
    requireSources(index);
    Map<String, String> docs = indices.get(index);
    return docs == null ? Map.of() : Map.copyOf(docs);
  }

  /** Every document of {@code index} as JSON, in the order they were created. */
  public synchronized List<JsonNode> documentsAsJson(String index) {
    requireSources(index);
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
    Set<String> names = new TreeSet<>(indices.keySet());
    names.addAll(idsOnly.keySet());
    return names;
  }

  private void requireSources(String index) {
    if (idsOnly.containsKey(index)) {
      throw new IllegalStateException(
          "index " + index + " was written with keepSources(false): only its ids were kept");
    }
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
    idsOnly.clear();
  }

  /** A reply: status, JSON body, and the source of each document created by the request. */
  public record Reply(int status, String body, List<String> created) {
    Reply(int status, String body) {
      this(status, body, List.of());
    }
  }

  /**
   * Handles {@code POST /_bulk} or {@code POST /<index>/_bulk}, the body already decompressed, with
   * the whole answer (no {@code filter_path}).
   *
   * @param pathIndex the index named in the path, or null
   * @param refuse sources to refuse on their own merits (400 {@code mapper_parsing_exception}), or
   *     null for none
   */
  public Reply bulk(String pathIndex, byte[] body, Predicate<String> refuse) {
    return bulk(pathIndex, body, refuse, null);
  }

  /**
   * As {@link #bulk(String, byte[], Predicate)}, the answer filtered by {@code filterPath} (the
   * {@code filter_path} parameter: comma-separated paths, {@code *} for any one name), as
   * Elasticsearch does; null for the whole answer. Each line is read as a stream of tokens (no tree
   * per document): the answer is the same, and a million documents cost what parsing them costs.
   */
  public synchronized Reply bulk(
      String pathIndex, byte[] body, Predicate<String> refuse, String filterPath) {
    List<String> created = new ArrayList<>();
    int length = body.length;
    if (length == 0) {
      return error(
          400, "action_request_validation_exception", "Validation Failed: 1: no requests added;");
    }
    if (body[length - 1] != '\n') {
      return error(
          400,
          "illegal_argument_exception",
          "The bulk request must be terminated by a newline [\\n]");
    }
    Filter filter = Filter.of(filterPath);
    StringBuilder out = new StringBuilder(64 + length / 40);
    boolean errors = false;
    boolean firstItem = true;
    boolean wantSources = keepSources || refuse != null || !rejections.isEmpty();
    int p = 0;
    int lineNo = 0;
    while (p < length) {
      int actionEnd = lineEnd(body, p, length);
      int actionStart = p;
      p = actionEnd + 1;
      lineNo++;
      if (isBlank(body, actionStart, actionEnd)) {
        continue;
      }
      Action action;
      try {
        action = Action.read(body, actionStart, actionEnd, pathIndex);
      } catch (IOException e) {
        return error(400, "x_content_parse_exception", "[1:1] Unexpected character in action line");
      }
      if (action == null) {
        return error(
            400, "illegal_argument_exception", "Malformed action/metadata line [" + lineNo + "]");
      }
      String op = action.op;
      String index = action.index;
      if (index == null || index.isEmpty()) {
        return error(
            400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
      }
      String id = action.id;
      if (op.equals("delete")) {
        Map<String, String> docs = indices.get(index);
        IdSet ids = idsOnly.get(index);
        boolean found =
            id != null
                && ((docs != null && docs.remove(id) != null) || (ids != null && ids.remove(id)));
        firstItem =
            item(
                out,
                filter,
                firstItem,
                op,
                index,
                id,
                found ? 200 : 404,
                found ? "deleted" : "not_found",
                null,
                null);
        items++;
        continue;
      }
      if (p >= length) {
        return error(
            400,
            "illegal_argument_exception",
            "The bulk request must be terminated by a newline [\\n]");
      }
      int sourceStart = p;
      int sourceEnd = lineEnd(body, p, length);
      p = sourceEnd + 1;
      lineNo++;
      items++;
      String source =
          wantSources || created.isEmpty()
              ? new String(body, sourceStart, sourceEnd - sourceStart, StandardCharsets.UTF_8)
              : null;
      String[] verdict =
          refuse != null && refuse.test(source)
              ? new String[] {"400", "mapper_parsing_exception", "failed to parse field [x]"}
              : store(op, index, id, body, sourceStart, sourceEnd, source);
      boolean failed = verdict.length == 3;
      errors |= failed;
      if (!failed) {
        created.add(source == null ? "" : source);
        firstItem =
            item(
                out,
                filter,
                firstItem,
                op,
                index,
                verdict[0],
                Integer.parseInt(verdict[1]),
                verdict[1].equals("200") ? "updated" : "created",
                null,
                null);
      } else {
        firstItem =
            item(
                out,
                filter,
                firstItem,
                op,
                index,
                id,
                Integer.parseInt(verdict[0]),
                null,
                verdict[1],
                verdict[2]);
      }
    }
    StringBuilder answer = new StringBuilder(out.length() + 48).append('{');
    boolean first = true;
    if (filter.includes("took")) {
      answer.append("\"took\":1");
      first = false;
    }
    if (filter.includes("errors")) {
      answer.append(first ? "" : ",").append("\"errors\":").append(errors);
      first = false;
    }
    if (!firstItem) {
      answer.append(first ? "" : ",").append("\"items\":[").append(out).append(']');
    }
    return new Reply(200, answer.append('}').toString(), created);
  }

  /**
   * A set of ids kept as two 64-bit hashes each (open addressing, linear probing): what a benchmark
   * of a million documents needs for its 409s, without a million strings in the heap.
   */
  static final class IdSet {
    private long[] table = new long[2 * 1024];
    private int size;

    /** Adds the id; false when it was there. */
    boolean add(String id) {
      long a = hash(id, 0x9E3779B97F4A7C15L);
      long b = hash(id, 0xC2B2AE3D27D4EB4FL);
      if (find(a, b) >= 0) {
        return false;
      }
      if (2 * (size + 1) > table.length / 2) {
        grow();
      }
      put(table, a, b);
      size++;
      return true;
    }

    /** Removes the id; false when it was not there (a tombstone stays: removals are rare). */
    boolean remove(String id) {
      int at = find(hash(id, 0x9E3779B97F4A7C15L), hash(id, 0xC2B2AE3D27D4EB4FL));
      if (at < 0) {
        return false;
      }
      table[at] = 1; // no id hashes to (1, 0): see hash()
      table[at + 1] = 0;
      return true;
    }

    private int find(long a, long b) {
      int mask = table.length / 2 - 1;
      for (int slot = (int) (a ^ (a >>> 32)) & mask; ; slot = (slot + 1) & mask) {
        long x = table[2 * slot];
        if (x == 0) {
          return -1;
        }
        if (x == a && table[2 * slot + 1] == b) {
          return 2 * slot;
        }
      }
    }

    private static void put(long[] t, long a, long b) {
      int mask = t.length / 2 - 1;
      int slot = (int) (a ^ (a >>> 32)) & mask;
      while (t[2 * slot] != 0) {
        slot = (slot + 1) & mask;
      }
      t[2 * slot] = a;
      t[2 * slot + 1] = b;
    }

    private void grow() {
      long[] bigger = new long[table.length * 2];
      for (int i = 0; i < table.length; i += 2) {
        if (table[i] != 0 && !(table[i] == 1 && table[i + 1] == 0)) {
          put(bigger, table[i], table[i + 1]);
        }
      }
      table = bigger;
    }

    /** A 64-bit hash of the id's characters; never 0 or 1 (empty slot, tombstone). */
    private static long hash(String id, long seed) {
      long h = seed ^ id.length();
      for (int i = 0; i < id.length(); i++) {
        h = (h ^ id.charAt(i)) * 0x100000001B3L;
        h ^= h >>> 29;
      }
      h ^= h >>> 33;
      h *= 0xFF51AFD7ED558CCDL;
      h ^= h >>> 33;
      return h == 0 || h == 1 ? h + 2 : h;
    }
  }

  private static int lineEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return to;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * Stores the document {@code body[from..to)} ({@code source} its text when kept or needed, else
   * null): {@code [id, status]} when stored, {@code [status, type, reason]} when refused.
   */
  private String[] store(
      String op, String index, String id, byte[] body, int from, int to, String source) {
    for (Rejection r : rejections) {
      if (r.remaining()[0] != 0 && r.match().test(source)) {
        if (r.remaining()[0] > 0) {
          r.remaining()[0]--;
        }
        return refused(r.status(), r.type(), "rejected by the test receiver");
      }
    }
    boolean dataStream =
        index.startsWith("logs-") && index.chars().filter(c -> c == '-').count() >= 2;
    int shape = documentShape(body, from, to);
    if (shape == NOT_JSON) {
      return refused(400, "mapper_parsing_exception", "failed to parse");
    }
    if (shape == NOT_OBJECT) {
      return refused(400, "mapper_parsing_exception", "failed to parse, document is empty");
    }
    if (dataStream && !op.equals("create")) {
      return refused(
          400,
          "illegal_argument_exception",
          "only write ops with an op_type of create are allowed in data streams");
    }
    if (dataStream && shape != OBJECT_WITH_TIMESTAMP) {
      return refused(
          400,
          "mapper_parsing_exception",
          "failed to parse: data stream timestamp field [@timestamp] is missing");
    }
    if (id == null) {
      id = "auto-" + (++autoId);
    }
    if (!keepSources) {
      boolean added = idsOnly.computeIfAbsent(index, k -> new IdSet()).add(id);
      if (op.equals("create") && !added) {
        return refused(
            409,
            "version_conflict_engine_exception",
            "[" + id + "]: version conflict, document already exists (current version [1])");
      }
      return new String[] {id, added ? "201" : "200"};
    }
    Map<String, String> docs = indices.computeIfAbsent(index, k -> new LinkedHashMap<>());
    if (op.equals("create") && docs.containsKey(id)) {
      return refused(
          409,
          "version_conflict_engine_exception",
          "[" + id + "]: version conflict, document already exists (current version [1])");
    }
    // Kept as received, as Elasticsearch keeps _source.
    boolean existed = docs.put(id, source) != null;
    return new String[] {id, existed ? "200" : "201"};
  }

  private static String[] refused(int status, String type, String reason) {
    return new String[] {Integer.toString(status), type, reason};
  }

  private static final int NOT_JSON = 0;
  private static final int NOT_OBJECT = 1;
  private static final int OBJECT = 2;
  private static final int OBJECT_WITH_TIMESTAMP = 3;

  private static final byte[] TIMESTAMP = "@timestamp".getBytes(StandardCharsets.US_ASCII);

  /**
   * Checks a document against the JSON grammar (no tree): not JSON, JSON but not an object (or
   * nothing), an object, or an object with a non-null top-level {@code @timestamp}.
   */
  private static int documentShape(byte[] b, int from, int to) {
    int p = JsonCheck.space(b, from, to);
    if (p >= to) {
      return NOT_OBJECT;
    }
    if (b[p] != '{') {
      int e = JsonCheck.value(b, p, to);
      return e >= 0 && JsonCheck.space(b, e, to) == to ? NOT_OBJECT : NOT_JSON;
    }
    boolean timestamp = false;
    p = JsonCheck.space(b, p + 1, to);
    if (p < to && b[p] == '}') {
      p++;
    } else {
      while (true) {
        if (p >= to || b[p] != '"') {
          return NOT_JSON;
        }
        int nameEnd = JsonCheck.string(b, p, to);
        if (nameEnd < 0) {
          return NOT_JSON;
        }
        boolean isTimestamp =
            nameEnd - p - 2 == TIMESTAMP.length
                && java.util.Arrays.equals(b, p + 1, nameEnd - 1, TIMESTAMP, 0, TIMESTAMP.length);
        p = JsonCheck.space(b, nameEnd, to);
        if (p >= to || b[p] != ':') {
          return NOT_JSON;
        }
        p = JsonCheck.space(b, p + 1, to);
        int valueStart = p;
        p = JsonCheck.value(b, p, to);
        if (p < 0) {
          return NOT_JSON;
        }
        if (isTimestamp && b[valueStart] != 'n') {
          timestamp = true;
        }
        p = JsonCheck.space(b, p, to);
        if (p >= to) {
          return NOT_JSON;
        }
        byte c = b[p++];
        if (c == '}') {
          break;
        }
        if (c != ',') {
          return NOT_JSON;
        }
        p = JsonCheck.space(b, p, to);
      }
    }
    if (JsonCheck.space(b, p, to) != to) {
      return NOT_JSON;
    }
    return timestamp ? OBJECT_WITH_TIMESTAMP : OBJECT;
  }

  /** One action line: its operation, index (the path's when not named) and id. */
  private record Action(String op, String index, String id) {
    private static final byte[] CREATE_ID =
        "{\"create\":{\"_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREATE_ID_END = "\"}}".getBytes(StandardCharsets.US_ASCII);

    /** Null when the line is not an object with exactly one field. */
    static Action read(byte[] b, int from, int to, String pathIndex) throws IOException {
      Action plain = plainCreate(b, from, to, pathIndex);
      return plain != null ? plain : parse(b, from, to, pathIndex);
    }

    /**
     * The common line, {@code {"create":{"_id":"..."}}} with an id without escapes, read without a
     * parser; null for any other.
     */
    private static Action plainCreate(byte[] b, int from, int to, String pathIndex) {
      int idFrom = from + CREATE_ID.length;
      int idTo = to - CREATE_ID_END.length;
      if (idTo < idFrom
          || !java.util.Arrays.equals(b, from, idFrom, CREATE_ID, 0, CREATE_ID.length)
          || !java.util.Arrays.equals(b, idTo, to, CREATE_ID_END, 0, CREATE_ID_END.length)) {
        return null;
      }
      for (int i = idFrom; i < idTo; i++) {
        byte c = b[i];
        if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
          return null;
        }
      }
      return new Action(
          "create", pathIndex, new String(b, idFrom, idTo - idFrom, StandardCharsets.UTF_8));
    }

    private static Action parse(byte[] b, int from, int to, String pathIndex) throws IOException {
      try (JsonParser p = JSON.getFactory().createParser(b, from, to - from)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        if (p.nextToken() != JsonToken.FIELD_NAME) {
          return null;
        }
        String op = p.currentName();
        String index = pathIndex;
        String id = null;
        if (p.nextToken() == JsonToken.START_OBJECT) {
          JsonToken t;
          while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("_index") && v.isScalarValue()) {
              index = p.getText();
            } else if (name.equals("_id") && v != JsonToken.VALUE_NULL && v.isScalarValue()) {
              id = p.getText();
            } else {
              p.skipChildren();
            }
          }
          if (t != JsonToken.END_OBJECT) {
            throw new IOException("unterminated metadata");
          }
        } else {
          p.skipChildren();
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
          return null;
        }
        return new Action(op, index, id);
      }
    }
  }

  /** Writes one item of the answer; returns false (no longer the first). */
  private static boolean item(
      StringBuilder out,
      Filter f,
      boolean firstItem,
      String op,
      String index,
      String id,
      int status,
      String result,
      String errorType,
      String errorReason) {
    if (!f.within("items", "*")) {
      return firstItem;
    }
    StringBuilder o = new StringBuilder(160);
    Fields fields = new Fields(o);
    fields.string(f.includes("items", op, "_index"), "_index", index);
    fields.string(id != null && f.includes("items", op, "_id"), "_id", id);
    if (errorType == null) {
      fields.raw(f.includes("items", op, "_version"), "_version", "1");
      fields.string(f.includes("items", op, "result"), "result", result);
      if (f.within("items", op, "_shards")) {
        StringBuilder sh = new StringBuilder();
        Fields shards = new Fields(sh);
        shards.raw(f.includes("items", op, "_shards", "total"), "total", "2");
        shards.raw(f.includes("items", op, "_shards", "successful"), "successful", "1");
        shards.raw(f.includes("items", op, "_shards", "failed"), "failed", "0");
        fields.object("_shards", sh, shards.any);
      }
      fields.raw(f.includes("items", op, "_seq_no"), "_seq_no", "0");
      fields.raw(f.includes("items", op, "_primary_term"), "_primary_term", "1");
      fields.raw(f.includes("items", op, "status"), "status", Integer.toString(status));
    } else {
      fields.raw(f.includes("items", op, "status"), "status", Integer.toString(status));
      if (f.within("items", op, "error")) {
        StringBuilder e = new StringBuilder();
        Fields error = new Fields(e);
        error.string(f.includes("items", op, "error", "type"), "type", errorType);
        error.string(f.includes("items", op, "error", "reason"), "reason", errorReason);
        error.string(f.includes("items", op, "error", "index"), "index", index);
        fields.object("error", e, error.any);
      }
    }
    if (!firstItem) {
      out.append(',');
    }
    out.append("{\"").append(op).append("\":{").append(o).append("}}");
    return false;
  }

  /** The fields of one JSON object, written in order. */
  private static final class Fields {
    final StringBuilder out;
    boolean any;

    Fields(StringBuilder out) {
      this.out = out;
    }

    private void name(String name) {
      out.append(any ? ",\"" : "\"").append(name).append("\":");
      any = true;
    }

    void raw(boolean include, String name, String json) {
      if (include) {
        name(name);
        out.append(json);
      }
    }

    void string(boolean include, String name, String value) {
      if (include) {
        name(name);
        quote(out, value);
      }
    }

    void object(String name, StringBuilder fields, boolean nonEmpty) {
      if (nonEmpty) {
        name(name);
        out.append('{').append(fields).append('}');
      }
    }
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Elasticsearch's {@code filter_path}: a value is in the answer when a path names it or one of
   * the objects it is in; an object when a path names it or something in it.
   */
  private record Filter(List<String[]> paths) {
    static Filter of(String filterPath) {
      if (filterPath == null || filterPath.isBlank()) {
        return new Filter(null);
      }
      List<String[]> paths = new ArrayList<>();
      for (String p : filterPath.split(",")) {
        if (!p.isBlank()) {
          paths.add(p.strip().split("\\."));
        }
      }
      return new Filter(paths);
    }

    /** Whether the value at {@code path} is in the answer (whole). */
    boolean includes(String... path) {
      if (paths == null) {
        return true;
      }
      for (String[] f : paths) {
        if (f.length <= path.length && matches(f, path, f.length)) {
          return true;
        }
      }
      return false;
    }

    /** Whether the object at {@code path} is in the answer at all (whole or in part). */
    boolean within(String... path) {
      if (paths == null) {
        return true;
      }
      for (String[] f : paths) {
        if (matches(f, path, Math.min(f.length, path.length))) {
          return true;
        }
      }
      return false;
    }

    private static boolean matches(String[] f, String[] path, int n) {
      for (int i = 0; i < n; i++) {
        if (!f[i].equals("*") && !path[i].equals("*") && !f[i].equals(path[i])) {
          return false;
        }
      }
      return true;
    }
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
