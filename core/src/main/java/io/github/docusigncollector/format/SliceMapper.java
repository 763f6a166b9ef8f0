package io.github.docusigncollector.format;

import static io.github.docusigncollector.format.EventSlices.ACCOUNT_ID;
import static io.github.docusigncollector.format.EventSlices.ACTION;
import static io.github.docusigncollector.format.EventSlices.AFFECTED_USER_EMAIL;
import static io.github.docusigncollector.format.EventSlices.ALERT_NAME;
import static io.github.docusigncollector.format.EventSlices.AUTHENTICATION_METHOD;
import static io.github.docusigncollector.format.EventSlices.BROWSER;
import static io.github.docusigncollector.format.EventSlices.CITY;
import static io.github.docusigncollector.format.EventSlices.COUNTRY;
import static io.github.docusigncollector.format.EventSlices.DEVICE;
import static io.github.docusigncollector.format.EventSlices.DOCUMENT_ID;
import static io.github.docusigncollector.format.EventSlices.ENVELOPE_ID;
import static io.github.docusigncollector.format.EventSlices.EVENT_ID;
import static io.github.docusigncollector.format.EventSlices.FAILURE_REASON;
import static io.github.docusigncollector.format.EventSlices.FIELD;
import static io.github.docusigncollector.format.EventSlices.GROUP_ID;
import static io.github.docusigncollector.format.EventSlices.GROUP_NAME;
import static io.github.docusigncollector.format.EventSlices.INTEGRATOR_KEY;
import static io.github.docusigncollector.format.EventSlices.IP_ADDRESS;
import static io.github.docusigncollector.format.EventSlices.NEW_VALUE;
import static io.github.docusigncollector.format.EventSlices.OBJECT;
import static io.github.docusigncollector.format.EventSlices.ORGANIZATION_ID;
import static io.github.docusigncollector.format.EventSlices.OS;
import static io.github.docusigncollector.format.EventSlices.PERMISSION_PROFILE_ID;
import static io.github.docusigncollector.format.EventSlices.PERMISSION_PROFILE_NAME;
import static io.github.docusigncollector.format.EventSlices.PROPERTY;
import static io.github.docusigncollector.format.EventSlices.RESULT;
import static io.github.docusigncollector.format.EventSlices.SETTINGS_KEY;
import static io.github.docusigncollector.format.EventSlices.SEVERITY;
import static io.github.docusigncollector.format.EventSlices.SITE;
import static io.github.docusigncollector.format.EventSlices.SOURCE;
import static io.github.docusigncollector.format.EventSlices.SOURCE_LOG_TYPE;
import static io.github.docusigncollector.format.EventSlices.STATE;
import static io.github.docusigncollector.format.EventSlices.TEMPLATE_ID;
import static io.github.docusigncollector.format.EventSlices.TIMESTAMP;
import static io.github.docusigncollector.format.EventSlices.USER_AGENT;
import static io.github.docusigncollector.format.EventSlices.USER_ID;
import static io.github.docusigncollector.format.JsonBytes.name;
import static io.github.docusigncollector.format.JsonBytes.quoted;

