package io.github.docusigncollector.sink.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.sink.EnvelopeFields;
import io.github.docusigncollector.users.UserRecords;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code _id} of an event's document, the same every time the same event is delivered, so that
 * a re-sent event is a 409 on {@code create}: a customer event's {@code eventId}; an audit user's
 * id plus a hash of the record's content (the fields the collector adds left out, so a user whose
 * {@code _time} is the collection time still gets the same id); anything else a hash of its bytes.
 */
final class DocumentIds {
  /** OpenSearch 2.9+ refuses an {@code _id} longer than 512 bytes. */
  private static final int MAX_ID_BYTES = 512;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MessageDigest sha256;

  DocumentIds() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The id of the event {@code data[start..end)}, whose fields {@code fields} has just read. */
  String id(EnvelopeFields fields, byte[] data, int start, int end) {
    String eventId = fields.eventId();
    if (eventId != null && !eventId.isEmpty() && eventId.length() * 3 <= MAX_ID_BYTES) {
      return eventId;
    }
    String user = fields.userId();
    if (user != null
        && !user.isEmpty()
        && user.length() * 3 <= MAX_ID_BYTES - 40
        && EventType.AUDIT_USERS.sourceLogType().equals(fields.sourceLogType())) {
      try {
        JsonNode record = JSON.readTree(data, start, end - start);
        if (record instanceof ObjectNode o) {
          return user + "-" + UserRecords.contentHash(o);
        }
      } catch (IOException e) {
        // not readable as a tree: the hash of its bytes below
      }
    }
    sha256.reset();
    sha256.update(data, start, end - start);
    return "sha256-" + HexFormat.of().formatHex(sha256.digest(), 0, 20);
  }
}
