package io.github.docusigncollector.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one collection cycle did: events delivered per configured type, whether the API budget or a
 * long throttle ended it early, which types failed and why, whether a stop request cut it short.
 */
public record CycleResult(
    Map<EventType, Long> delivered,
    boolean throttled,
    Map<EventType, CollectorException> errors,
    boolean stopped,
    boolean caughtUp) {

  public CycleResult {
    delivered = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(delivered));
    errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  /** 0, or the exit code of the failures: configuration (2) before authorization (3) before 1. */
  public int exitCode() {
    int code = 0;
    for (CollectorException e : errors.values()) {
      int c = e.exitCode() == 0 ? CollectorException.OPERATIONAL : e.exitCode();
      code = rank(c) > rank(code) ? c : code;
    }
    return code;
  }

  /** The worse of two exit codes: configuration (2) before authorization (3) before 1 before 0. */
  public static int worst(int a, int b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(int code) {
    return switch (code) {
      case 0 -> 0;
      case CollectorException.OPERATIONAL -> 1;
      case CollectorException.AUTH -> 2;
      case CollectorException.CONFIG -> 3;
      default -> 1;
    };
  }

  public long total() {
    return delivered.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The one-line JSON summary of SPEC §2. */
  public String summaryJson() {
    return summaryJson(null);
  }

  /**
   * The summary of one account of a configuration with {@code accounts:} (SPEC §9): the same, with
   * {@code "account"} first; {@code account} null gives the single-account summary.
   */
  public String summaryJson(String account) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode s = json.createObjectNode();
    if (account != null) {
      s.put("account", account);
    }
    delivered.forEach((t, n) -> s.put(t.key(), n));
    if (throttled) {
      s.put("throttled", true);
    }
    if (!errors.isEmpty()) {
      ObjectNode e = s.putObject("errors");
      errors.forEach((t, ex) -> e.put(t.key(), ex.getMessage()));
    }
    return s.toString();
  }
}
