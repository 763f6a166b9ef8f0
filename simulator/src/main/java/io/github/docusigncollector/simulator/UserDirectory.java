package io.github.docusigncollector.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The users of the organization and the account, with their hidden modification instants. */
final class UserDirectory {
  static final long USER_STREAM = 21;
  private static final DateTimeFormatter MODIFIED =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SEVEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter THREE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String[] FIRST = {
    "Alice", "Bruno", "Chen", "Dana", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kavya",
    "Liam", "Maya", "Nikolai", "Olivia", "Pedro", "Quinn", "Rosa", "Sanjay", "Tara", "Umar", "Vera",
    "Wen", "Xavier", "Yara", "Zoe"
  };
  private static final String[] LAST = {
    "Anderson", "Baker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Hughes", "Ivanova",
    "Jensen", "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Patel", "Quintero", "Rossi",
    "Schmidt", "Tanaka", "Usman", "Varga", "Weber", "Xu", "Young", "Zimmermann"
  };
  private static final String[] TITLES = {
    "Account Executive", "Paralegal", "HR Generalist", "Procurement Lead", "Engineer",
    "Finance Analyst", "Office Manager", "Sales Director", "Counsel", "Operations Specialist"
  };
  private static final String[][] PROFILES = {
    {"DS Sender", "1"}, {"DS Admin", "2"}, {"DS Viewer", "3"}
  };

  /** One user; mutable fields are guarded by the directory's lock. */
  static final class User {
    final int index;
    final String id;
    final String firstName;
    final String lastName;
    final String email;
    final Instant created;
    final Instant membershipCreated;
    final String membershipId;
    final boolean admin;
    final int profile;
    Instant lastLogin;
    final Instant passwordExpiration;
    final String membershipStatus;
    String jobTitle;
    Instant modifiedAt;
    String modifiedBy;
    boolean deleted;
    Instant closedOn;

    User(long seed, int index, Instant now, String adminUserId) {
      this.index = index;
      Mix.Seq r = new Mix.Seq(Mix.mix(seed, USER_STREAM + 1, index));
      this.id = Mix.guid(seed, USER_STREAM, index).toString();
      this.firstName = FIRST[r.below(FIRST.length)];
      this.lastName = LAST[r.below(LAST.length)];
      this.email =
          firstName.toLowerCase(Locale.ROOT)
              + "."
              + lastName.toLowerCase(Locale.ROOT)
              + index
              + "@example.com";
      this.created =
          Instant.parse("2019-01-01T00:00:00Z")
              .plusMillis(Long.remainderUnsigned(r.next(), 5L * 365 * 86_400_000L));
      this.membershipCreated = created.plusSeconds(r.below(86_400));
      this.membershipId = Mix.guid(seed, USER_STREAM + 2, index).toString();
      this.admin = r.below(10) == 0;
      this.profile = admin ? 1 : r.below(4) == 0 ? 2 : 0;
      this.lastLogin = now.minusSeconds(3600 + r.below(30 * 86_400));
      this.passwordExpiration = now.plusSeconds(86_400L * (30 + r.below(300)));
      this.membershipStatus = r.below(20) == 0 ? "activation_sent" : "active";
      this.jobTitle = TITLES[r.below(TITLES.length)];
      this.modifiedAt =
          now.minusMillis(Long.remainderUnsigned(r.next(), Duration.ofMinutes(30).toMillis()));
      this.modifiedBy = adminUserId;
    }
  }

  private final ObjectMapper json;
  private final String accountId;
  private final String adminUserId;
  private final long seed;
  private final List<User> users = new ArrayList<>();
  private final Map<String, User> byId = new HashMap<>();
  private final User adminUser;
  private User[] adminOrder;
  private final Random picker;

  UserDirectory(
      ObjectMapper json, long seed, int n, Instant now, String accountId, String adminUserId) {
    this.json = json;
    this.seed = seed;
    this.accountId = accountId;
    this.adminUserId = adminUserId;
    this.picker = new Random(seed * 31 + 7);
    for (int i = 0; i < n; i++) {
      User u = new User(seed, i, now, adminUserId);
      users.add(u);
      byId.put(u.id, u);
    }
    adminOrder = users.toArray(new User[0]);
    // A stable order that has nothing to do with modification time, as the Admin API's.
    Arrays.sort(adminOrder, Comparator.comparingLong(u -> Mix.splitmix(u.id.hashCode() ^ seed)));
    adminUser = new User(seed, -1, now, adminUserId);
  }

