package io.github.docusigncollector.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The ids of the most recently delivered events, oldest first, bounded: the memory that lets
 * overlapping Monitor pages be delivered without repeats. Not thread-safe.
 */
public final class RecentEventIds {
  /** At least this many of the last delivered ids are kept (SPEC §4.2). */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();

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
    return ids.contains(id);
  }

  /** Records delivered ids in delivery order, forgetting the oldest beyond the capacity. */
  public void addAll(Collection<String> delivered) {
    for (String id : delivered) {
      ids.remove(id);
      ids.add(id);
    }
    int excess = ids.size() - capacity;
    var it = ids.iterator();
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
    return new ArrayList<>(ids);
  }
}
