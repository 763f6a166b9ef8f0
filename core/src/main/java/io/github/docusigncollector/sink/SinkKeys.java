package io.github.docusigncollector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The declaration of a sink's {@code output.*} keys, one {@link Key} per key (name, kind, default,
 * range or allowed values, secret or not, doc), from which the keys are both validated and
 * documented, in the spirit of Kafka's {@code ConfigDef}. Immutable; {@link #with} returns a copy.
 */
public final class SinkKeys {
  /** The value types a key can take. */
  public enum Kind {
    STRING,
    /** A credential: also {@code <key>_file} and {@code DOCUSIGN_OUTPUT_<KEY>}; always redacted. */
    SECRET,
    /** An http(s) URL; plain http only for loopback hosts. */
    URL,
    /** One URL or a list of them. */
    URL_LIST,
    BOOLEAN,
    INT,
    /** A size in bytes (a whole number). */
    BYTES,
    /** {@code 90s}, {@code 15m}, {@code 1h}... */
    DURATION,
    /** A path, resolved against the working directory. */
    PATH,
    /** A path to a file that must exist and be readable. */
    FILE,
    /** One of {@link Key#allowed}. */
    CHOICE,
    /** A mapping of strings to strings. */
    MAP
  }

  /**
   * One key. {@code min}/{@code max} bound INT, BYTES (as numbers) and DURATION (in milliseconds);
   * {@code allowed} lists a CHOICE's values.
   */
  public record Key(
      String name,
      Kind kind,
      Object defaultValue,
      boolean required,
      long min,
      long max,
      List<String> allowed,
      String doc) {
    public Key {
      Objects.requireNonNull(name);
      Objects.requireNonNull(kind);
      allowed = List.copyOf(allowed);
    }

    public boolean secret() {
      return kind == Kind.SECRET;
    }

    /** A required key with no default. */
    public static Key required(String name, Kind kind, String doc) {
      return new Key(name, kind, null, true, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), doc);
    }

