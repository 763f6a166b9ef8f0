package io.github.docusigncollector.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Source partitions and offsets (SPEC §12). A partition is {@code {account, type}}; its offset is
 * {@code {v: 1, checkpoint: "<JSON>"}}, the stream's checkpoint as one string, so that Connect
 * stores it whatever its shape and a later version can read an older one.
 */
final class Offsets {
  /** The version of the checkpoint's layout written into every offset. */
  static final int VERSION = 1;

  /** The most an offset may hold (the checkpoint's UTF-8 bytes). */
  static final int MAX_BYTES = 256 * 1024;

  static final String ACCOUNT = "account";
  static final String TYPE = "type";
  static final String V = "v";
  static final String CHECKPOINT = "checkpoint";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Offsets() {}

  static Map<String, String> partition(String account, EventType type) {
    return Map.of(ACCOUNT, account, TYPE, type.key());
  }

  /** The offset holding {@code checkpoint}; one over {@link #MAX_BYTES} is a bug, refused. */
  static Map<String, Object> offset(ObjectNode checkpoint) {
    String text;
    try {
      text = JSON.writeValueAsString(checkpoint);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a checkpoint", e);
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new ConnectException(
          "a checkpoint of " + bytes + " bytes exceeds the offset bound of " + MAX_BYTES);
    }
    return Map.of(V, VERSION, CHECKPOINT, text);
  }

  /** The checkpoint an offset holds; an empty object for none; a foreign one is refused. */
  static ObjectNode checkpoint(Map<String, Object> offset, Map<String, String> partition) {
    if (offset == null) {
      return JSON.createObjectNode();
    }
    Object v = offset.get(V);
    Object text = offset.get(CHECKPOINT);
    if (!(v instanceof Number n) || n.intValue() != VERSION || !(text instanceof String s)) {
      throw new ConnectException(
          "the stored offset of "
              + partition
              + " is not one this connector version reads (v="
              + v
              + "); reset the connector's offsets or run the version that wrote them");
    }
    try {
      JsonNode node = JSON.readTree(s);
      if (node instanceof ObjectNode o) {
        return o;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw new ConnectException("the stored offset of " + partition + " is not a JSON object");
  }

  static ObjectNode newCheckpoint() {
    return JSON.createObjectNode();
  }
}
