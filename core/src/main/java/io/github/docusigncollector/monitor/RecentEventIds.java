package io.github.docusigncollector.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The ids of the most recently delivered events, oldest first, bounded: the memory that lets
 * overlapping Monitor pages be delivered without repeats. Adding an id already held moves it to the
 * newest end; beyond the capacity the oldest are forgotten. Not thread-safe (several readers at
 * once are fine).
 *
 * <p>Compact: an event id is a GUID, so an id in the canonical 36-character form (all lower-case or
 * all upper-case hex digits) is held as its 128 bits in two {@code long}s, and written back exactly
 * as it came; any other id is held as its string. 10,000 GUIDs take about 250 KB (ring and index)
 * where strings in a linked hash map took about 2 MB. The ids sit in a ring in delivery order; an
 * id added again leaves a dead slot behind, and the ring is compacted when it is full. An
 * open-addressing table of slot numbers finds an id. A {@link Snapshot} shares the ring until the
 * next change, which copies it (copy on write).
 */
public final class RecentEventIds {
  /** At least this many of the last delivered ids are kept (SPEC §4.2). */
  public static final int DEFAULT_CAPACITY = 10_000;

  static final byte DEAD = 0;
  static final byte LOWER = 1;
  static final byte UPPER = 2;
  static final byte TEXT = 3;

  private final int capacity;

  // The ring: slot (head + k) % ring for k < used, oldest first; `live` of them are not dead.
  private long[] hi;
  private long[] lo;
  private byte[] kind;
  private String[] texts; // only once an id that is not a canonical GUID was added
  private int head;
  private int used;
  private int live;

  // The ring's arrays are shared with the last snapshot until the next change copies them: between
  // cycles, the memory and the checkpoint hold one copy of the ids.
  private boolean shared;

  // Slot + 1 of every live id, by hash, linear probing (0 = empty).
  private final int[] table;
  private final int mask;

