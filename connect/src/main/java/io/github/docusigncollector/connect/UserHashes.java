package io.github.docusigncollector.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The audit-user dedupe memory in a form that fits a Connect offset: per user, a 64-bit hash of the
 * user id and the 128-bit content hash of the record last delivered ({@code
 * UserRecords.contentHash}), 24 bytes instead of about 74 as JSON. At most {@link #CAPACITY} users
 * are kept, the most recently delivered: 7,500 users take 240,000 base64 characters, under the 256
 * KiB an offset may hold. A user forgotten beyond that (organizations of more users, during their
 * first pass) is delivered again when the Admin API lists it again: a repeat, never a loss.
 *
 * <p>Seen by {@code AuditUsersPass} as a read-only map from user id to content hash; only {@link
 * #get} is served.
 */
final class UserHashes extends AbstractMap<String, String> {
  static final int CAPACITY = 7_500;
  private static final HexFormat HEX = HexFormat.of();

  private final int capacity;
  private final LinkedHashMap<Long, byte[]> byId = new LinkedHashMap<>();
  private final MessageDigest sha256;

  UserHashes(int capacity) {
    this.capacity = capacity;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  UserHashes() {
    this(CAPACITY);
  }

  private long idHash(String id) {
    byte[] d = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(d, 0, 8).getLong();
  }

  @Override
  public String get(Object id) {
    if (!(id instanceof String s)) {
      return null;
    }
    byte[] h = byId.get(idHash(s));
    return h == null ? null : HEX.formatHex(h);
  }

  @Override
  public int size() {
    return byId.size();
  }

  /** Records the content hashes (hex, 32 digits) of users just delivered. */
  void record(Map<String, String> delivered) {
    for (Map.Entry<String, String> e : delivered.entrySet()) {
      Long k = idHash(e.getKey());
      byId.remove(k);
      byId.put(k, HEX.parseHex(e.getValue()));
    }
    trim();
  }

  private void trim() {
    int excess = byId.size() - capacity;
    Iterator<Long> it = byId.keySet().iterator();
    while (excess-- > 0) {
      it.next();
      it.remove();
    }
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    throw new UnsupportedOperationException("user hashes are looked up by id only");
  }

  /** Base64 of 24 bytes per user: id hash, then content hash; oldest first. */
  String encode() {
    ByteBuffer b = ByteBuffer.allocate(byId.size() * 24);
    for (Map.Entry<Long, byte[]> e : byId.entrySet()) {
      b.putLong(e.getKey());
      b.put(e.getValue());
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  static UserHashes decode(String text) {
    UserHashes out = new UserHashes();
    if (text == null || text.isEmpty()) {
      return out;
    }
    byte[] bytes = Base64.getDecoder().decode(text);
    if (bytes.length % 24 != 0) {
      throw new IllegalArgumentException("user hashes: not a whole number of 24-byte entries");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      long k = b.getLong();
      byte[] h = new byte[16];
      b.get(h);
      out.byId.put(k, h);
    }
    out.trim();
    return out;
  }
}