    /** An optional key ({@code dflt} may be null: unset). */
    public static Key optional(String name, Kind kind, Object dflt, String doc) {
      return new Key(name, kind, dflt, false, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), doc);
    }

    /** An optional whole number in {@code [min, max]}. */
    public static Key range(String name, Kind kind, long dflt, long min, long max, String doc) {
      Object d = kind == Kind.INT ? (Object) (int) dflt : (Object) dflt;
      return new Key(name, kind, d, false, min, max, List.of(), doc);
    }

    /** An optional duration of at least {@code min}. */
    public static Key duration(String name, Duration dflt, Duration min, String doc) {
      return new Key(
          name, Kind.DURATION, dflt, false, min.toMillis(), Long.MAX_VALUE, List.of(), doc);
    }

    /** An optional choice among {@code allowed}. */
    public static Key choice(String name, String dflt, List<String> allowed, String doc) {
      return new Key(name, Kind.CHOICE, dflt, false, 0, 0, allowed, doc);
    }

    /** This key with another default (e.g. a sink's own batch size). */
    public Key withDefault(Object dflt) {
      return new Key(name, kind, dflt, required, min, max, allowed, doc);
    }

    /** A text for the documentation table. */
    public String describeDefault() {
      if (required) {
        return "required";
      }
      if (defaultValue == null) {
        return "—";
      }
      if (defaultValue instanceof Duration d) {
        return d.toMinutes() > 0 && d.toSecondsPart() == 0
            ? d.toMinutes() + "m"
            : d.toSeconds() + "s";
      }
      return String.valueOf(defaultValue);
    }
  }

  private final Map<String, Key> keys;

  private SinkKeys(Map<String, Key> keys) {
    this.keys = keys;
  }

  /** No keys (every sink also has {@code type} and {@code format}, added by the parser). */
  public static SinkKeys of(Key... keys) {
    return new SinkKeys(new LinkedHashMap<>()).with(keys);
  }

  /** A copy with {@code more} added; a key of the same name replaces the earlier one. */
  public SinkKeys with(Key... more) {
    Map<String, Key> m = new LinkedHashMap<>(keys);
    for (Key k : more) {
      m.put(k.name(), k);
    }
    return new SinkKeys(m);
  }

  /** A copy with every key of {@code more} added after these. */
  public SinkKeys with(SinkKeys more) {
    return with(more.keys.values().toArray(new Key[0]));
  }

  /** A copy with this key's default changed. */
  public SinkKeys withDefault(String name, Object dflt) {
    Key k = keys.get(name);
    if (k == null) {
      throw new IllegalArgumentException("no key " + name);
    }
    return with(k.withDefault(dflt));
  }

  public List<Key> keys() {
    return List.copyOf(keys.values());
  }

  public Key key(String name) {
    return keys.get(name);
  }

  /** The names a user may write, {@code <secret>_file} included, sorted. */
  public TreeSet<String> names() {
    TreeSet<String> names = new TreeSet<>(keys.keySet());
    for (Key k : keys.values()) {
      if (k.secret()) {
        names.add(k.name() + "_file");
      }
    }
    return names;
  }

  /**
   * The documentation of these keys as a Markdown table (key, type, default, meaning), generated
   * from the declaration so that it cannot drift from what is validated.
   */
  public String markdownTable() {
    StringBuilder b =
        new StringBuilder("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
    for (Key k : keys.values()) {
      String type =
          switch (k.kind()) {
            case CHOICE -> String.join(" \\| ", k.allowed());
            case INT, BYTES ->
                k.kind().name().toLowerCase(Locale.ROOT)
                    + (k.min() != Long.MIN_VALUE ? " " + k.min() + ".." + k.max() : "");
            case SECRET -> "secret (also `" + k.name() + "_file`, `" + envName(k.name()) + "`)";
            default -> k.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
          };
      b.append("| `")
          .append(k.name())
          .append("` | ")
          .append(type)
          .append(" | ")
          .append(k.describeDefault())
          .append(" | ")
          .append(k.doc() == null ? "" : k.doc())
          .append(" |\n");
    }
    return b.toString();
  }

  /** The variable that may carry secret {@code key}: {@code DOCUSIGN_OUTPUT_<KEY>}. */
  public static String envName(String key) {
    return "DOCUSIGN_OUTPUT_" + key.toUpperCase(Locale.ROOT);
  }

  /**
   * Validates {@code node} (the {@code output} mapping, {@code type} already read) against these
   * keys, adding one message per problem to {@code problems}, each naming {@code output.<key>}.
   * Returns the settings (meaningful only when no problem was added). Secrets found are registered
   * for redaction at once.
   */
  public SinkSettings parse(
      String type, ObjectNode node, Map<String, String> env, Path workDir, List<String> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    TreeSet<String> known = names();
    known.add("type");
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        problems.add(
            "output."
                + f
                + ": unknown key for output type "
                + type
                + "; remove it (known: "
                + String.join(", ", known)
                + ").");
      }
    }
    for (Key k : keys.values()) {
      Object v =
          k.secret() ? secret(k, node, env, workDir, problems) : value(k, node, workDir, problems);
      if (v == null && k.required() && !reportedMissing(k, problems)) {
        problems.add(
            "output."
                + k.name()
                + ": required for output type "
                + type
                + " but not set; "
                + (k.doc() == null ? "set it" : "set it (" + k.doc() + ")")
                + (k.secret()
                    ? ", or give output." + k.name() + "_file or " + envName(k.name())
                    : "")
                + ".");
      }
      values.put(k.name(), v != null ? v : k.defaultValue());
    }
    return new SinkSettings(type, values, this);
  }

  private static boolean reportedMissing(Key k, List<String> problems) {
    String prefix = "output." + k.name();
    for (String p : problems) {
      if (p.startsWith(prefix + ":")
          || p.startsWith(prefix + " ")
          || p.startsWith(prefix + "_file")) {
        return true;
      }
    }
    return false;
  }

  private static Object secret(
      Key k, ObjectNode node, Map<String, String> env, Path workDir, List<String> problems) {
    String name = "output." + k.name();
    String fromEnv = env.get(envName(k.name()));
    if (fromEnv != null && !fromEnv.isBlank()) {
      // The environment replaces the file's setting, as for the private key.
      String s = fromEnv.strip();
      Secrets.register(s);
      return s;
    }
    JsonNode inline = node.get(k.name());
    JsonNode file = node.get(k.name() + "_file");
    boolean hasInline = inline != null && !inline.isNull();
    boolean hasFile = file != null && !file.isNull();
    if (hasInline && hasFile) {
      problems.add(name + ", " + name + "_file: both are set; keep only one of them.");
      return null;
    }
    if (hasInline) {
      if (!inline.isValueNode() || inline.asText().isBlank()) {
        problems.add(name + ": expected the credential as a non-empty string; write it in quotes.");
        return null;
      }
      String s = inline.asText().strip();
      Secrets.register(s);
      return s;
    }
    if (hasFile) {
      Path p;
      try {
        p = workDir.resolve(file.asText().trim()).normalize();
      } catch (InvalidPathException e) {
        problems.add(name + "_file: \"" + file.asText() + "\" is not a valid path; fix it.");
        return null;
      }
      try {
        String s = Files.readString(p, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
          problems.add(name + "_file: the file " + p + " is empty; put the credential in it.");
          return null;
        }
        Secrets.register(s);
        return s;
      } catch (IOException | RuntimeException e) {
        problems.add(
            name
                + "_file: the file "
                + p
                + " cannot be read ("
                + e.getClass().getSimpleName()
                + "); check the path and its permissions.");
        return null;
      }
    }
    return null;
  }

  private static Object value(Key k, ObjectNode node, Path workDir, List<String> problems) {
    JsonNode v = node.get(k.name());
    if (v == null || v.isNull()) {
      return null;
    }
    String name = "output." + k.name();
    String text = v.isValueNode() ? v.asText().trim() : null;
    switch (k.kind()) {
      case STRING -> {
        if (text == null) {
          problems.add(
              name + ": expected a single value, got a " + kind(v) + "; write it as key: value.");
          return null;
        }
        return text.isEmpty() ? null : text;
      }
      case BOOLEAN -> {
        if (v.isBoolean()) {
          return v.asBoolean();
        }
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
          return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
        }
        problems.add(name + ": \"" + v.asText() + "\" is not true or false; write true or false.");
        return null;
      }
      case INT, BYTES -> {
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
          n = v.asLong();
        } else if (text != null && text.matches("-?\\d{1,18}")) {
          n = Long.parseLong(text);
        } else {
          problems.add(
              name
                  + ": \""
                  + v.asText()
                  + "\" is not a whole number; write one from "
                  + k.min()
                  + " to "
                  + k.max()
                  + ".");
          return null;
        }
        if (n < k.min() || n > k.max()) {
          problems.add(
              name
                  + ": "
                  + n
                  + " is out of range; write a number from "
                  + k.min()
                  + " to "
                  + k.max()
                  + ".");
          return null;
        }
        return k.kind() == Kind.INT ? (Object) (int) n : (Object) n;
      }
      case DURATION -> {
        Duration d = text == null ? null : ConfigLoader.parseDuration(text);
        if (d == null) {
          problems.add(
              name
                  + ": \""
                  + v.asText()
                  + "\" is not a duration; write a number with a unit: 90s, 15m, 1h.");
          return null;
        }
        if (d.toMillis() < k.min()) {
          problems.add(name + ": " + text + " is too short; write at least " + k.min() + "ms.");
          return null;
        }
        return d;
      }
      case CHOICE -> {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (!k.allowed().contains(t)) {
          problems.add(
              name
                  + ": \""
                  + v.asText()
                  + "\" is not allowed; use one of "
                  + String.join(", ", k.allowed())
                  + ".");
          return null;
        }
        return t;
      }
      case PATH, FILE -> {
        if (text == null || text.isEmpty()) {
          problems.add(name + ": empty or not a path; give a path.");
          return null;
        }
        Path p;
        try {
          p = workDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
          problems.add(name + ": \"" + text + "\" is not a valid path; fix it.");
          return null;
        }
        if (k.kind() == Kind.FILE && (!Files.isRegularFile(p) || !Files.isReadable(p))) {
          problems.add(
              name
                  + ": the file "
                  + p
                  + " does not exist or cannot be read; give the path of a readable file.");
          return null;
        }
        return p;
      }
      case URL -> {
        return url(name, v, problems);
      }
      case URL_LIST -> {
        List<URI> out = new ArrayList<>();
        if (v.isArray()) {
          if (v.isEmpty()) {
            problems.add(name + ": an empty list; give at least one URL.");
            return null;
          }
          for (JsonNode e : v) {
            URI u = url(name, e, problems);
            if (u == null) {
              return null;
            }
            out.add(u);
          }
          return List.copyOf(out);
        }
        URI u = url(name, v, problems);
        return u == null ? null : List.of(u);
      }
      case MAP -> {
        if (!v.isObject()) {
          problems.add(
              name + ": expected a mapping, got a " + kind(v) + "; write it as name: value lines.");
          return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isValueNode()) {
            problems.add(
                name + "." + e.getKey() + ": expected a single value; write it as name: value.");
            return null;
          }
          m.put(e.getKey(), e.getValue().asText());
        }
        return Map.copyOf(m);
      }
      default -> throw new IllegalStateException("secret handled elsewhere");
    }
  }

  private static URI url(String name, JsonNode v, List<String> problems) {
    String text = v.isValueNode() ? v.asText().trim() : "";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      problems.add(
          name + ": \"" + text + "\" is not a valid URL; write it like https://host:port/path.");
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("https") && !scheme.equals("http")) || uri.getHost() == null) {
      problems.add(
          name
              + ": \""
              + text
              + "\" is not an http(s) URL with a host; write it like https://host:port/path.");
      return null;
    }
    if (uri.getUserInfo() != null) {
      problems.add(
          name + ": the URL carries a user name or password; give the credential in its own key.");
      return null;
    }
    if (scheme.equals("http") && !ConfigLoader.isLoopback(uri.getHost())) {
      problems.add(
          name
              + ": plain http:// is allowed only for loopback hosts, not "
              + uri.getHost()
              + "; use https://.");
      return null;
    }
    return uri;
  }

  private static String kind(JsonNode v) {
    if (v.isArray()) {
      return "list";
    }
    if (v.isObject()) {
      return "mapping";
    }
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
