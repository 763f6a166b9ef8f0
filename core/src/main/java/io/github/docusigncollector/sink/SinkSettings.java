package io.github.docusigncollector.sink;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated {@code output.*} values of one sink, typed by its {@link SinkKeys} declaration
 * (defaults filled in; an unset optional key is {@code null}). Its {@code toString} shows secrets
 * as {@code ***}.
 */
public final class SinkSettings {
  private final String type;
  private final Map<String, Object> values;
  private final SinkKeys keys;

  public SinkSettings(String type, Map<String, Object> values, SinkKeys keys) {
    this.type = type;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.keys = keys;
  }

  /** The sink type ({@code output.type}). */
  public String type() {
    return type;
  }

  public SinkKeys keys() {
    return keys;
  }

  /** Whether the key is declared and has a value (its own or a default). */
  public boolean has(String key) {
    return values.get(key) != null;
  }

  private Object get(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("output type " + type + " declares no key " + key);
    }
    return values.get(key);
  }

  public String string(String key) {
    Object v = get(key);
    return v == null ? null : v.toString();
  }

  /** A credential (never log it: it is registered for redaction, but still). */
  public String secret(String key) {
    return string(key);
  }

  public int integer(String key) {
    return ((Number) get(key)).intValue();
  }

  public long bytes(String key) {
    return ((Number) get(key)).longValue();
  }

  public boolean bool(String key) {
    Object v = get(key);
    return v != null && (Boolean) v;
  }

  public Duration duration(String key) {
    return (Duration) get(key);
  }

  public Path path(String key) {
    return (Path) get(key);
  }

  public URI uri(String key) {
    Object v = get(key);
    if (v instanceof List<?> l) {
      return l.isEmpty() ? null : (URI) l.get(0);
    }
    return (URI) v;
  }

  @SuppressWarnings("unchecked")
  public List<URI> uris(String key) {
    Object v = get(key);
    if (v == null) {
      return List.of();
    }
    return v instanceof URI u ? List.of(u) : (List<URI>) v;
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> map(String key) {
    Object v = get(key);
    return v == null ? Map.of() : (Map<String, String>) v;
  }

  /** A copy with one value replaced (tests, {@code demo}, {@code bench}). */
  public SinkSettings with(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    m.put(key, value);
    return new SinkSettings(type, m, keys);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{type=").append(type);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      SinkKeys.Key k = keys.key(e.getKey());
      b.append(", ").append(e.getKey()).append('=');
      b.append(k != null && k.secret() && e.getValue() != null ? "***" : e.getValue());
    }
    return b.append('}').toString();
  }
}
