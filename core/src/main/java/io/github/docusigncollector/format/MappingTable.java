package io.github.docusigncollector.format;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one table that says what each DocuSign event becomes in OCSF and ECS: which {@link Kind} an
 * {@code object}/{@code action} pair is, which OCSF class and activity and which ECS categorization
 * each kind gets. {@code docs/event-mapping.md} is checked against it by a test.
 *
 * <p>DocuSign publishes no complete list of its object/action pairs, so the rules match on the
 * object's name and on the verb inside the action ({@code EnvelopeSent} → sent → update); a pair no
 * rule knows is {@link Kind#UNKNOWN} and still maps (OCSF API Activity / Other, ECS {@code
 * event.kind: event} without a category).
 */
public final class MappingTable {
  private MappingTable() {}

  /** The OCSF 1.8.0 classes used, with their uids, captions and activities. */
  public enum OcsfClass {
    AUTHENTICATION(
        3002,
        "Authentication",
        3,
        "Identity & Access Management",
        Map.of(1, "Logon", 2, "Logoff", 99, "Other")),
    ACCOUNT_CHANGE(
        3001,
        "Account Change",
        3,
        "Identity & Access Management",
        Map.of(
            1,
            "Create",
            2,
            "Enable",
            3,
            "Password Change",
            4,
            "Password Reset",
            5,
            "Disable",
            6,
            "Delete",
            9,
            "Lock",
            12,
            "Unlock",
            99,
            "Other")),
    ENTITY_MANAGEMENT(
        3004,
        "Entity Management",
        3,
        "Identity & Access Management",
        Map.of(
            1, "Create", 2, "Read", 3, "Update", 4, "Delete", 8, "Enable", 9, "Disable", 99,
            "Other")),
    GROUP_MANAGEMENT(
        3006,
        "Group Management",
        3,
        "Identity & Access Management",
        Map.of(3, "Add User", 4, "Remove User", 5, "Delete", 6, "Create", 99, "Other")),
    API_ACTIVITY(
        6003,
        "API Activity",
        6,
        "Application Activity",
        Map.of(1, "Create", 2, "Read", 3, "Update", 4, "Delete", 99, "Other")),
    USER_INVENTORY(5003, "User Inventory Info", 5, "Discovery", Map.of(2, "Collect")),
    DETECTION_FINDING(2004, "Detection Finding", 2, "Findings", Map.of(1, "Create"));

    public final int uid;
    public final String caption;
    public final int categoryUid;
    public final String categoryCaption;
    private final Map<Integer, String> activities;

    OcsfClass(
        int uid,
        String caption,
        int categoryUid,
        String categoryCaption,
        Map<Integer, String> activities) {
      this.uid = uid;
      this.caption = caption;
      this.categoryUid = categoryUid;
      this.categoryCaption = categoryCaption;
      this.activities = activities;
    }

    /** The caption of an activity of this class (as the schema spells it). */
    public String activityCaption(int activityId) {
      String c = activities.get(activityId);
      if (c == null) {
        throw new IllegalArgumentException(caption + " has no activity " + activityId);
      }
      return c;
    }
  }

  /** What an action does, read from the verb inside DocuSign's action name. */
  public enum Verb {
    CREATE("creation"),
    READ("access"),
    UPDATE("change"),
    DELETE("deletion"),
    ENABLE("change"),
    DISABLE("change"),
    PASSWORD_CHANGE("change"),
    PASSWORD_RESET("change"),
    LOCK("change"),
    UNLOCK("change"),
    ADD_MEMBER("change"),
    REMOVE_MEMBER("change"),
    OTHER("info");

    /** The ECS {@code event.type} this verb adds. */
    public final String ecsType;

    Verb(String ecsType) {
      this.ecsType = ecsType;
    }
  }