  public RecentEventIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    int ring = capacity + Math.max(16, capacity / 8);
    hi = new long[ring];
    lo = new long[ring];
    kind = new byte[ring];
    // At most capacity + 1 live ids (for a moment), so the table stays at most three quarters full.
    int size = Integer.highestOneBit((capacity + 1) * 4 / 3 + 1) << 1;
    table = new int[size];
    mask = size - 1;
  }

  public RecentEventIds() {
    this(DEFAULT_CAPACITY);
  }

  public boolean contains(String id) {
    Key k = Key.of(id);
    return find(k) >= 0;
  }

  /** Records delivered ids in delivery order, forgetting the oldest beyond the capacity. */
  public void addAll(Collection<String> delivered) {
    for (String id : delivered) {
      add(Key.of(id));
    }
  }

  /** Records the ids of a snapshot (oldest first), as {@link #addAll} would their strings. */
  public void addAll(Snapshot snapshot) {
    Key k = new Key();
    for (int j = 0; j < snapshot.used; j++) {
      int s = snapshot.slot(j);
      if (snapshot.kind[s] == DEAD) {
        continue;
      }
      k.kind = snapshot.kind[s];
      k.hi = snapshot.hi[s];
      k.lo = snapshot.lo[s];
      k.text = snapshot.texts == null ? null : snapshot.texts[s];
      add(k);
    }
  }

  public int size() {
    return live;
  }

  /** The ids, oldest first. */
  public List<String> toList() {
    return snapshot().ids();
  }

  /** The ids as they are now, to be written as a JSON array of strings. */
  public Snapshot snapshot() {
    shared = true;
    return new Snapshot(hi, lo, kind, texts, head, used, live);
  }

  // ---- the ring

  private int slot(int k) {
    int s = head + k;
    return s < hi.length ? s : s - hi.length;
  }

  private void add(Key k) {
    if (shared) {
      hi = hi.clone();
      lo = lo.clone();
      kind = kind.clone();
      texts = texts == null ? null : texts.clone();
      shared = false;
    }
    int found = find(k);
    if (found >= 0) {
      unlink(found);
      kind[found] = DEAD;
      if (texts != null) {
        texts[found] = null;
      }
      live--;
    }
    if (used == hi.length) {
      compact();
    }
    int s = slot(used++);
    kind[s] = k.kind;
    hi[s] = k.hi;
    lo[s] = k.lo;
    if (k.kind == TEXT) {
      if (texts == null) {
        texts = new String[hi.length];
      }
      texts[s] = k.text;
    }
    link(s, k.hash());
    live++;
    while (live > capacity) {
      evictOldest();
    }
  }

  private void evictOldest() {
    int s = head;
    if (kind[s] != DEAD) {
      unlink(s);
      kind[s] = DEAD;
      if (texts != null) {
        texts[s] = null;
      }
      live--;
    }
    head = head + 1 == hi.length ? 0 : head + 1;
    used--;
  }

  /** Moves the live slots to the start of the ring, in order, and indexes them again. */
  private void compact() {
    int n = live;
    long[] h = new long[n];
    long[] l = new long[n];
    byte[] kinds = new byte[n];
    String[] t = texts == null ? null : new String[n];
    int j = 0;
    for (int k = 0; k < used; k++) {
      int s = slot(k);
      if (kind[s] != DEAD) {
        h[j] = hi[s];
        l[j] = lo[s];
        kinds[j] = kind[s];
        if (t != null) {
          t[j] = texts[s];
        }
        j++;
      }
    }
    Arrays.fill(kind, DEAD);
    Arrays.fill(table, 0);
    if (texts != null) {
      Arrays.fill(texts, null);
    }
    System.arraycopy(h, 0, hi, 0, n);
    System.arraycopy(l, 0, lo, 0, n);
    System.arraycopy(kinds, 0, kind, 0, n);
    if (t != null) {
      System.arraycopy(t, 0, texts, 0, n);
    }
    head = 0;
    used = n;
    for (int s = 0; s < n; s++) {
      link(s, hashOf(s));
    }
  }

  // ---- the index

  private int hashOf(int s) {
    return kind[s] == TEXT ? Key.hashText(texts[s]) : Key.hashBits(kind[s], hi[s], lo[s]);
  }

  private boolean matches(int s, Key k) {
    if (kind[s] != k.kind) {
      return false;
    }
    return k.kind == TEXT ? texts[s].equals(k.text) : hi[s] == k.hi && lo[s] == k.lo;
  }

  /** The slot holding {@code k}, or -1. */
  private int find(Key k) {
    if (live == 0) {
      return -1;
    }
    int i = k.hash() & mask;
    while (true) {
      int e = table[i];
      if (e == 0) {
        return -1;
      }
      if (matches(e - 1, k)) {
        return e - 1;
      }
      i = (i + 1) & mask;
    }
  }

  private void link(int s, int hash) {
    int i = hash & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = s + 1;
  }

  /** Removes slot {@code s} from the table, shifting back the entries probed past it. */
  private void unlink(int s) {
    int i = hashOf(s) & mask;
    while (table[i] != s + 1) {
      i = (i + 1) & mask;
    }
    int gap = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      int e = table[j];
      if (e == 0) {
        break;
      }
      int home = hashOf(e - 1) & mask;
      // The entry at j may fill the gap when its home is not cyclically within (gap, j].
      boolean between = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
      if (!between) {
        table[gap] = e;
        gap = j;
      }
    }
    table[gap] = 0;
  }

  // ---- ids as bits

  /** An id as the ring holds it. */
  static final class Key {
    byte kind;
    long hi;
    long lo;
    String text;

    static Key of(String id) {
      Key k = new Key();
      if (id.length() == 36 && parseGuid(id, k)) {
        return k;
      }
      k.kind = TEXT;
      k.text = id;
      return k;
    }

    int hash() {
      return kind == TEXT ? hashText(text) : hashBits(kind, hi, lo);
    }

    static int hashBits(byte kind, long hi, long lo) {
      long x = hi * 0x9E3779B97F4A7C15L ^ lo ^ kind;
      x ^= x >>> 31;
      x *= 0xBF58476D1CE4E5B9L;
      x ^= x >>> 29;
      return (int) x;
    }

    static int hashText(String text) {
      int h = text.hashCode() * 0x9E3779B9;
      return h ^ (h >>> 16);
    }

    /** 8-4-4-4-12 hex digits, letters all lower or all upper case (digits alone: lower). */
    private static boolean parseGuid(String s, Key k) {
      long h = 0;
      long l = 0;
      boolean lower = false;
      boolean upper = false;
      int digits = 0;
      for (int i = 0; i < 36; i++) {
        char c = s.charAt(i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          if (c != '-') {
            return false;
          }
          continue;
        }
        int v;
        if (c >= '0' && c <= '9') {
          v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
          v = c - 'a' + 10;
          lower = true;
        } else if (c >= 'A' && c <= 'F') {
          v = c - 'A' + 10;
          upper = true;
        } else {
          return false;
        }
        if (digits < 16) {
          h = h << 4 | v;
        } else {
          l = l << 4 | v;
        }
        digits++;
      }
      if (lower && upper) {
        return false;
      }
      k.kind = upper ? UPPER : LOWER;
      k.hi = h;
      k.lo = l;
      return true;
    }
  }

  private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  /** Writes the GUID of {@code hi}/{@code lo} into {@code out[0..36)}. */
  static void formatGuid(byte kind, long hi, long lo, char[] out) {
    char[] hex = kind == UPPER ? UPPER_HEX : LOWER_HEX;
    int p = 0;
    for (int d = 0; d < 32; d++) {
      if (d == 8 || d == 12 || d == 16 || d == 20) {
        out[p++] = '-';
      }
      long word = d < 16 ? hi : lo;
      int shift = (15 - (d & 15)) * 4;
      out[p++] = hex[(int) (word >>> shift) & 0xF];
    }
  }

  /**
   * The ids at one moment, oldest first, immutable; serializes as a JSON array of strings, each id
   * exactly as it was added.
   */
  public static final class Snapshot extends JsonSerializable.Base {
    private final long[] hi;
    private final long[] lo;
    private final byte[] kind;
    private final String[] texts;
    private final int head;
    private final int used;
    private final int live;

    private Snapshot(
        long[] hi, long[] lo, byte[] kind, String[] texts, int head, int used, int live) {
      this.hi = hi;
      this.lo = lo;
      this.kind = kind;
      this.texts = texts;
      this.head = head;
      this.used = used;
      this.live = live;
    }

    private int slot(int k) {
      int s = head + k;
      return s < kind.length ? s : s - kind.length;
    }

    /** How many ids. */
    public int size() {
      return live;
    }

    /** The ids, oldest first. */
    public List<String> ids() {
      List<String> out = new ArrayList<>(live);
      char[] buf = new char[36];
      for (int k = 0; k < used; k++) {
        int i = slot(k);
        if (kind[i] == TEXT) {
          out.add(texts[i]);
        } else if (kind[i] != DEAD) {
          formatGuid(kind[i], hi[i], lo[i], buf);
          out.add(new String(buf));
        }
      }
      return out;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
      g.writeStartArray(this, live);
      char[] buf = new char[36];
      for (int k = 0; k < used; k++) {
        int i = slot(k);
        if (kind[i] == TEXT) {
          g.writeString(texts[i]);
        } else if (kind[i] != DEAD) {
          formatGuid(kind[i], hi[i], lo[i], buf);
          g.writeString(buf, 0, 36);
        }
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
