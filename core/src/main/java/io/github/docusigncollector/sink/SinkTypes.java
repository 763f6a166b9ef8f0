package io.github.docusigncollector.sink;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The registry of sink types: every {@link SinkType} that {@link ServiceLoader} finds. */
public final class SinkTypes {
  private static volatile Map<String, SinkType> all;

  private SinkTypes() {}

  /** Every known type by name, sorted. */
  public static Map<String, SinkType> all() {
    Map<String, SinkType> m = all;
    if (m == null) {
      TreeMap<String, SinkType> found = new TreeMap<>();
      ClassLoader cl = SinkTypes.class.getClassLoader();
      for (SinkType t : ServiceLoader.load(SinkType.class, cl)) {
        found.putIfAbsent(t.type(), t);
      }
      m = Collections.unmodifiableMap(found);
      all = m;
    }
    return m;
  }

  /** The type named {@code name}, or null. */
  public static SinkType get(String name) {
    return all().get(name);
  }
}