  /**
   * The words that give an action its verb, tried in this order against the action name (case
   * ignored; a word matches anywhere in the name, so the longer, more specific words come first).
   */
  public static final List<Map.Entry<String, Verb>> VERB_WORDS =
      List.of(
          Map.entry("passwordchanged", Verb.PASSWORD_CHANGE),
          Map.entry("passwordreset", Verb.PASSWORD_RESET),
          Map.entry("unlocked", Verb.UNLOCK),
          Map.entry("locked", Verb.LOCK),
          Map.entry("unblocked", Verb.ENABLE),
          Map.entry("deactivated", Verb.DISABLE),
          Map.entry("reactivated", Verb.ENABLE),
          Map.entry("activated", Verb.ENABLE),
          Map.entry("enabled", Verb.ENABLE),
          Map.entry("disabled", Verb.DISABLE),
          Map.entry("closed", Verb.DISABLE),
          Map.entry("suspended", Verb.DISABLE),
          Map.entry("blocked", Verb.DISABLE),
          Map.entry("useradded", Verb.ADD_MEMBER),
          Map.entry("memberadded", Verb.ADD_MEMBER),
          Map.entry("userremoved", Verb.REMOVE_MEMBER),
          Map.entry("memberremoved", Verb.REMOVE_MEMBER),
          Map.entry("created", Verb.CREATE),
          Map.entry("added", Verb.CREATE),
          Map.entry("uploaded", Verb.CREATE),
          Map.entry("viewed", Verb.READ),
          Map.entry("downloaded", Verb.READ),
          Map.entry("printed", Verb.READ),
          Map.entry("opened", Verb.READ),
          Map.entry("accessed", Verb.READ),
          Map.entry("exported", Verb.READ),
          Map.entry("deleted", Verb.DELETE),
          Map.entry("purged", Verb.DELETE),
          Map.entry("removed", Verb.DELETE),
          Map.entry("updated", Verb.UPDATE),
          Map.entry("changed", Verb.UPDATE),
          Map.entry("modified", Verb.UPDATE),
          Map.entry("sent", Verb.UPDATE),
          Map.entry("delivered", Verb.UPDATE),
          Map.entry("completed", Verb.UPDATE),
          Map.entry("signed", Verb.UPDATE),
          Map.entry("declined", Verb.UPDATE),
          Map.entry("voided", Verb.UPDATE),
          Map.entry("corrected", Verb.UPDATE),
          Map.entry("renamed", Verb.UPDATE),
          Map.entry("moved", Verb.UPDATE),
          Map.entry("transferred", Verb.UPDATE));

