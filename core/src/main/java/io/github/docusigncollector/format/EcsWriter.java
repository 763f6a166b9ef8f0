package io.github.docusigncollector.format;

import static io.github.docusigncollector.format.OcsfWriter.first;
import static io.github.docusigncollector.format.OcsfWriter.ip;
import static io.github.docusigncollector.format.OcsfWriter.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.docusigncollector.format.MappingTable.Kind;
import io.github.docusigncollector.format.MappingTable.Verb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the ECS 9.4.0 fields of one event (all but {@code docusign}, which the caller adds: the
 * original record). What goes where is described field by field in {@code docs/event-mapping.md}.
 */
final class EcsWriter {
  /** The ECS version the events follow (and are validated against in the tests). */
  static final String VERSION = "9.4.0";

  private EcsWriter() {}

  static void customerEvent(
      CustomerEvent e, Kind kind, Verb verb, String timestamp, String account, JsonGenerator g)
      throws IOException {
    g.writeStringField("@timestamp", timestamp);
    ecs(g);
    g.writeObjectFieldStart("event");
    categorization(g, kind, verb);
    if (e.action != null) {
      g.writeStringField("action", e.action);
    }
    int status = MappingTable.statusId(e.result);
    if (status == 1 || status == 2) {
      g.writeStringField("outcome", status == 1 ? "success" : "failure");
    }
    g.writeStringField("dataset", "docusign.monitor");
    g.writeStringField("module", "docusign");
    if (e.eventId != null) {
      g.writeStringField("id", e.eventId);
    }
    if (kind == Kind.MONITOR_ALERT) {
      int sev = MappingTable.severityId(e.severity);
      if (sev > 0) {
        g.writeNumberField("severity", sev);
      }
    }
    if (e.failureReason != null) {
      g.writeStringField("reason", e.failureReason);
    }
    g.writeEndObject();
    g.writeStringField("message", OcsfWriter.message(e));
    if (kind == Kind.MONITOR_ALERT) {
      g.writeObjectFieldStart("rule");
      g.writeStringField(
          "name", first(e.alertName, e.property, e.action, "DocuSign Monitor alert"));
      g.writeEndObject();
    }
    String target = e.targetUserId();
    if (e.userId != null || target != null || e.affectedUserEmail != null) {
      g.writeObjectFieldStart("user");
      if (e.userId != null) {
        g.writeStringField("id", e.userId);
      }
      if (target != null || e.affectedUserEmail != null) {
        g.writeObjectFieldStart("target");
        if (target != null) {
          g.writeStringField("id", target);
        }
        if (e.affectedUserEmail != null) {
          g.writeStringField("email", e.affectedUserEmail);
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    if (kind == Kind.GROUP_CHANGE && (e.groupId != null || e.groupName != null)) {
      g.writeObjectFieldStart("group");
      if (e.groupId != null) {
        g.writeStringField("id", e.groupId);
      }
      if (e.groupName != null) {
        g.writeStringField("name", e.groupName);
      }
      g.writeEndObject();
    }
    String ip = ip(e.ipAddress);
    if (ip != null) {
      g.writeObjectFieldStart("source");
      g.writeStringField("ip", ip);
      if (e.city != null || e.state != null || e.country != null || e.hasCoordinates()) {
        g.writeObjectFieldStart("geo");
        if (e.city != null) {
          g.writeStringField("city_name", e.city);
        }
        if (e.state != null) {
          g.writeStringField("region_name", e.state);
        }
        if (e.country != null) {
          g.writeStringField(
              isIsoCountry(e.country) ? "country_iso_code" : "country_name", e.country);
        }
        if (e.hasCoordinates()) {
          g.writeObjectFieldStart("location");
          g.writeNumberField("lat", e.latitude);
          g.writeNumberField("lon", e.longitude);
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    if (e.userAgent != null) {
      g.writeObjectFieldStart("user_agent");
      g.writeStringField("original", e.userAgent);
      if (e.browser != null) {
        g.writeStringField("name", e.browser);
      }
      if (e.os != null) {
        g.writeObjectFieldStart("os");
        g.writeStringField("name", e.os);
        g.writeEndObject();
      }
      if (e.device != null) {
        g.writeObjectFieldStart("device");
        g.writeStringField("name", e.device);
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    String org = OcsfWriter.tenant(e);
    if (org != null) {
      g.writeObjectFieldStart("organization");
      g.writeStringField("id", org);
      g.writeEndObject();
    }
    List<String> users = new ArrayList<>(3);
    addDistinct(users, e.userId);
    addDistinct(users, target);
    addDistinct(users, e.affectedUserEmail);
    if (!users.isEmpty() || ip != null) {
      g.writeObjectFieldStart("related");
      if (!users.isEmpty()) {
        g.writeArrayFieldStart("user");
        for (String u : users) {
          g.writeString(u);
        }
        g.writeEndArray();
      }
      if (ip != null) {
        g.writeArrayFieldStart("ip");
        g.writeString(ip);
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    labels(g, account);
  }

  static void auditUser(JsonNode u, String timestamp, String account, JsonGenerator g)
      throws IOException {
    g.writeStringField("@timestamp", timestamp);
    ecs(g);
    g.writeObjectFieldStart("event");
    categorization(g, Kind.AUDIT_USER, Verb.OTHER);
    g.writeStringField("action", "user-state");
    g.writeStringField("dataset", "docusign.audit_users");
    g.writeStringField("module", "docusign");
    g.writeEndObject();
    String id = first(text(u, "id"), text(u, "userId"));
    String email = text(u, "email");
    String fullName = first(text(u, "user_name"), text(u, "userName"));
    g.writeStringField(
        "message",
        "DocuSign user " + first(email, fullName, id, "(no id)") + " as of its last change");
    g.writeObjectFieldStart("user");
    if (id != null) {
      g.writeStringField("id", id);
    }
    if (email != null) {
      g.writeStringField("name", email);
      g.writeStringField("email", email);
    }
    if (fullName != null) {
      g.writeStringField("full_name", fullName);
    }
    String profile = text(u, "permissionProfileName");
    if (profile != null) {
      g.writeArrayFieldStart("roles");
      g.writeString(profile);
      g.writeEndArray();
    }
    g.writeEndObject();
    List<String> users = new ArrayList<>(2);
    addDistinct(users, id);
    addDistinct(users, email);
    if (!users.isEmpty()) {
      g.writeObjectFieldStart("related");
      g.writeArrayFieldStart("user");
      for (String s : users) {
        g.writeString(s);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    labels(g, account);
  }

  private static void ecs(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("ecs");
    g.writeStringField("version", VERSION);
    g.writeEndObject();
  }

  private static void categorization(JsonGenerator g, Kind kind, Verb verb) throws IOException {
    g.writeStringField("kind", kind.ecsKind);
    if (kind.ecsCategory != null) {
      g.writeArrayFieldStart("category");
      g.writeString(kind.ecsCategory);
      g.writeEndArray();
      g.writeArrayFieldStart("type");
      for (String t : kind.ecsTypes(verb)) {
        g.writeString(t);
      }
      g.writeEndArray();
    }
  }

  private static void labels(JsonGenerator g, String account) throws IOException {
    if (account == null) {
      return;
    }
    g.writeObjectFieldStart("labels");
    g.writeStringField("docusign_account", account);
    g.writeEndObject();
  }

  private static void addDistinct(List<String> list, String s) {
    if (s != null && !list.contains(s)) {
      list.add(s);
    }
  }

  private static boolean isIsoCountry(String c) {
    return c.length() == 2
        && Character.isUpperCase(c.charAt(0))
        && Character.isUpperCase(c.charAt(1));
  }
}
