package io.github.docusigncollector.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The dedupe memory of the Monitor stream in a form that fits a Connect offset: the last {@link
 * #CAPACITY} delivered event ids as 64-bit hashes (the first 8 bytes of their SHA-256), oldest
 * first. The collector's {@code RecentEventIds} writes each id as its JSON string, 39 bytes for a
 * GUID, 390 KB for 10,000 ids; here they take 8 bytes each, 107 KB in base64. Two different ids
 * collide with probability 2^-64 per pair: the chance that one event of a stream is taken for one
 * of the 10,000 remembered is about 5 * 10^-16. Not thread-safe.
 */
final class IdHashes {
  /** As many ids as the collector remembers (SPEC §4.2). */
  static final int CAPACITY = 10_000;

  private final int capacity;
  private final LinkedHashSet<Long> hashes = new LinkedHashSet<>();
  private final MessageDigest sha256;

  IdHashes(int capacity) {
    this.capacity = capacity;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  IdHashes() {
    this(CAPACITY);
  }

  long hash(String id) {
    byte[] d = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(d, 0, 8).getLong();
  }

  boolean contains(String id) {
    return hashes.contains(hash(id));
  }

  /** Records delivered ids in delivery order, forgetting the oldest beyond the capacity. */
  void addAll(Iterable<String> ids) {
    for (String id : ids) {
      Long h = hash(id);
      hashes.remove(h);
      hashes.add(h);
    }
    int excess = hashes.size() - capacity;
    Iterator<Long> it = hashes.iterator();
    while (excess-- > 0) {
      it.next();
      it.remove();
    }
  }

  int size() {
    return hashes.size();
  }

  /** Base64 of the hashes, 8 bytes each, big-endian, oldest first. */
  String encode() {
    ByteBuffer b = ByteBuffer.allocate(hashes.size() * 8);
    for (long h : hashes) {
      b.putLong(h);
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  /**
   * The hashes {@link #encode} wrote; an unreadable text is an {@link IllegalArgumentException}.
   */
  static IdHashes decode(String text) {
    IdHashes out = new IdHashes();
    if (text == null || text.isEmpty()) {
      return out;
    }
    byte[] bytes = Base64.getDecoder().decode(text);
    if (bytes.length % 8 != 0) {
      throw new IllegalArgumentException("recent id hashes: not a whole number of 8-byte hashes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      out.hashes.add(b.getLong());
    }
    int excess = out.hashes.size() - out.capacity;
    Iterator<Long> it = out.hashes.iterator();
    while (excess-- > 0) {
      it.next();
      it.remove();
    }
    return out;
  }
}
