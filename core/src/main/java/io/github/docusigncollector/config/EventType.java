package io.github.docusigncollector.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The two kinds of DocuSign security data the collector reads, and the OAuth scopes each needs. */
public enum EventType {
  CUSTOMER_EVENTS("customer_events", "customerevent", List.of("signature", "impersonation")),
  AUDIT_USERS(
      "audit_users",
      "auditusers",
      List.of("signature", "impersonation", "organization_read", "user_read"));

  private final String key;
  private final String sourceLogType;
  private final List<String> scopes;

  EventType(String key, String sourceLogType, List<String> scopes) {
    this.key = key;
    this.sourceLogType = sourceLogType;
    this.scopes = scopes;
  }

  /** The name used in configuration, on the command line and in summaries. */
  public String key() {
    return key;
  }

  /** The value of the {@code source_log_type} field added to each delivered event. */
  public String sourceLogType() {
    return sourceLogType;
  }

  public List<String> scopes() {
    return scopes;
  }

  public static Optional<EventType> fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
  }

  /** The union of the scopes the given types need, in a stable order. */
  public static Set<String> scopesFor(Collection<EventType> types) {
    Set<String> scopes = new LinkedHashSet<>();
    for (EventType t : types) {
      scopes.addAll(t.scopes);
    }
    return scopes;
  }

  @Override
  public String toString() {
    return key;
  }
}
