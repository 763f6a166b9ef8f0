package io.github.docusigncollector.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The ids of the most recently delivered events, oldest first, bounded: the memory that lets
 * overlapping Monitor pages be delivered without repeats. Each id keeps its JSON encoding, because
 * all of them are written into every checkpoint. Not thread-safe.
 */
public final class RecentEventIds {
  /** At least this many of the last delivered ids are kept (SPEC §4.2). */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final LinkedHashMap<String, SerializedString> ids = new LinkedHashMap<>();

  public RecentEventIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  public RecentEventIds() {
    this(DEFAULT_CAPACITY);
  }

  public boolean contains(String id) {
    return ids.containsKey(id);
  }

  /** Records delivered ids in delivery order, forgetting the oldest beyond the capacity. */
  public void addAll(Collection<String> delivered) {
    for (String id : delivered) {
      SerializedString json = ids.remove(id);
      ids.put(id, json != null ? json : new SerializedString(id));
    }
    int excess = ids.size() - capacity;
    var it = ids.keySet().iterator();
    while (excess-- > 0) {
      it.next();
      it.remove();
    }
  }

  public int size() {
    return ids.size();
  }

  /** The ids, oldest first. */
  public List<String> toList() {
    return new ArrayList<>(ids.keySet());
  }

  /** The ids as they are now, to be written as a JSON array of strings. */
  public Snapshot snapshot() {
    return new Snapshot(List.copyOf(ids.values()));
  }

  /** The ids at one moment, oldest first; serializes as a JSON array of strings. */
  public static final class Snapshot extends JsonSerializable.Base {
    private final List<SerializedString> ids;

    private Snapshot(List<SerializedString> ids) {
      this.ids = ids;
    }

    /** The ids, oldest first. */
    public List<String> ids() {
      List<String> out = new ArrayList<>(ids.size());
      for (SerializedString s : ids) {
        out.add(s.getValue());
      }
      return out;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
      g.writeStartArray(this, ids.size());
      for (SerializedString s : ids) {
        g.writeString(s);
      }
      g.writeEndArray();
    }

    @Override
    public void serializeWithType(
        JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
      serialize(g, provider);
    }
  }
}
