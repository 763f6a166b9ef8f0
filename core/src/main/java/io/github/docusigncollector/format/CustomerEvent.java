package io.github.docusigncollector.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fields of one normalized Monitor event that the mappings use, read in one streaming pass (the
 * rest, {@code userAgentClientInfo} and unknown keys, is skipped; the original is copied whole by
 * the writers). DocuSign's {@code ""} reads as absent ({@code null}); a {@code data} value sent as
 * an array of one-character strings is joined back into its string. Reused from event to event.
 */
final class CustomerEvent {
  String timestamp;
  String eventId;
  String site;
  String accountId;
  String organizationId;
  String userId;
  String integratorKey;
  String userAgent;
  String ipAddress;
  String city;
  String state;
  String country;
  double latitude;
  double longitude;
  String object;
  String action;
  String property;
  String field;
  String result;
  String source;
  String referencedUserId;
  String affectedUserId;
  String device;
  String browser;
  String os;
  String time;
  String timeSource;
  String sourceLogType;

  // inside "data"
  String envelopeId;
  String documentId;
  String templateId;
  String groupId;
  String groupName;
  String dataAffectedUserId;
  String affectedUserEmail;
  String permissionProfileId;
  String permissionProfileName;
  String settingsKey;
  String severity;
  String alertName;
  String failureReason;
  String authenticationMethod;
  String grantType;
  String newValue;

  void reset() {
    timestamp = eventId = site = accountId = organizationId = userId = integratorKey = null;
    userAgent = ipAddress = city = state = country = null;
    latitude = longitude = 0;
    object = action = property = field = result = source = null;
    referencedUserId = affectedUserId = device = browser = os = null;
    time = timeSource = sourceLogType = null;
    envelopeId = documentId = templateId = groupId = groupName = null;
    dataAffectedUserId = affectedUserEmail = permissionProfileId = permissionProfileName = null;
    settingsKey = severity = alertName = failureReason = authenticationMethod = null;
    grantType = newValue = null;
  }

  /** Reads one event; the parser is before its START_OBJECT. */
  void read(JsonParser p) throws IOException {
    reset();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("an event is not a JSON object");
    }
    double locLat = 0;
    double locLon = 0;
    String locCity = null;
    String locState = null;
    String locCountry = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "timestamp" -> timestamp = text(p, v);
        case "eventId" -> eventId = text(p, v);
        case "site" -> site = text(p, v);
        case "accountId" -> accountId = text(p, v);
        case "organizationId" -> organizationId = text(p, v);
        case "userId" -> userId = text(p, v);
        case "integratorKey" -> integratorKey = text(p, v);
        case "userAgent" -> userAgent = text(p, v);
        case "ipAddress" -> ipAddress = text(p, v);
        case "city" -> city = text(p, v);
        case "state" -> state = text(p, v);
        case "country" -> country = text(p, v);
        case "latitude" -> latitude = number(p, v);
        case "longitude" -> longitude = number(p, v);
        case "object" -> object = text(p, v);
        case "action" -> action = text(p, v);
        case "property" -> property = text(p, v);
        case "field" -> field = text(p, v);
        case "result" -> result = text(p, v);
        case "source" -> source = text(p, v);
        case "referencedUserId" -> referencedUserId = text(p, v);
        case "affectedUserId" -> affectedUserId = text(p, v);
        case "device" -> device = text(p, v);
        case "browser" -> browser = text(p, v);
        case "os" -> os = text(p, v);
        case "_time" -> time = text(p, v);
        case "_time_source" -> timeSource = text(p, v);
        case "source_log_type" -> sourceLogType = text(p, v);
        case "ipAddressLocation" -> {
          if (v == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String n = p.currentName();
              JsonToken lv = p.nextToken();
              switch (n) {
                case "latitude" -> locLat = number(p, lv);
                case "longitude" -> locLon = number(p, lv);
                case "city" -> locCity = text(p, lv);
                case "state" -> locState = text(p, lv);
                case "country" -> locCountry = text(p, lv);
                default -> p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        case "data" -> {
          if (v == JsonToken.START_OBJECT) {
            readData(p);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("an event ends early");
    }
    // ipAddressLocation is the structured form; the top-level copies are the fallback.
    if (locLat != 0 || locLon != 0) {
      latitude = locLat;
      longitude = locLon;
    }
    city = locCity != null ? locCity : city;
    state = locState != null ? locState : state;
    country = locCountry != null ? locCountry : country;
  }

  private void readData(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String n = p.currentName();
      JsonToken v = p.nextToken();
      switch (n) {
        case "EnvelopeId" -> envelopeId = joined(p, v);
        case "DocumentId" -> documentId = joined(p, v);
        case "TemplateId" -> templateId = joined(p, v);
        case "GroupId" -> groupId = joined(p, v);
        case "GroupName" -> groupName = joined(p, v);
        case "AffectedUserId" -> dataAffectedUserId = joined(p, v);
        case "AffectedUserEmail" -> affectedUserEmail = joined(p, v);
        case "PermissionProfileId" -> permissionProfileId = joined(p, v);
        case "PermissionProfileName" -> permissionProfileName = joined(p, v);
        case "SettingsKey" -> settingsKey = joined(p, v);
        case "Severity" -> severity = joined(p, v);
        case "AlertName" -> alertName = joined(p, v);
        case "FailureReason" -> failureReason = joined(p, v);
        case "AuthenticationMethod" -> authenticationMethod = joined(p, v);
        case "GrantType" -> grantType = joined(p, v);
        case "NewValue" -> newValue = joined(p, v);
        default -> p.skipChildren();
      }
    }
  }

  /** A scalar as text, {@code null} for {@code ""}, {@code null} or a structure (skipped). */
  private static String text(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      String s = p.getText();
      return s.isEmpty() ? null : s;
    }
    if (v == JsonToken.VALUE_NUMBER_INT
        || v == JsonToken.VALUE_NUMBER_FLOAT
        || v == JsonToken.VALUE_TRUE
        || v == JsonToken.VALUE_FALSE) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** Like {@link #text}, but an array of strings is joined (DocuSign's one-character arrays). */
  private static String joined(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return text(p, v);
    }
    StringBuilder b = new StringBuilder();
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
      if (e == JsonToken.VALUE_STRING) {
        b.append(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return b.length() == 0 ? null : b.toString();
  }

  private static double number(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
      double d = p.getDoubleValue();
      return Double.isFinite(d) ? d : 0;
    }
    if (v == JsonToken.VALUE_STRING) {
      try {
        double d = Double.parseDouble(p.getText().trim());
        return Double.isFinite(d) ? d : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    p.skipChildren();
    return 0;
  }

  /** Whether the coordinates are known (DocuSign sends 0,0 for unknown). */
  boolean hasCoordinates() {
    return (latitude != 0 || longitude != 0)
        && latitude >= -90
        && latitude <= 90
        && longitude >= -180
        && longitude <= 180;
  }

  /** The user an action was done to, if the event names one. */
  String targetUserId() {
    if (dataAffectedUserId != null) {
      return dataAffectedUserId;
    }
    return affectedUserId != null ? affectedUserId : referencedUserId;
  }

  /** The id of the envelope, document or template acted on. */
  String resourceId() {
    if (documentId != null && envelopeId != null) {
      return envelopeId + "/" + documentId;
    }
    if (envelopeId != null) {
      return envelopeId;
    }
    return documentId != null ? documentId : templateId;
  }
}
