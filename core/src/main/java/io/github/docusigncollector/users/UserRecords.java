package io.github.docusigncollector.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.monitor.EventTime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The audit-user event: the Admin user object with the eSignature record's fields merged at the top
 * level (an Admin key wins a clash), {@code _time} and {@code source_log_type}; and the content
 * hash that tells whether a user's record changed since it was last delivered.
 */
public final class UserRecords {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Fields the collector adds; left out of the content hash. */
  private static final String[] ADDED = {"_time", "_time_source", "source_log_type"};

  /**
   * Top-level fields that a sign-in changes: not a modification of the user, so left out of the
   * content hash (a sign-in alone does not deliver the user again), though delivered with the
   * record. eSignature's {@code lastLogin} and {@code loginStatus}; {@code last_login} in case the
   * Admin user object carries it.
   */
  static final String[] SIGN_IN = {"lastLogin", "loginStatus", "last_login"};

  private UserRecords() {}

  /** The merged record without the added fields ({@code esign} may be null: user deleted). */
  public static ObjectNode merge(ObjectNode admin, ObjectNode esign) {
    ObjectNode merged = admin.deepCopy();
    for (String f : ADDED) {
      merged.remove(f);
    }
    if (esign != null) {
      Iterator<Map.Entry<String, JsonNode>> it = esign.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!merged.has(e.getKey()) && !isAdded(e.getKey())) {
          merged.set(e.getKey(), e.getValue());
        }
      }
    }
    return merged;
  }

  private static boolean isAdded(String key) {
    for (String f : ADDED) {
      if (f.equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** The epoch second of {@code userSettings.modifiedDate}, or {@link EventTime#INVALID}. */
  public static long modifiedEpoch(ObjectNode merged) {
    JsonNode m = merged.path("userSettings").path("modifiedDate");
    return m.isTextual() ? ModifiedDate.parseEpochSecond(m.asText()) : EventTime.INVALID;
  }

  /**
   * A hash of the record's content, the added fields and the sign-in fields ({@link #SIGN_IN}) left
   * out: two records with the same hash are the same version of the user.
   */
  public static String contentHash(ObjectNode record) {
    boolean hasLeftOut = false;
    for (String f : ADDED) {
      hasLeftOut |= record.has(f);
    }
    for (String f : SIGN_IN) {
      hasLeftOut |= record.has(f);
    }
    ObjectNode core = record;
    if (hasLeftOut) {
      core = record.deepCopy();
      for (String f : ADDED) {
        core.remove(f);
      }
      for (String f : SIGN_IN) {
        core.remove(f);
      }
    }
    try {
      byte[] bytes = JSON.writeValueAsBytes(core);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash a user record", e);
    }
  }

  /** The delivered line (without its newline): merged + {@code _time} + source_log_type. */
  public static byte[] toLine(ObjectNode merged, long collectedEpochSecond) {
    ObjectNode out = merged.deepCopy();
    long modified = modifiedEpoch(merged);
    if (modified != EventTime.INVALID) {
      out.put("_time", EventTime.format(modified));
    } else {
      out.put("_time", EventTime.format(collectedEpochSecond));
      out.put("_time_source", "collected");
    }
    out.put("source_log_type", EventType.AUDIT_USERS.sourceLogType());
    try {
      return JSON.writeValueAsString(out).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a user record", e);
    }
  }

  /** The user id of a record (the Admin API's {@code id}). */
  public static String id(JsonNode record) {
    JsonNode id = record.get("id");
    if (id == null || id.isNull()) {
      id = record.get("userId");
    }
    return id == null || id.isNull() ? null : id.asText();
  }
}
