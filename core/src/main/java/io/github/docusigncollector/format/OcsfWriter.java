package io.github.docusigncollector.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.docusigncollector.format.MappingTable.Kind;
import io.github.docusigncollector.format.MappingTable.OcsfClass;
import io.github.docusigncollector.format.MappingTable.Verb;
import java.io.IOException;

/**
 * Writes the OCSF 1.8.0 attributes of one event (all but {@code unmapped}, which the caller adds:
 * the original record). What goes where is described field by field in {@code
 * docs/event-mapping.md}.
 */
final class OcsfWriter {
  /** The OCSF schema version the events follow (and are validated against in the tests). */
  static final String VERSION = "1.8.0";

  private OcsfWriter() {}

  static void customerEvent(CustomerEvent e, Kind kind, Verb verb, long timeMillis, JsonGenerator g)
      throws IOException {
    OcsfClass c = kind.ocsfClass;
    int activity = kind.activityId(verb);
    int severity;
    if (kind == Kind.MONITOR_ALERT) {
      severity = MappingTable.severityId(e.severity);
    } else {
      severity = MappingTable.statusId(e.result) == 2 ? 2 : 1;
    }
    header(g, c, activity, activity == 99 && e.action != null ? e.action : null, severity);
    if (kind == Kind.MONITOR_ALERT) {
      g.writeNumberField("status_id", 1);
      g.writeStringField("status", "New");
    } else {
      int status = MappingTable.statusId(e.result);
      g.writeNumberField("status_id", status);
      g.writeStringField(
          "status",
          status == 1 ? "Success" : status == 2 ? "Failure" : status == 0 ? "Unknown" : e.result);
    }
    if (e.failureReason != null) {
      g.writeStringField("status_detail", e.failureReason);
    }
    g.writeNumberField("time", timeMillis);
    g.writeStringField("message", message(e));
    metadata(
        g, "DocuSign Monitor", e.eventId, e.sourceLogType, e.timestamp, tenant(e), eventCode(e));

    switch (kind) {
      case SIGN_IN, SIGN_OUT, API_KEY_USE -> {
        if (kind == Kind.API_KEY_USE && e.integratorKey != null) {
          g.writeObjectFieldStart("actor");
          g.writeStringField("app_uid", e.integratorKey);
          g.writeEndObject();
        }
        g.writeObjectFieldStart("user");
        userFields(g, e.userId, null);
        g.writeEndObject();
        g.writeObjectFieldStart("service");
        g.writeStringField("name", "DocuSign");
        if (e.site != null) {
          g.writeStringField("uid", e.site);
        }
        g.writeEndObject();
        if (kind == Kind.API_KEY_USE) {
          g.writeNumberField("auth_protocol_id", 6);
          g.writeStringField("auth_protocol", "OAUTH 2.0");
        }
        if (e.authenticationMethod != null) {
          String m = e.authenticationMethod.toLowerCase(java.util.Locale.ROOT);
          g.writeBooleanField("is_mfa", m.contains("factor") || m.contains("mfa"));
        }
        srcEndpoint(g, e, false);
        httpRequest(g, e);
      }
      case USER_CHANGE -> {
        actor(g, e);
        g.writeObjectFieldStart("user");
        String target = e.targetUserId();
        if (target != null) {
          userFields(g, target, e.affectedUserEmail);
        } else if (e.affectedUserEmail != null) {
          g.writeStringField("name", e.affectedUserEmail);
          if (email(e.affectedUserEmail) != null) {
            g.writeStringField("email_addr", e.affectedUserEmail);
          }
        } else {
          userFields(g, e.userId, null);
        }
        g.writeEndObject();
        srcEndpoint(g, e, false);
        httpRequest(g, e);
      }
      case GROUP_CHANGE -> {
        actor(g, e);
        g.writeObjectFieldStart("group");
        if (e.groupId == null && e.groupName == null) {
          g.writeStringField("name", "unknown");
        }
        if (e.groupName != null) {
          g.writeStringField("name", e.groupName);
        }
        if (e.groupId != null) {
          g.writeStringField("uid", e.groupId);
        }
        g.writeEndObject();
        String target = e.targetUserId();
        if (target != null) {
          g.writeObjectFieldStart("user");
          userFields(g, target, e.affectedUserEmail);
          g.writeEndObject();
        }
        srcEndpoint(g, e, false);
        httpRequest(g, e);
      }
      case PERMISSION_CHANGE, ACCOUNT_SETTINGS -> {
        actor(g, e);
        g.writeObjectFieldStart("entity");
        String name =
            kind == Kind.PERMISSION_CHANGE
                ? first(e.permissionProfileName, e.field, e.property, e.object)
                : first(e.settingsKey, e.field, e.property, e.action, e.object);
        g.writeStringField("name", name);
        String uid = kind == Kind.PERMISSION_CHANGE ? e.permissionProfileId : null;
        if (uid != null) {
          g.writeStringField("uid", uid);
        }
        g.writeStringField("type", e.object == null ? "Unknown" : e.object);
        g.writeEndObject();
        String comment = comment(e);
        if (comment != null) {
          g.writeStringField("comment", comment);
        }
        srcEndpoint(g, e, false);
        httpRequest(g, e);
      }
      case MONITOR_ALERT -> {
        g.writeObjectFieldStart("finding_info");
        g.writeStringField("uid", e.eventId == null ? "unknown" : e.eventId);
        g.writeStringField(
            "title", first(e.alertName, e.property, e.action, "DocuSign Monitor alert"));
        if (e.property != null) {
          g.writeArrayFieldStart("types");
          g.writeString(e.property);
          g.writeEndArray();
        }
        g.writeEndObject();
        g.writeBooleanField("is_alert", true);
        boolean hasIp = ip(e.ipAddress) != null;
        if (e.userId != null || hasIp) {
          g.writeArrayFieldStart("evidences");
          g.writeStartObject();
          if (e.userId != null) {
            g.writeObjectFieldStart("user");
            userFields(g, e.userId, null);
            g.writeEndObject();
          }
          srcEndpoint(g, e, false);
          httpRequest(g, e);
          g.writeEndObject();
          g.writeEndArray();
        }
      }
      default -> {
        // ENVELOPE, DOCUMENT, TEMPLATE, UNKNOWN: API Activity
        actor(g, e);
        g.writeObjectFieldStart("api");
        g.writeStringField("operation", e.action == null ? "unknown" : e.action);
        g.writeObjectFieldStart("service");
        g.writeStringField("name", "DocuSign eSignature");
        g.writeEndObject();
        g.writeEndObject();
        srcEndpoint(g, e, true);
        httpRequest(g, e);
        if (e.envelopeId != null || e.documentId != null || e.templateId != null) {
          g.writeArrayFieldStart("resources");
          resource(g, "Envelope", e.envelopeId);
          resource(g, "Document", e.documentId);
          resource(g, "Template", e.templateId);
          g.writeEndArray();
        }
      }
    }
  }