  /** The verb of an action name ({@link Verb#OTHER} when no word matches). */
  public static Verb verb(String action) {
    if (action == null || action.isEmpty()) {
      return Verb.OTHER;
    }
    String a = action.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Verb> w : VERB_WORDS) {
      if (a.contains(w.getKey())) {
        return w.getValue();
      }
    }
    return Verb.OTHER;
  }

  /**
   * A kind of DocuSign record: its OCSF class and activity, and its ECS categorization. The
   * activity is fixed ({@code fixedActivity} ≥ 0) or follows the action's {@link Verb}.
   */
  public enum Kind {
    SIGN_IN(
        "sign-in (success or failure)",
        OcsfClass.AUTHENTICATION,
        1,
        "event",
        "authentication",
        List.of("start")),
    SIGN_OUT("sign-out", OcsfClass.AUTHENTICATION, 2, "event", "authentication", List.of("end")),
    API_KEY_USE(
        "API and integration key use (an access token granted)",
        OcsfClass.AUTHENTICATION,
        1,
        "event",
        "authentication",
        List.of("start")),
    ENVELOPE("envelope action", OcsfClass.API_ACTIVITY, -1, "event", "api", null),
    DOCUMENT("document action", OcsfClass.API_ACTIVITY, -1, "event", "api", null),
    TEMPLATE("template action", OcsfClass.API_ACTIVITY, -1, "event", "api", null),
    USER_CHANGE(
        "user change (created, updated, closed, added to the account)",
        OcsfClass.ACCOUNT_CHANGE,
        -1,
        "event",
        "iam",
        List.of("user")),
    GROUP_CHANGE(
        "group change (created, deleted, members)",
        OcsfClass.GROUP_MANAGEMENT,
        -1,
        "event",
        "iam",
        List.of("group")),
    PERMISSION_CHANGE(
        "permission profile change",
        OcsfClass.ENTITY_MANAGEMENT,
        -1,
        "event",
        "iam",
        List.of("admin")),
    ACCOUNT_SETTINGS(
        "account settings change (and Connect configuration)",
        OcsfClass.ENTITY_MANAGEMENT,
        -1,
        "event",
        "configuration",
        null),
    MONITOR_ALERT(
        "Monitor alert",
        OcsfClass.DETECTION_FINDING,
        1,
        "alert",
        "intrusion_detection",
        List.of("info")),
    AUDIT_USER(
        "audit user (a user's record)",
        OcsfClass.USER_INVENTORY,
        2,
        "state",
        "iam",
        List.of("user", "info")),
    UNKNOWN("unknown kind", OcsfClass.API_ACTIVITY, 99, "event", null, null);

    public final String description;
    public final OcsfClass ocsfClass;
    private final int fixedActivity;
    public final String ecsKind;

    /** The ECS {@code event.category} ({@code null}: left unset). */
    public final String ecsCategory;

    /** Fixed ECS {@code event.type}s, or (when the activity follows the verb) types added to it. */
    private final List<String> ecsTypes;

    Kind(
        String description,
        OcsfClass ocsfClass,
        int fixedActivity,
        String ecsKind,
        String ecsCategory,
        List<String> ecsTypes) {
      this.description = description;
      this.ocsfClass = ocsfClass;
      this.fixedActivity = fixedActivity;
      this.ecsKind = ecsKind;
      this.ecsCategory = ecsCategory;
      this.ecsTypes = ecsTypes;
    }

    /** The OCSF {@code activity_id} of an action of this kind. */
    public int activityId(Verb verb) {
      if (fixedActivity >= 0) {
        return fixedActivity;
      }
      return switch (ocsfClass) {
        case ACCOUNT_CHANGE ->
            switch (verb) {
              case CREATE, ADD_MEMBER -> 1;
              case ENABLE, UNLOCK -> verb == Verb.ENABLE ? 2 : 12;
              case PASSWORD_CHANGE -> 3;
              case PASSWORD_RESET -> 4;
              case DISABLE -> 5;
              case DELETE, REMOVE_MEMBER -> 6;
              case LOCK -> 9;
              default -> 99;
            };
        case GROUP_MANAGEMENT ->
            switch (verb) {
              case ADD_MEMBER -> 3;
              case REMOVE_MEMBER -> 4;
              case DELETE -> 5;
              case CREATE -> 6;
              default -> 99;
            };
        case ENTITY_MANAGEMENT ->
            switch (verb) {
              case CREATE -> 1;
              case READ -> 2;
              case DELETE -> 4;
              case ENABLE -> 8;
              case DISABLE -> 9;
              case OTHER -> 99;
              default -> 3;
            };
        case API_ACTIVITY ->
            switch (verb) {
              case CREATE -> 1;
              case READ -> 2;
              case DELETE -> 4;
              case OTHER -> 99;
              default -> 3;
            };
        default -> 99;
      };
    }

    /** The ECS {@code event.type} values ({@code empty} when the category is unset). */
    public List<String> ecsTypes(Verb verb) {
      if (ecsCategory == null) {
        return List.of();
      }
      if (fixedActivity >= 0 && ecsTypes != null) {
        return ecsTypes;
      }
      // ECS expects no "access" type in the iam category: reading a user or group is "info" there.
      String type = "iam".equals(ecsCategory) && verb == Verb.READ ? "info" : verb.ecsType;
      if (ecsTypes == null || ecsTypes.contains(type)) {
        return ecsTypes == null ? List.of(type) : ecsTypes;
      }
      return List.of(ecsTypes.get(0), type);
    }
  }

  /**
   * A rule: records whose {@code object} is one of {@code objects} (any object when empty) and
   * whose action contains one of {@code actionWords} (any action when empty) are {@code kind}.
   */
  public record Rule(List<String> objects, List<String> actionWords, Kind kind) {
    boolean matches(String object, String actionLower) {
      if (!objects.isEmpty() && !objects.contains(object)) {
        return false;
      }
      if (actionWords.isEmpty()) {
        return true;
      }
      for (String w : actionWords) {
        if (actionLower.contains(w)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final List<String> SIGN_OUT_WORDS = List.of("logout", "logoff", "signout");
  private static final List<String> SIGN_IN_WORDS = List.of("login", "logon", "signin");

  /** The object/action rules, tried in order (objects as DocuSign spells them). */
  public static final List<Rule> RULES =
      List.of(
          new Rule(List.of("Alert"), List.of(), Kind.MONITOR_ALERT),
          new Rule(List.of("Login", "Logon", "SignIn"), SIGN_OUT_WORDS, Kind.SIGN_OUT),
          new Rule(List.of("Login", "Logon", "SignIn"), List.of(), Kind.SIGN_IN),
          new Rule(List.of(), SIGN_OUT_WORDS, Kind.SIGN_OUT),
          new Rule(List.of(), SIGN_IN_WORDS, Kind.SIGN_IN),
          new Rule(List.of("IntegrationKey", "ApiKey", "OAuth"), List.of(), Kind.API_KEY_USE),
          new Rule(List.of("Envelope"), List.of(), Kind.ENVELOPE),
          new Rule(List.of("Document"), List.of(), Kind.DOCUMENT),
          new Rule(List.of("Template"), List.of(), Kind.TEMPLATE),
          new Rule(List.of("User"), List.of(), Kind.USER_CHANGE),
          new Rule(List.of("Account"), List.of("user"), Kind.USER_CHANGE),
          new Rule(List.of("Group"), List.of(), Kind.GROUP_CHANGE),
          new Rule(
              List.of("PermissionProfile", "PermissionSet", "Permission"),
              List.of(),
              Kind.PERMISSION_CHANGE),
          new Rule(List.of("Account", "Connect"), List.of(), Kind.ACCOUNT_SETTINGS));

  /** The kind of a customer event by its {@code object} and {@code action}. */
  public static Kind kind(String object, String action) {
    String o = object == null ? "" : object;
    String a = action == null ? "" : action.toLowerCase(Locale.ROOT);
    for (Rule r : RULES) {
      if (r.matches(o, a)) {
        return r.kind();
      }
    }
    return Kind.UNKNOWN;
  }

  /** OCSF severity ids by DocuSign's alert severity word (case ignored); 0 Unknown otherwise. */
  public static int severityId(String severity) {
    if (severity == null) {
      return 0;
    }
    return switch (severity.toLowerCase(Locale.ROOT)) {
      case "informational", "info" -> 1;
      case "low" -> 2;
      case "medium" -> 3;
      case "high" -> 4;
      case "critical" -> 5;
      default -> 0;
    };
  }

  /** OCSF severity captions by id. */
  public static String severityCaption(int id) {
    return switch (id) {
      case 1 -> "Informational";
      case 2 -> "Low";
      case 3 -> "Medium";
      case 4 -> "High";
      case 5 -> "Critical";
      default -> "Unknown";
    };
  }

  /** The OCSF {@code status_id} of DocuSign's {@code result}: 1 Success, 2 Failure, 0 Unknown. */
  public static int statusId(String result) {
    if (result == null || result.isEmpty()) {
      return 0;
    }
    return switch (result.toLowerCase(Locale.ROOT)) {
      case "success", "succeeded", "successful" -> 1;
      case "failure", "failed", "fail", "error", "denied" -> 2;
      default -> 99;
    };
  }
}