import io.github.docusigncollector.format.MappingTable.Kind;
import io.github.docusigncollector.format.MappingTable.OcsfClass;
import io.github.docusigncollector.format.MappingTable.Verb;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The hot path of the mapping: writes the OCSF or ECS attributes of a customer event straight from
 * its bytes ({@link EventSlices}) into a {@link JsonBytes}, with pre-encoded names and constants.
 * It follows {@link OcsfWriter#customerEvent} and {@link EcsWriter#customerEvent} branch by branch
 * and gives the same bytes (a differential test checks it on every simulator kind and on generated
 * and mutated events); those two stay the reference and read what this path declines. Each event's
 * kind and verb are looked up once per distinct {@code object}/{@code action} pair.
 */
final class SliceMapper {
  private static final byte[] CLASS_UID = name("class_uid");
  private static final byte[] CLASS_NAME = name("class_name");
  private static final byte[] CATEGORY_UID = name("category_uid");
  private static final byte[] CATEGORY_NAME = name("category_name");
  private static final byte[] ACTIVITY_ID = name("activity_id");
  private static final byte[] ACTIVITY_NAME = name("activity_name");
  private static final byte[] TYPE_UID = name("type_uid");
  private static final byte[] TYPE_NAME = name("type_name");
  private static final byte[] SEVERITY_ID = name("severity_id");
  private static final byte[] SEVERITY_N = name("severity");
  private static final byte[] STATUS_ID = name("status_id");
  private static final byte[] STATUS = name("status");
  private static final byte[] STATUS_DETAIL = name("status_detail");
  private static final byte[] TIME_N = name("time");
  private static final byte[] MESSAGE = name("message");
  private static final byte[] METADATA = name("metadata");
  private static final byte[] NAME = name("name");
  private static final byte[] UID = name("uid");
  private static final byte[] LOG_NAME = name("log_name");
  private static final byte[] ORIGINAL_TIME = name("original_time");
  private static final byte[] TENANT_UID = name("tenant_uid");
  private static final byte[] EVENT_CODE = name("event_code");
  private static final byte[] ACTOR = name("actor");
  private static final byte[] APP_UID = name("app_uid");
  private static final byte[] APP_NAME = name("app_name");
  private static final byte[] USER = name("user");
  private static final byte[] SERVICE = name("service");
  private static final byte[] AUTH_PROTOCOL_ID = name("auth_protocol_id");
  private static final byte[] AUTH_PROTOCOL = name("auth_protocol");
  private static final byte[] IS_MFA = name("is_mfa");
  private static final byte[] EMAIL_ADDR = name("email_addr");
  private static final byte[] GROUP = name("group");
  private static final byte[] ENTITY = name("entity");
  private static final byte[] TYPE = name("type");
  private static final byte[] COMMENT = name("comment");
  private static final byte[] FINDING_INFO = name("finding_info");
  private static final byte[] TITLE = name("title");
  private static final byte[] TYPES = name("types");
  private static final byte[] IS_ALERT = name("is_alert");
  private static final byte[] EVIDENCES = name("evidences");
  private static final byte[] API = name("api");
  private static final byte[] OPERATION = name("operation");
  private static final byte[] RESOURCES = name("resources");
  private static final byte[] SRC_ENDPOINT = name("src_endpoint");
  private static final byte[] IP = name("ip");
  private static final byte[] LOCATION = name("location");
  private static final byte[] CITY_N = name("city");
  private static final byte[] REGION = name("region");
  private static final byte[] COUNTRY_N = name("country");
  private static final byte[] LAT = name("lat");
  private static final byte[] LONG = name("long");
  private static final byte[] HTTP_REQUEST = name("http_request");
  private static final byte[] USER_AGENT_N = name("user_agent");

  private static final byte[] AT_TIMESTAMP = name("@timestamp");
  private static final byte[] ECS_VERSION =
      "\"ecs\":{\"version\":\"9.4.0\"}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = name("event");
  private static final byte[] ACTION_N = name("action");
  private static final byte[] OUTCOME = name("outcome");
  private static final byte[] DATASET_MODULE =
      "\"dataset\":\"docusign.monitor\",\"module\":\"docusign\""
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID = name("id");
  private static final byte[] REASON = name("reason");
  private static final byte[] RULE = name("rule");
  private static final byte[] TARGET = name("target");
  private static final byte[] EMAIL = name("email");
  private static final byte[] SOURCE_N = name("source");
  private static final byte[] GEO = name("geo");
  private static final byte[] CITY_NAME = name("city_name");
  private static final byte[] REGION_NAME = name("region_name");
  private static final byte[] COUNTRY_ISO_CODE = name("country_iso_code");
  private static final byte[] COUNTRY_NAME = name("country_name");
  private static final byte[] LON = name("lon");
  private static final byte[] ORIGINAL = name("original");
  private static final byte[] OS_N = name("os");
  private static final byte[] DEVICE_N = name("device");
  private static final byte[] ORGANIZATION = name("organization");
  private static final byte[] RELATED = name("related");
  private static final byte[] LABELS = name("labels");
  private static final byte[] DOCUSIGN_ACCOUNT = name("docusign_account");

  private static final byte[] V_DOCUSIGN = quoted("DocuSign");
  private static final byte[] V_ESIGNATURE = quoted("DocuSign eSignature");
  private static final byte[] V_UNKNOWN = quoted("unknown");
  private static final byte[] V_UNKNOWN_CAP = quoted("Unknown");
  private static final byte[] V_OAUTH = quoted("OAUTH 2.0");
  private static final byte[] V_ALERT = quoted("DocuSign Monitor alert");
  private static final byte[] V_ENVELOPE = quoted("Envelope");
  private static final byte[] V_DOCUMENT = quoted("Document");
  private static final byte[] V_TEMPLATE = quoted("Template");
  private static final byte[] V_LOWER_SUCCESS = quoted("success");
  private static final byte[] V_LOWER_FAILURE = quoted("failure");
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] DOCUSIGN_SPACE = ascii("DocuSign ");
  private static final byte[] NO_OBJECT = ascii("(no object)");
  private static final byte[] NO_ACTION = ascii("(no action)");
  private static final byte[] COLON_SPACE = ascii(": ");
  private static final byte[] SET_TO = ascii("set to ");

  /**
   * OCSF class captions, by class and activity: {@code "Logon"} and {@code "Authentication:
   * Logon"}.
   */
  private static final byte[][][] ACTIVITY_CAPTION = new byte[OcsfClass.values().length][100][];

  private static final byte[][][] TYPE_CAPTION = new byte[OcsfClass.values().length][100][];
  private static final byte[][] CLASS_CAPTION = new byte[OcsfClass.values().length][];
  private static final byte[][] CATEGORY_CAPTION = new byte[OcsfClass.values().length][];
  private static final byte[][] SEVERITY_CAPTION = new byte[6][];

  /** ECS {@code event.kind}, {@code category} and {@code type} members, by kind and verb. */
  private static final byte[][][] CATEGORIZATION =
      new byte[Kind.values().length][Verb.values().length][];

  /** The members from {@code class_uid} to {@code severity}, by class, activity and severity. */
  private static final byte[][][][] HEADERS = new byte[OcsfClass.values().length][100][6][];

  static {
    for (OcsfClass c : OcsfClass.values()) {
      CLASS_CAPTION[c.ordinal()] = quoted(c.caption);
      CATEGORY_CAPTION[c.ordinal()] = quoted(c.categoryCaption);
      for (int a = 0; a < 100; a++) {
        try {
          String caption = c.activityCaption(a);
          ACTIVITY_CAPTION[c.ordinal()][a] = quoted(caption);
          TYPE_CAPTION[c.ordinal()][a] = quoted(c.caption + ": " + caption);
          for (int severity = 0; severity < 6; severity++) {
            HEADERS[c.ordinal()][a][severity] = buildHeader(c, a, caption, severity);
          }
        } catch (IllegalArgumentException e) {
          // not an activity of this class
        }
      }
    }
    for (int s = 0; s < 6; s++) {
      SEVERITY_CAPTION[s] = quoted(MappingTable.severityCaption(s));
    }
    for (Kind k : Kind.values()) {
      for (Verb v : Verb.values()) {
        StringBuilder b = new StringBuilder("\"kind\":\"").append(k.ecsKind).append('"');
        if (k.ecsCategory != null) {
          b.append(",\"category\":[\"").append(k.ecsCategory).append("\"],\"type\":[");
          List<String> types = k.ecsTypes(v);
          for (int i = 0; i < types.size(); i++) {
            b.append(i > 0 ? "," : "").append('"').append(types.get(i)).append('"');
          }
          b.append(']');
        }
        CATEGORIZATION[k.ordinal()][v.ordinal()] = ascii(b.toString());
      }
    }
  }

  /** {@code "status_id":0,"status":"Unknown"}, 1 Success and 2 Failure; a Monitor alert's New. */
  private static final byte[][] STATUSES = {
    ascii("\"status_id\":0,\"status\":\"Unknown\""),
    ascii("\"status_id\":1,\"status\":\"Success\""),
    ascii("\"status_id\":2,\"status\":\"Failure\"")
  };

  private static final byte[] STATUS_NEW = ascii("\"status_id\":1,\"status\":\"New\"");
  private static final byte[] METADATA_HEAD =
      ascii(
          "\"version\":\""
              + OcsfWriter.VERSION
              + "\",\"product\":{\"name\":\"DocuSign Monitor\",\"vendor_name\":\"DocuSign\"}");

  private static byte[] header(OcsfClass c, int activity, int severity) {
    return HEADERS[c.ordinal()][activity][severity];
  }

  /** Built once, before any thread maps (the arrays are shared by every rewriter). */
  private static byte[] buildHeader(OcsfClass c, int activity, String caption, int severity) {
    StringBuilder h = new StringBuilder();
    h.append("\"class_uid\":").append(c.uid);
    h.append(",\"class_name\":\"").append(c.caption).append('"');
    h.append(",\"category_uid\":").append(c.categoryUid);
    h.append(",\"category_name\":\"").append(c.categoryCaption).append('"');
    h.append(",\"activity_id\":").append(activity);
    h.append(",\"activity_name\":\"").append(caption).append('"');
    h.append(",\"type_uid\":").append(c.uid * 100L + activity);
    h.append(",\"type_name\":\"").append(c.caption).append(": ").append(caption).append('"');
    h.append(",\"severity_id\":").append(severity);
    h.append(",\"severity\":\"").append(MappingTable.severityCaption(severity)).append('"');
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  // The kind and verb of each object/action pair seen (open addressing, never more than 3/4 full).
  private static final int CACHE = 512;
  private final byte[][] pairKeys = new byte[CACHE][];
  private final Kind[] pairKinds = new Kind[CACHE];
  private final Verb[] pairVerbs = new Verb[CACHE];
  private int pairs;
  private byte[] pairKey = new byte[64];

  /** The kind of the last {@link #classify}'d event. */
  Kind kind;

  Verb verb;

  /** Finds the event's kind and verb (by its {@code object} and {@code action}). */
  void classify(EventSlices e) {
    int on = e.has(OBJECT) ? e.length(OBJECT) : -1;
    int an = e.has(ACTION) ? e.length(ACTION) : -1;
    int n = 2 + Math.max(on, 0) + Math.max(an, 0);
    if (pairKey.length < n) {
      pairKey = new byte[Math.max(n, pairKey.length * 2)];
    }
    // object length marker, object bytes, action marker, action bytes: absent differs from "".
    int k = 0;
    pairKey[k++] = (byte) (on < 0 ? 0 : 1);
    if (on > 0) {
      System.arraycopy(e.data, e.start[OBJECT], pairKey, k, on);
      k += on;
    }
    pairKey[k++] = (byte) (an < 0 ? 0 : 1);
    if (an > 0) {
      System.arraycopy(e.data, e.start[ACTION], pairKey, k, an);
      k += an;
    }
    int h = on * 31 + an;
    for (int i = 0; i < k; i++) {
      h = 31 * h + pairKey[i];
    }
    int j = (h ^ (h >>> 16)) & (CACHE - 1);
    while (pairKeys[j] != null) {
      if (Arrays.equals(pairKeys[j], 0, pairKeys[j].length, pairKey, 0, k)) {
        kind = pairKinds[j];
        verb = pairVerbs[j];
        return;
      }
      j = (j + 1) & (CACHE - 1);
    }
    String object = e.string(OBJECT);
    String action = e.string(ACTION);
    kind = MappingTable.kind(object, action);
    verb = MappingTable.verb(action);
    if (pairs < CACHE * 3 / 4) {
      pairKeys[j] = Arrays.copyOf(pairKey, k);
      pairKinds[j] = kind;
      pairVerbs[j] = verb;
      pairs++;
    }
  }

  // ---- OCSF

  void ocsf(EventSlices e, Kind kind, Verb verb, long timeMillis, JsonBytes w) {
    OcsfClass c = kind.ocsfClass;
    int activity = kind.activityId(verb);
    int status = statusId(e);
    int severity;
    if (kind == Kind.MONITOR_ALERT) {
      severity = severityId(e);
    } else {
      severity = status == 2 ? 2 : 1;
    }
    byte[] activityCaption = ACTIVITY_CAPTION[c.ordinal()][activity];
    if (activityCaption == null) {
      throw new IllegalArgumentException(c.caption + " has no activity " + activity);
    }
    if (activity == 99 && e.has(ACTION)) {
      w.numberField(CLASS_UID, c.uid);
      w.stringField(CLASS_NAME, CLASS_CAPTION[c.ordinal()]);
      w.numberField(CATEGORY_UID, c.categoryUid);
      w.stringField(CATEGORY_NAME, CATEGORY_CAPTION[c.ordinal()]);
      w.numberField(ACTIVITY_ID, activity);
      w.stringField(ACTIVITY_NAME, e, ACTION);
      w.numberField(TYPE_UID, c.uid * 100L + activity);
      w.stringField(TYPE_NAME, TYPE_CAPTION[c.ordinal()][activity]);
      w.numberField(SEVERITY_ID, severity);
      w.stringField(SEVERITY_N, SEVERITY_CAPTION[severity]);
    } else {
      w.members(header(c, activity, severity));
    }
    if (kind == Kind.MONITOR_ALERT) {
      w.members(STATUS_NEW);
    } else if (status <= 2) {
      w.members(STATUSES[status]);
    } else {
      w.numberField(STATUS_ID, status);
      w.stringField(STATUS, e, RESULT);
    }
    if (e.has(FAILURE_REASON)) {
      w.stringField(STATUS_DETAIL, e, FAILURE_REASON);
    }
    w.numberField(TIME_N, timeMillis);
    message(e, w);
    w.objectField(METADATA);
    w.members(METADATA_HEAD);
    optional(w, UID, e, EVENT_ID);
    optional(w, LOG_NAME, e, SOURCE_LOG_TYPE);
    optional(w, ORIGINAL_TIME, e, TIMESTAMP);
    int tenant = e.first(ACCOUNT_ID, ORGANIZATION_ID);
    if (tenant >= 0) {
      w.stringField(TENANT_UID, e, tenant);
    }
    if (e.has(OBJECT) || e.has(ACTION)) {
      w.openString(EVENT_CODE);
      if (e.has(OBJECT)) {
        slice(w, e, OBJECT);
      }
      w.raw((byte) '/');
      if (e.has(ACTION)) {
        slice(w, e, ACTION);
      }
      w.closeString();
    }
    w.endObject();

    switch (kind) {
      case SIGN_IN, SIGN_OUT, API_KEY_USE -> {
        if (kind == Kind.API_KEY_USE && e.has(INTEGRATOR_KEY)) {
          w.objectField(ACTOR);
          w.stringField(APP_UID, e, INTEGRATOR_KEY);
          w.endObject();
        }
        w.objectField(USER);
        userFields(w, e, USER_ID, -1);
        w.endObject();
        w.objectField(SERVICE);
        w.stringField(NAME, V_DOCUSIGN);
        optional(w, UID, e, SITE);
        w.endObject();
        if (kind == Kind.API_KEY_USE) {
          w.numberField(AUTH_PROTOCOL_ID, 6);
          w.stringField(AUTH_PROTOCOL, V_OAUTH);
        }
        if (e.has(AUTHENTICATION_METHOD)) {
          w.booleanField(IS_MFA, isMfa(e));
        }
        srcEndpoint(w, e, false);
        httpRequest(w, e);
      }
      case USER_CHANGE -> {
        actor(w, e);
        w.objectField(USER);
        int target = e.targetUserId();
        if (target >= 0) {
          userFields(w, e, target, AFFECTED_USER_EMAIL);
        } else if (e.has(AFFECTED_USER_EMAIL)) {
          w.stringField(NAME, e, AFFECTED_USER_EMAIL);
          if (isEmail(e, AFFECTED_USER_EMAIL)) {
            w.stringField(EMAIL_ADDR, e, AFFECTED_USER_EMAIL);
          }
        } else {
          userFields(w, e, USER_ID, -1);
        }
        w.endObject();
        srcEndpoint(w, e, false);
        httpRequest(w, e);
      }
      case GROUP_CHANGE -> {
        actor(w, e);
        w.objectField(GROUP);
        if (!e.has(GROUP_ID) && !e.has(GROUP_NAME)) {
          w.stringField(NAME, V_UNKNOWN);
        }
        optional(w, NAME, e, GROUP_NAME);
        optional(w, UID, e, GROUP_ID);
        w.endObject();
        int target = e.targetUserId();
        if (target >= 0) {
          w.objectField(USER);
          userFields(w, e, target, AFFECTED_USER_EMAIL);
          w.endObject();
        }
        srcEndpoint(w, e, false);
        httpRequest(w, e);
      }
      case PERMISSION_CHANGE, ACCOUNT_SETTINGS -> {
        actor(w, e);
        w.objectField(ENTITY);
        int name =
            kind == Kind.PERMISSION_CHANGE
                ? first(e, PERMISSION_PROFILE_NAME, FIELD, PROPERTY, OBJECT, -1)
                : first(e, SETTINGS_KEY, FIELD, PROPERTY, ACTION, OBJECT);
        if (name >= 0) {
          w.stringField(NAME, e, name);
        } else {
          w.field(NAME);
          w.members(NULL);
        }
        if (kind == Kind.PERMISSION_CHANGE) {
          optional(w, UID, e, PERMISSION_PROFILE_ID);
        }
        if (e.has(OBJECT)) {
          w.stringField(TYPE, e, OBJECT);
        } else {
          w.stringField(TYPE, V_UNKNOWN_CAP);
        }
        w.endObject();
        comment(w, e);
        srcEndpoint(w, e, false);
        httpRequest(w, e);
      }
      case MONITOR_ALERT -> {
        w.objectField(FINDING_INFO);
        if (e.has(EVENT_ID)) {
          w.stringField(UID, e, EVENT_ID);
        } else {
          w.stringField(UID, V_UNKNOWN);
        }
        int title = first(e, ALERT_NAME, PROPERTY, ACTION, -1, -1);
        if (title >= 0) {
          w.stringField(TITLE, e, title);
        } else {
          w.stringField(TITLE, V_ALERT);
        }
        if (e.has(PROPERTY)) {
          w.arrayField(TYPES);
          w.value(e, PROPERTY);
          w.endArray();
        }
        w.endObject();
        w.booleanField(IS_ALERT, true);
        if (e.has(USER_ID) || isIp(e)) {
          w.arrayField(EVIDENCES);
          w.startObject();
          if (e.has(USER_ID)) {
            w.objectField(USER);
            userFields(w, e, USER_ID, -1);
            w.endObject();
          }
          srcEndpoint(w, e, false);
          httpRequest(w, e);
          w.endObject();
          w.endArray();
        }
      }
      default -> {
        // ENVELOPE, DOCUMENT, TEMPLATE, UNKNOWN: API Activity
        actor(w, e);
        w.objectField(API);
        if (e.has(ACTION)) {
          w.stringField(OPERATION, e, ACTION);
        } else {
          w.stringField(OPERATION, V_UNKNOWN);
        }
        w.objectField(SERVICE);
        w.stringField(NAME, V_ESIGNATURE);
        w.endObject();
        w.endObject();
        srcEndpoint(w, e, true);
        httpRequest(w, e);
        if (e.has(ENVELOPE_ID) || e.has(DOCUMENT_ID) || e.has(TEMPLATE_ID)) {
          w.arrayField(RESOURCES);
          resource(w, V_ENVELOPE, e, ENVELOPE_ID);
          resource(w, V_DOCUMENT, e, DOCUMENT_ID);
          resource(w, V_TEMPLATE, e, TEMPLATE_ID);
          w.endArray();
        }
      }
    }
  }

  private static void actor(JsonBytes w, EventSlices e) {
    w.objectField(ACTOR);
    if (e.has(USER_ID)) {
      w.objectField(USER);
      w.stringField(UID, e, USER_ID);
      w.endObject();
    }
    optional(w, APP_UID, e, INTEGRATOR_KEY);
    if (!e.has(USER_ID) && !e.has(INTEGRATOR_KEY)) {
      w.stringField(APP_NAME, V_DOCUSIGN);
    }
    w.endObject();
  }

  /** OCSF user {@code uid} and {@code email_addr} ({@code email} -1: none). */
  private static void userFields(JsonBytes w, EventSlices e, int uid, int email) {
    boolean hasEmail = email >= 0 && e.has(email);
    if (!e.has(uid) && !hasEmail) {
      w.stringField(NAME, V_UNKNOWN);
      return;
    }
    optional(w, UID, e, uid);
    if (hasEmail && isEmail(e, email)) {
      w.stringField(EMAIL_ADDR, e, email);
    }
  }

  private void srcEndpoint(JsonBytes w, EventSlices e, boolean required) {
    if (!isIp(e)) {
      if (required) {
        w.objectField(SRC_ENDPOINT);
        if (e.has(SOURCE)) {
          w.stringField(NAME, e, SOURCE);
        } else {
          w.stringField(NAME, V_UNKNOWN);
        }
        w.endObject();
      }
      return;
    }
    w.objectField(SRC_ENDPOINT);
    w.stringField(IP, e, IP_ADDRESS);
    if (e.has(CITY) || e.has(STATE) || e.has(COUNTRY)) {
      w.objectField(LOCATION);
      optional(w, CITY_N, e, CITY);
      optional(w, REGION, e, STATE);
      optional(w, COUNTRY_N, e, COUNTRY);
      if (e.hasCoordinates()) {
        w.numberField(LAT, coordinate(e.latitude(), true));
        w.numberField(LONG, coordinate(e.longitude(), true));
      }
      w.endObject();
    }
    w.endObject();
  }

  /** A coordinate as OCSF's float_t ({@code ocsf}) or as Jackson writes a double (ECS). */
  private static String coordinate(double d, boolean ocsf) {
    return ocsf ? ocsfFloat(d) : Double.toString(d);
  }

  /** A float_t as {@link OcsfWriter} writes it: always with a fraction. */
  private static String ocsfFloat(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d) + ".0";
    }
    return Double.toString(d);
  }

  private static void httpRequest(JsonBytes w, EventSlices e) {
    if (e.has(USER_AGENT)) {
      w.objectField(HTTP_REQUEST);
      w.stringField(USER_AGENT_N, e, USER_AGENT);
      w.endObject();
    }
  }

  private static void resource(JsonBytes w, byte[] type, EventSlices e, int uid) {
    if (e.has(uid)) {
      w.startObject();
      w.stringField(TYPE, type);
      w.stringField(UID, e, uid);
      w.endObject();
    }
  }

  private static void message(EventSlices e, JsonBytes w) {
    w.openString(MESSAGE);
    w.raw(DOCUSIGN_SPACE);
    if (e.has(OBJECT)) {
      slice(w, e, OBJECT);
    } else {
      w.raw(NO_OBJECT);
    }
    w.raw((byte) ' ');
    if (e.has(ACTION)) {
      slice(w, e, ACTION);
    } else {
      w.raw(NO_ACTION);
    }
    if (e.has(PROPERTY)) {
      w.raw((byte) ' ');
      slice(w, e, PROPERTY);
    }
    if (e.has(RESULT)) {
      w.raw(COLON_SPACE);
      slice(w, e, RESULT);
    }
    w.closeString();
  }

  private static void comment(JsonBytes w, EventSlices e) {
    if (!e.has(PROPERTY) && !e.has(FIELD) && !e.has(NEW_VALUE)) {
      return;
    }
    w.openString(COMMENT);
    boolean any = false;
    if (e.has(PROPERTY)) {
      slice(w, e, PROPERTY);
      any = true;
    }
    if (e.has(FIELD)) {
      if (any) {
        w.raw((byte) ' ');
      }
      slice(w, e, FIELD);
      any = true;
    }
    if (e.has(NEW_VALUE)) {
      if (any) {
        w.raw((byte) ' ');
      }
      w.raw(SET_TO);
      slice(w, e, NEW_VALUE);
    }
    w.closeString();
  }

  // ---- ECS

  void ecs(
      EventSlices e,
      Kind kind,
      Verb verb,
      String timestamp,
      int timestampSlot,
      byte[] account,
      JsonBytes w) {
    if (timestampSlot >= 0) {
      w.stringField(AT_TIMESTAMP, e, timestampSlot);
    } else {
      w.openString(AT_TIMESTAMP);
      w.raw(timestamp.getBytes(StandardCharsets.US_ASCII));
      w.closeString();
    }
    w.members(ECS_VERSION);
    w.objectField(EVENT);
    w.members(CATEGORIZATION[kind.ordinal()][verb.ordinal()]);
    optional(w, ACTION_N, e, ACTION);
    int status = statusId(e);
    if (status == 1 || status == 2) {
      w.stringField(OUTCOME, status == 1 ? V_LOWER_SUCCESS : V_LOWER_FAILURE);
    }
    w.members(DATASET_MODULE);
    optional(w, ID, e, EVENT_ID);
    if (kind == Kind.MONITOR_ALERT) {
      int sev = severityId(e);
      if (sev > 0) {
        w.numberField(SEVERITY_N, sev);
      }
    }
    optional(w, REASON, e, FAILURE_REASON);
    w.endObject();
    message(e, w);
    if (kind == Kind.MONITOR_ALERT) {
      w.objectField(RULE);
      int title = first(e, ALERT_NAME, PROPERTY, ACTION, -1, -1);
      if (title >= 0) {
        w.stringField(NAME, e, title);
      } else {
        w.stringField(NAME, V_ALERT);
      }
      w.endObject();
    }
    int target = e.targetUserId();
    boolean email = e.has(AFFECTED_USER_EMAIL);
    if (e.has(USER_ID) || target >= 0 || email) {
      w.objectField(USER);
      optional(w, ID, e, USER_ID);
      if (target >= 0 || email) {
        w.objectField(TARGET);
        if (target >= 0) {
          w.stringField(ID, e, target);
        }
        optional(w, EMAIL, e, AFFECTED_USER_EMAIL);
        w.endObject();
      }
      w.endObject();
    }
    if (kind == Kind.GROUP_CHANGE && (e.has(GROUP_ID) || e.has(GROUP_NAME))) {
      w.objectField(GROUP);
      optional(w, ID, e, GROUP_ID);
      optional(w, NAME, e, GROUP_NAME);
      w.endObject();
    }
    boolean ip = isIp(e);
    if (ip) {
      w.objectField(SOURCE_N);
      w.stringField(IP, e, IP_ADDRESS);
      if (e.has(CITY) || e.has(STATE) || e.has(COUNTRY) || e.hasCoordinates()) {
        w.objectField(GEO);
        optional(w, CITY_NAME, e, CITY);
        optional(w, REGION_NAME, e, STATE);
        if (e.has(COUNTRY)) {
          w.stringField(isIsoCountry(e) ? COUNTRY_ISO_CODE : COUNTRY_NAME, e, COUNTRY);
        }
        if (e.hasCoordinates()) {
          w.objectField(LOCATION);
          w.numberField(LAT, coordinate(e.latitude(), false));
          w.numberField(LON, coordinate(e.longitude(), false));
          w.endObject();
        }
        w.endObject();
      }
      w.endObject();
    }
    if (e.has(USER_AGENT)) {
      w.objectField(USER_AGENT_N);
      w.stringField(ORIGINAL, e, USER_AGENT);
      optional(w, NAME, e, BROWSER);
      if (e.has(OS)) {
        w.objectField(OS_N);
        w.stringField(NAME, e, OS);
        w.endObject();
      }
      if (e.has(DEVICE)) {
        w.objectField(DEVICE_N);
        w.stringField(NAME, e, DEVICE);
        w.endObject();
      }
      w.endObject();
    }
    int org = e.first(ACCOUNT_ID, ORGANIZATION_ID);
    if (org >= 0) {
      w.objectField(ORGANIZATION);
      w.stringField(ID, e, org);
      w.endObject();
    }
    // related.user: the user, the target and the target's address, each once.
    int u1 = e.has(USER_ID) ? USER_ID : -1;
    int u2 = target >= 0 && (u1 < 0 || !e.same(u1, target)) ? target : -1;
    int u3 =
        email
                && (u1 < 0 || !e.same(u1, AFFECTED_USER_EMAIL))
                && (target < 0 || !e.same(target, AFFECTED_USER_EMAIL))
            ? AFFECTED_USER_EMAIL
            : -1;
    boolean users = u1 >= 0 || u2 >= 0 || u3 >= 0;
    if (users || ip) {
      w.objectField(RELATED);
      if (users) {
        w.arrayField(USER);
        if (u1 >= 0) {
          w.value(e, u1);
        }
        if (u2 >= 0) {
          w.value(e, u2);
        }
        if (u3 >= 0) {
          w.value(e, u3);
        }
        w.endArray();
      }
      if (ip) {
        w.arrayField(IP);
        w.value(e, IP_ADDRESS);
        w.endArray();
      }
      w.endObject();
    }
    if (account != null) {
      w.objectField(LABELS);
      w.stringField(DOCUSIGN_ACCOUNT, account);
      w.endObject();
    }
  }

  // ---- values

  private static void optional(JsonBytes w, byte[] name, EventSlices e, int slot) {
    if (e.has(slot)) {
      w.stringField(name, e, slot);
    }
  }

  private static void slice(JsonBytes w, EventSlices e, int slot) {
    w.raw(e.data, e.start[slot], e.end[slot]);
  }

  private static int first(EventSlices e, int a, int b, int c, int d, int f) {
    for (int s : new int[] {a, b, c, d, f}) {
      if (s >= 0 && e.has(s)) {
        return s;
      }
    }
    return -1;
  }

  /** {@link MappingTable#statusId} of {@code result}, on its bytes when they are ASCII. */
  static int statusId(EventSlices e) {
    if (!e.has(RESULT)) {
      return 0;
    }
    if (!e.ascii(RESULT)) {
      return MappingTable.statusId(e.string(RESULT));
    }
    if (is(e, RESULT, "success") || is(e, RESULT, "succeeded") || is(e, RESULT, "successful")) {
      return 1;
    }
    if (is(e, RESULT, "failure")
        || is(e, RESULT, "failed")
        || is(e, RESULT, "fail")
        || is(e, RESULT, "error")
        || is(e, RESULT, "denied")) {
      return 2;
    }
    return 99;
  }

  private static int severityId(EventSlices e) {
    return MappingTable.severityId(e.string(SEVERITY));
  }

  /** Whether an ASCII field equals a lower-case word, case ignored. */
  private static boolean is(EventSlices e, int slot, String word) {
    int s = e.start[slot];
    if (e.end[slot] - s != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      int c = e.data[s + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMfa(EventSlices e) {
    String m = e.string(AUTHENTICATION_METHOD).toLowerCase(Locale.ROOT);
    return m.contains("factor") || m.contains("mfa");
  }

  /** {@link OcsfWriter#ip} on the bytes of {@code ipAddress}. */
  static boolean isIp(EventSlices e) {
    if (!e.has(IP_ADDRESS)) {
      return false;
    }
    int s = e.start[IP_ADDRESS];
    int n = e.end[IP_ADDRESS] - s;
    byte[] d = e.data;
    // Not ASCII: some byte is not a hex digit, so not an address (whatever the length in chars).
    if (n < 2) {
      return false;
    }
    boolean colon = false;
    int dots = 0;
    for (int i = s; i < s + n; i++) {
      byte c = d[i];
      if (c == ':') {
        colon = true;
      } else if (c == '.') {
        dots++;
      } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    if (n > 40) {
      return false;
    }
    if (colon) {
      return true;
    }
    if (dots != 3) {
      return false;
    }
    int value = 0;
    int digits = 0;
    for (int i = s; i <= s + n; i++) {
      byte c = i < s + n ? d[i] : (byte) '.';
      if (c == '.') {
        if (digits == 0 || digits > 3 || value > 255) {
          return false;
        }
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        digits++;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link OcsfWriter#email} on the bytes: a local part of the allowed characters, one {@code @}, a
   * label without dots, a dot, then labels and dots.
   */
  static boolean isEmail(EventSlices e, int slot) {
    int s = e.start[slot];
    int end = e.end[slot];
    byte[] d = e.data;
    int at = -1;
    for (int i = s; i < end; i++) {
      byte c = d[i];
      if (c == '@') {
        at = i;
        break;
      }
      if (!localChar(c)) {
        return false;
      }
    }
    if (at <= s) {
      return false;
    }
    int dot = -1;
    for (int i = at + 1; i < end; i++) {
      byte c = d[i];
      if (c == '.') {
        if (dot < 0) {
          dot = i;
        }
      } else if (!(c == '-'
          || c >= '0' && c <= '9'
          || c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return dot > at + 1 && dot < end - 1;
  }

  private static boolean localChar(byte c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
  }

  private static boolean isIsoCountry(EventSlices e) {
    if (!e.ascii(COUNTRY)) {
      String c = e.string(COUNTRY);
      return c.length() == 2
          && Character.isUpperCase(c.charAt(0))
          && Character.isUpperCase(c.charAt(1));
    }
    int s = e.start[COUNTRY];
    return e.end[COUNTRY] - s == 2
        && e.data[s] >= 'A'
        && e.data[s] <= 'Z'
        && e.data[s + 1] >= 'A'
        && e.data[s + 1] <= 'Z';
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