  static void auditUser(JsonNode u, long timeMillis, JsonGenerator g) throws IOException {
    OcsfClass c = Kind.AUDIT_USER.ocsfClass;
    header(g, c, Kind.AUDIT_USER.activityId(Verb.OTHER), null, 1);
    g.writeNumberField("time", timeMillis);
    String id = first(text(u, "id"), text(u, "userId"));
    String email = text(u, "email");
    String fullName = first(text(u, "user_name"), text(u, "userName"));
    g.writeStringField(
        "message",
        "DocuSign user " + first(email, fullName, id, "(no id)") + " as of its last change");
    metadata(g, "DocuSign Admin", null, text(u, "source_log_type"), null, null, "auditusers");
    g.writeObjectFieldStart("user");
    if (id == null && email == null && fullName == null) {
      g.writeStringField("name", "unknown");
    }
    if (id != null) {
      g.writeStringField("uid", id);
    }
    if (email != null) {
      g.writeStringField("name", email);
      if (email(email) != null) {
        g.writeStringField("email_addr", email);
      }
    }
    if (fullName != null) {
      g.writeStringField("full_name", fullName);
    }
    boolean admin = "true".equalsIgnoreCase(text(u, "isAdmin"));
    g.writeNumberField("type_id", admin ? 2 : 1);
    g.writeStringField("type", admin ? "Admin" : "User");
    JsonNode groups = u.get("groupList");
    if (groups != null && groups.isArray() && !groups.isEmpty()) {
      g.writeArrayFieldStart("groups");
      for (JsonNode gr : groups) {
        String gid = text(gr, "groupId");
        String gname = text(gr, "groupName");
        if (gid == null && gname == null) {
          continue;
        }
        g.writeStartObject();
        if (gname != null) {
          g.writeStringField("name", gname);
        }
        if (gid != null) {
          g.writeStringField("uid", gid);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    String status = first(text(u, "user_status"), text(u, "userStatus"));
    if (status != null) {
      g.writeObjectFieldStart("account");
      g.writeStringField("name", email != null ? email : first(id, "unknown"));
      if (text(u, "membership_id") != null) {
        g.writeStringField("uid", text(u, "membership_id"));
      }
      g.writeBooleanField(
          "is_disabled",
          !("active".equalsIgnoreCase(status) || "created".equalsIgnoreCase(status)));
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void header(
      JsonGenerator g, OcsfClass c, int activity, String otherActivityName, int severity)
      throws IOException {
    g.writeNumberField("class_uid", c.uid);
    g.writeStringField("class_name", c.caption);
    g.writeNumberField("category_uid", c.categoryUid);
    g.writeStringField("category_name", c.categoryCaption);
    g.writeNumberField("activity_id", activity);
    String caption = c.activityCaption(activity);
    g.writeStringField("activity_name", otherActivityName != null ? otherActivityName : caption);
    g.writeNumberField("type_uid", c.uid * 100L + activity);
    g.writeStringField("type_name", c.caption + ": " + caption);
    g.writeNumberField("severity_id", severity);
    g.writeStringField("severity", MappingTable.severityCaption(severity));
  }

  private static void metadata(
      JsonGenerator g,
      String product,
      String uid,
      String logName,
      String originalTime,
      String tenant,
      String eventCode)
      throws IOException {
    g.writeObjectFieldStart("metadata");
    g.writeStringField("version", VERSION);
    g.writeObjectFieldStart("product");
    g.writeStringField("name", product);
    g.writeStringField("vendor_name", "DocuSign");
    g.writeEndObject();
    if (uid != null) {
      g.writeStringField("uid", uid);
    }
    if (logName != null) {
      g.writeStringField("log_name", logName);
    }
    if (originalTime != null) {
      g.writeStringField("original_time", originalTime);
    }
    if (tenant != null) {
      g.writeStringField("tenant_uid", tenant);
    }
    if (eventCode != null) {
      g.writeStringField("event_code", eventCode);
    }
    g.writeEndObject();
  }

  private static void actor(JsonGenerator g, CustomerEvent e) throws IOException {
    g.writeObjectFieldStart("actor");
    if (e.userId != null) {
      g.writeObjectFieldStart("user");
      g.writeStringField("uid", e.userId);
      g.writeEndObject();
    }
    if (e.integratorKey != null) {
      g.writeStringField("app_uid", e.integratorKey);
    }
    if (e.userId == null && e.integratorKey == null) {
      g.writeStringField("app_name", "DocuSign");
    }
    g.writeEndObject();
  }

  private static void userFields(JsonGenerator g, String uid, String email) throws IOException {
    if (uid == null && email == null) {
      g.writeStringField("name", "unknown");
      return;
    }
    if (uid != null) {
      g.writeStringField("uid", uid);
    }
    if (email(email) != null) {
      g.writeStringField("email_addr", email);
    }
  }

  /** OCSF's email_t shape: a local part, one {@code @}, a dotted domain. */
  private static final java.util.regex.Pattern EMAIL =
      java.util.regex.Pattern.compile(
          "[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9.-]+");

  /** The address when it has the shape OCSF's {@code email_t} asks for, else {@code null}. */
  static String email(String s) {
    return s != null && EMAIL.matcher(s).matches() ? s : null;
  }

  /** {@code src_endpoint} with the IP and its place; nothing when neither is known. */
  private static void srcEndpoint(JsonGenerator g, CustomerEvent e, boolean required)
      throws IOException {
    String ip = ip(e.ipAddress);
    boolean place = e.city != null || e.state != null || e.country != null;
    if (ip == null) {
      if (required) {
        // API Activity requires a source: DocuSign's channel (Web, API) names it then.
        g.writeObjectFieldStart("src_endpoint");
        g.writeStringField("name", e.source == null ? "unknown" : e.source);
        g.writeEndObject();
      }
      return;
    }
    g.writeObjectFieldStart("src_endpoint");
    g.writeStringField("ip", ip);
    if (place) {
      g.writeObjectFieldStart("location");
      if (e.city != null) {
        g.writeStringField("city", e.city);
      }
      if (e.state != null) {
        g.writeStringField("region", e.state);
      }
      if (e.country != null) {
        g.writeStringField("country", e.country);
      }
      if (e.hasCoordinates()) {
        g.writeFieldName("lat");
        writeFloat(g, e.latitude);
        g.writeFieldName("long");
        writeFloat(g, e.longitude);
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** A float_t must be a JSON number with a fraction ({@code 47.0}, never {@code 47}). */
  private static void writeFloat(JsonGenerator g, double d) throws IOException {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      g.writeNumber(Long.toString((long) d) + ".0");
    } else {
      g.writeNumber(d);
    }
  }

  private static void httpRequest(JsonGenerator g, CustomerEvent e) throws IOException {
    if (e.userAgent == null) {
      return;
    }
    g.writeObjectFieldStart("http_request");
    g.writeStringField("user_agent", e.userAgent);
    g.writeEndObject();
  }

  private static void resource(JsonGenerator g, String type, String uid) throws IOException {
    if (uid == null) {
      return;
    }
    g.writeStartObject();
    g.writeStringField("type", type);
    g.writeStringField("uid", uid);
    g.writeEndObject();
  }

  static String message(CustomerEvent e) {
    StringBuilder b = new StringBuilder("DocuSign ");
    b.append(e.object == null ? "(no object)" : e.object)
        .append(' ')
        .append(e.action == null ? "(no action)" : e.action);
    if (e.property != null) {
      b.append(' ').append(e.property);
    }
    if (e.result != null) {
      b.append(": ").append(e.result);
    }
    return b.toString();
  }

  private static String comment(CustomerEvent e) {
    if (e.property == null && e.field == null && e.newValue == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    if (e.property != null) {
      b.append(e.property);
    }
    if (e.field != null) {
      b.append(b.length() > 0 ? " " : "").append(e.field);
    }
    if (e.newValue != null) {
      b.append(b.length() > 0 ? " " : "").append("set to ").append(e.newValue);
    }
    return b.toString();
  }

  static String tenant(CustomerEvent e) {
    return e.accountId != null ? e.accountId : e.organizationId;
  }

  static String eventCode(CustomerEvent e) {
    if (e.object == null && e.action == null) {
      return null;
    }
    return (e.object == null ? "" : e.object) + "/" + (e.action == null ? "" : e.action);
  }

  /** The address if it looks like an IPv4 or IPv6 address, else {@code null}. */
  static String ip(String s) {
    if (s == null || s.length() > 40 || s.length() < 2) {
      return null;
    }
    boolean colon = false;
    int dots = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') {
        colon = true;
      } else if (c == '.') {
        dots++;
      } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return null;
      }
    }
    if (colon) {
      return s;
    }
    if (dots != 3) {
      return null;
    }
    for (String part : s.split("\\.", -1)) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return null;
      }
      if (Integer.parseInt(part) > 255) {
        return null;
      }
    }
    return s;
  }

  static String first(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }
}