  synchronized List<String> ids() {
    List<String> out = new ArrayList<>(users.size());
    for (User u : users) {
      out.add(u.id);
    }
    return out;
  }

  synchronized Map<String, Instant> modifiedAt() {
    Map<String, Instant> out = new LinkedHashMap<>();
    for (User u : users) {
      out.put(u.id, u.modifiedAt);
    }
    return out;
  }

  synchronized int size() {
    return users.size();
  }

  synchronized List<String> modifyRandom(int n, Instant now) {
    List<User> live = new ArrayList<>();
    for (User u : users) {
      if (!u.deleted) {
        live.add(u);
      }
    }
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < n && !live.isEmpty(); i++) {
      User u = live.remove(picker.nextInt(live.size()));
      touch(u, now);
      changed.add(u.id);
    }
    return changed;
  }

  synchronized void modify(String id, Instant now) {
    touch(require(id), now);
  }

  /**
   * Users sign in: {@code lastLogin} moves to now. A sign-in is not a modification: neither {@code
   * modifiedDate} nor the Admin API's filter sees it.
   */
  synchronized void signIn(List<String> ids, Instant now) {
    for (String id : ids) {
      require(id).lastLogin = now.truncatedTo(ChronoUnit.MILLIS);
    }
  }

  synchronized void delete(String id, Instant now) {
    User u = require(id);
    u.deleted = true;
    u.closedOn = now;
  }

  private User require(String id) {
    User u = byId.get(id);
    if (u == null) {
      throw new IllegalArgumentException("no such user: " + id);
    }
    return u;
  }

  private void touch(User u, Instant now) {
    String next = u.jobTitle;
    for (int i = 0; i < TITLES.length && next.equals(u.jobTitle); i++) {
      next = TITLES[picker.nextInt(TITLES.length)];
    }
    if (next.equals(u.jobTitle)) {
      next = u.jobTitle + " II";
    }
    u.jobTitle = next;
    u.modifiedAt = now.truncatedTo(ChronoUnit.MILLIS);
    u.modifiedBy = adminUserId;
  }

  /** The Admin API users page. Filters on the hidden modification instant, inclusive. */
  synchronized ObjectNode adminPage(
      Instant since, String email, int start, int take, String nextBase) {
    List<User> match = new ArrayList<>();
    for (User u : adminOrder) {
      if (since != null && u.modifiedAt.isBefore(since)) {
        continue;
      }
      if (email != null && !u.email.equalsIgnoreCase(email)) {
        continue;
      }
      match.add(u);
    }
    ObjectNode root = json.createObjectNode();
    ArrayNode arr = root.putArray("users");
    int end = Math.min(match.size(), start + take);
    for (int i = start; i < end; i++) {
      arr.add(adminUser(match.get(i)));
    }
    ObjectNode paging = root.putObject("paging");
    int size = Math.max(0, end - start);
    paging.put("result_set_size", size);
    paging.put("result_set_start_position", start);
    paging.put("result_set_end_position", size == 0 ? start : end - 1);
    paging.put("total_set_size", match.size());
    if (end < match.size()) {
      paging.put("next", nextBase + "start=" + end + "&take=" + take);
    }
    if (start > 0) {
      paging.put("previous", nextBase + "start=" + Math.max(0, start - take) + "&take=" + take);
    }
    return root;
  }

  private ObjectNode adminUser(User u) {
    ObjectNode o = json.createObjectNode();
    o.put("id", u.id);
    o.put("user_name", u.firstName + " " + u.lastName);
    o.put("first_name", u.firstName);
    o.put("last_name", u.lastName);
    o.put("user_status", u.deleted ? "closed" : "active");
    o.put("membership_status", u.deleted ? "closed" : u.membershipStatus);
    o.put("email", u.email);
    o.put("created_on", THREE.format(u.created));
    o.put("membership_created_on", THREE.format(u.membershipCreated));
    if (u.deleted) {
      o.put("closed_on", THREE.format(u.closedOn));
      o.put("membership_closed_on", THREE.format(u.closedOn));
    }
    o.putArray("ds_groups");
    o.put("membership_id", u.membershipId);
    o.put("is_membership_managed_by_scim", false);
    o.put("is_managed_by_scim", false);
    return o;
  }

  /** The eSignature record of a live user (or the impersonated admin), else null. */
  synchronized ObjectNode esignUser(String id, boolean additionalInfo) {
    User u = adminUserId.equals(id) ? adminUser : byId.get(id);
    if (u == null || u.deleted) {
      return null;
    }
    return esignRecord(u, id, additionalInfo);
  }

  /**
   * A user's eSignature record. As DocuSign's: the sign-in fields ({@code lastLogin}, {@code
   * loginStatus}, {@code passwordExpiration}) and {@code customSettings} only with {@code
   * additional_info=true}, on the per-user GET and on the account list alike.
   */
  private ObjectNode esignRecord(User u, String id, boolean additionalInfo) {
    ObjectNode o = json.createObjectNode();
    boolean isImpersonated = u == adminUser;
    String first = isImpersonated ? "Sam" : u.firstName;
    String last = isImpersonated ? "Simulator" : u.lastName;
    o.put("userId", id);
    o.put("userName", first + " " + last);
    o.put("firstName", first);
    o.put("lastName", last);
    o.put("email", isImpersonated ? "sam.simulator@example.com" : u.email);
    o.put("userStatus", "activation_sent".equals(u.membershipStatus) ? "ActivationSent" : "Active");
    o.put("userType", "CompanyUser");
    boolean admin = isImpersonated || u.admin;
    o.put("isAdmin", admin ? "True" : "False");
    o.put("isAlternateAdmin", "False");
    int profile = isImpersonated ? 1 : u.profile;
    o.put("permissionProfileId", PROFILES[profile][1] + "0" + (seed & 0xffff));
    o.put("permissionProfileName", PROFILES[profile][0]);
    ArrayNode groups = o.putArray("groupList");
    ObjectNode everyone = groups.addObject();
    everyone.put("groupId", "1" + (seed & 0xffff));
    everyone.put("groupName", "Everyone");
    everyone.put("groupType", "everyoneGroup");
    if (admin) {
      ObjectNode admins = groups.addObject();
      admins.put("groupId", "2" + (seed & 0xffff));
      admins.put("groupName", "Administrators");
      admins.put("groupType", "adminGroup");
    }
    o.put("createdDateTime", SEVEN.format(u.created));
    o.put("userAddedToAccountDateTime", SEVEN.format(u.membershipCreated));
    o.put("jobTitle", u.jobTitle);
    o.put("company", "Simulated Company");
    if (additionalInfo) {
      o.put("lastLogin", SEVEN.format(u.lastLogin));
      o.put("loginStatus", "Active");
      o.put("passwordExpiration", SEVEN.format(u.passwordExpiration));
    }
    o.put("isManagedByScim", "False");
    o.put("isMembershipManagedByScim", "False");
    o.put("uri", "/users/" + id);
    o.put("defaultAccountId", accountId);
    ObjectNode settings = o.putObject("userSettings");
    settings.put("locale", "en");
    settings.put("canSendEnvelope", "true");
    settings.put("canManageAccount", admin ? "true" : "false");
    settings.put("allowSendOnBehalfOf", "false");
    settings.put("timezoneOffset", "tz_21_pacific");
    settings.put("modifiedDate", MODIFIED.format(u.modifiedAt));
    settings.put("modifiedBy", u.modifiedBy);
    settings.put("modifiedPage", "Users");
    if (additionalInfo) {
      o.putArray("customSettings");
    }
    return o;
  }

  /** The eSignature account user list: live users in creation order. */
  synchronized ObjectNode esignList(int start, int count, boolean additionalInfo) {
    List<User> live = new ArrayList<>();
    for (User u : users) {
      if (!u.deleted) {
        live.add(u);
      }
    }
    ObjectNode root = json.createObjectNode();
    ArrayNode arr = root.putArray("users");
    int end = Math.min(live.size(), start + count);
    for (int i = start; i < end; i++) {
      User u = live.get(i);
      arr.add(esignRecord(u, u.id, additionalInfo));
    }
    int size = Math.max(0, end - start);
    root.put("resultSetSize", Integer.toString(size));
    root.put("totalSetSize", Integer.toString(live.size()));
    root.put("startPosition", Integer.toString(start));
    root.put("endPosition", Integer.toString(size == 0 ? start : end - 1));
    if (end < live.size()) {
      root.put(
          "nextUri",
          "/users?additional_info="
              + additionalInfo
              + "&count="
              + count
              + "&start_position="
              + end);
    }
    if (start > 0) {
      root.put(
          "previousUri",
          "/users?additional_info="
              + additionalInfo
              + "&count="
              + count
              + "&start_position="
              + Math.max(0, start - count));
    }
    return root;
  }
}
