package io.github.docusigncollector.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:15:00Z");
  static final DateTimeFormatter MODIFIED =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
  DocuSignSimulator sim;
  SimHttp http;
  String token;
  String admin;
  String esign;

  @BeforeEach
  void start() {
    sim =
        TestKeys.builder()
            .clock(SimClock.fixed(T0))
            .users(230)
            .consent(true)
            .hourlyLimit(0)
            .burstLimit(0)
            .start();
    http = new SimHttp(sim);
    token = http.allScopesToken();
    admin = "/management/v2/organizations/" + sim.organizationId() + "/users";
    esign = "/restapi/v2.1/accounts/" + sim.accountId() + "/users";
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  JsonNode get(String url) {
    HttpResponse<String> r = http.get(url, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return SimHttp.json(r);
  }

  List<String> adminAll(String firstUrl) {
    List<String> ids = new ArrayList<>();
    String url = firstUrl;
    while (url != null) {
      JsonNode p = get(url);
      p.path("users").forEach(u -> ids.add(u.path("id").asText()));
      url = p.path("paging").hasNonNull("next") ? p.path("paging").path("next").asText() : null;
    }
    return ids;
  }

  @Test
  void adminPagingFollowsNextToEveryUserInAStableUnsortedOrder() {
    List<String> ids = adminAll(admin + "?account_id=" + sim.accountId() + "&take=100");
    assertThat(ids).hasSize(230).containsExactlyInAnyOrderElementsOf(sim.userIds());
    assertThat(adminAll(admin + "?account_id=" + sim.accountId() + "&take=100")).isEqualTo(ids);
    Map<String, Instant> mod = sim.userModifiedAt();
    List<String> byModification = new ArrayList<>(ids);
    byModification.sort(Comparator.comparing(mod::get));
    assertThat(ids).isNotEqualTo(byModification);
    JsonNode first = get(admin + "?account_id=" + sim.accountId() + "&take=100");
    JsonNode paging = first.path("paging");
    assertThat(paging.path("result_set_size").asInt()).isEqualTo(100);
    assertThat(paging.path("result_set_start_position").asInt()).isZero();
    assertThat(paging.path("result_set_end_position").asInt()).isEqualTo(99);
    assertThat(paging.path("total_set_size").asInt()).isEqualTo(230);
    assertThat(paging.path("next").asText())
        .startsWith(sim.baseUrl() + admin + "?")
        .contains("start=100");
    JsonNode u = first.path("users").get(0);
    for (String f :
        List.of(
            "id",
            "user_name",
            "first_name",
            "last_name",
            "user_status",
            "membership_status",
            "email",
            "created_on",
            "membership_created_on",
            "membership_id",
            "is_membership_managed_by_scim")) {
      assertThat(u.has(f)).as(f).isTrue();
    }
    assertThat(u.toString()).doesNotContainIgnoringCase("modif");
    JsonNode last = get(admin + "?account_id=" + sim.accountId() + "&take=100&start=200");
    assertThat(last.path("users")).hasSize(30);
    assertThat(last.path("paging").has("next")).isFalse();
  }

  @Test
  void adminDefaultsAndErrors() {
    assertThat(get(admin + "?account_id=" + sim.accountId()).path("users")).hasSize(20);
    HttpResponse<String> big =
        http.get(admin + "?account_id=" + sim.accountId() + "&take=251", token);
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(big).path("error_description").asText()).contains("take");
    assertThat(http.get(admin + "?take=10", token).statusCode()).isEqualTo(400);
    assertThat(
            http.get(
                    admin.replace("/management", "/Management") + "?account_id=" + sim.accountId(),
                    token)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            http.get(
                    admin + "?account_id=" + sim.accountId() + "&last_modified_since=yesterday",
                    token)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void lastModifiedSinceIsInclusiveAndAcceptsThreeForms() {
    sim.clock().advance(Duration.ofHours(1));
    token = http.allScopesToken();
    List<String> changed = new ArrayList<>();
    sim.modifyUsers(3);
    Instant t = sim.clock().instant();
    sim.userModifiedAt()
        .forEach(
            (id, at) -> {
              if (!at.isBefore(t)) {
                changed.add(id);
              }
            });
    assertThat(changed).hasSize(3);
    String acct = "?account_id=" + sim.accountId() + "&take=250&last_modified_since=";
    assertThat(adminAll(admin + acct + SimHttp.enc(t.toString())))
        .containsExactlyInAnyOrderElementsOf(changed);
    String local = LocalDateTime.ofInstant(t, ZoneOffset.UTC).toString();
    assertThat(adminAll(admin + acct + SimHttp.enc(local)))
        .containsExactlyInAnyOrderElementsOf(changed);
    assertThat(adminAll(admin + acct + SimHttp.enc(t.plusMillis(1).toString()))).isEmpty();
    assertThat(adminAll(admin + acct + "2026-03-02")).hasSize(230);
    // the modification shows in eSignature, to the second, in DocuSign's US format
    JsonNode rec = get(esign + "/" + changed.get(0));
    String md = rec.path("userSettings").path("modifiedDate").asText();
    assertThat(LocalDateTime.parse(md, MODIFIED).toInstant(ZoneOffset.UTC))
        .isEqualTo(t.truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void esignUserRecord() {
    String id = sim.userIds().get(7);
    JsonNode u = get(esign + "/" + id + "?additional_info=true");
    assertThat(u.path("userId").asText()).isEqualTo(id);
    for (String f :
        List.of(
            "userName",
            "firstName",
            "lastName",
            "email",
            "userStatus",
            "userType",
            "isAdmin",
            "permissionProfileId",
            "permissionProfileName",
            "groupList",
            "createdDateTime",
            "jobTitle",
            "company",
            "lastLogin",
            "uri")) {
      assertThat(u.has(f)).as(f).isTrue();
    }
    assertThat(u.path("isAdmin").asText()).isIn("True", "False");
    assertThat(u.path("userSettings").path("modifiedDate").asText())
        .matches("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d\\d:\\d\\d (AM|PM)");
    assertThat(get(esign + "/" + sim.userId()).path("isAdmin").asText()).isEqualTo("True");
  }

  @Test
  void esignUnknownAndDeletedUsersAre404() {
    HttpResponse<String> r = http.get(esign + "/00000000-0000-4000-8000-000000000000", token);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(SimHttp.json(r).path("errorCode").asText()).isEqualTo("USER_NOT_FOUND");
    String id = sim.userIds().get(3);
    sim.deleteUser(id);
    assertThat(http.get(esign + "/" + id, token).statusCode()).isEqualTo(404);
    assertThat(adminAll(admin + "?account_id=" + sim.accountId() + "&take=250")).contains(id);
    List<String> listed = new ArrayList<>();
    for (int s = 0; s < 300; s += 100) {
      get(esign + "?additional_info=true&count=100&start_position=" + s)
          .path("users")
          .forEach(u -> listed.add(u.path("userId").asText()));
    }
    assertThat(listed).hasSize(229).doesNotContain(id);
  }

  @Test
  void esignListPagesWithStringNumbers() {
    JsonNode p = get(esign + "?additional_info=true&count=100&start_position=200");
    assertThat(p.path("users")).hasSize(30);
    assertThat(p.path("resultSetSize").isTextual()).isTrue();
    assertThat(p.path("resultSetSize").asText()).isEqualTo("30");
    assertThat(p.path("totalSetSize").asText()).isEqualTo("230");
    assertThat(p.path("startPosition").asText()).isEqualTo("200");
    assertThat(p.path("endPosition").asText()).isEqualTo("229");
    JsonNode first = get(esign + "?additional_info=true&count=100");
    assertThat(first.path("nextUri").asText()).contains("start_position=100");
    assertThat(first.path("users").get(0).path("userSettings").has("modifiedDate")).isTrue();
    HashSet<String> all = new HashSet<>();
    first.path("users").forEach(u -> all.add(u.path("userId").asText()));
    assertThat(all).hasSize(100);
    HttpResponse<String> big = http.get(esign + "?count=101", token);
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(big).path("errorCode").asText()).isNotEmpty();
  }

  @Test
  void wrongAccountIsRefused() {
    HttpResponse<String> r =
        http.get(
            "/restapi/v2.1/accounts/00000000-0000-4000-8000-000000000000/users/" + sim.userId(),
            token);
    assertThat(r.statusCode()).isIn(400, 404);
    assertThat(SimHttp.json(r).path("errorCode").asText()).isNotEmpty();
  }

  @Test
  void additionalInfoGivesTheSameFieldsOnThePerUserGetAndTheList() {
    String id = sim.userIds().get(5);
    JsonNode plain = get(esign + "/" + id);
    JsonNode one = get(esign + "/" + id + "?additional_info=true");
    JsonNode listed = null;
    for (JsonNode u :
        get(esign + "?additional_info=true&count=100&start_position=0").path("users")) {
      if (u.path("userId").asText().equals(id)) {
        listed = u;
      }
    }
    JsonNode listedPlain = get(esign + "?count=100&start_position=0").path("users").get(5);
    assertThat(one).isEqualTo(listed);
    for (String f : List.of("lastLogin", "loginStatus", "passwordExpiration", "customSettings")) {
      assertThat(one.has(f)).as(f).isTrue();
      assertThat(plain.has(f)).as(f).isFalse();
      assertThat(listedPlain.has(f)).as(f).isFalse();
    }
  }

  @Test
  void aSignInMovesLastLoginOnlyNotTheModificationTime() {
    String id = sim.userIds().get(9);
    JsonNode before = get(esign + "/" + id + "?additional_info=true");
    Instant modified = sim.userModifiedAt().get(id);
    sim.signIn(List.of(id));
    JsonNode after = get(esign + "/" + id + "?additional_info=true");
    assertThat(after.path("lastLogin")).isNotEqualTo(before.path("lastLogin"));
    assertThat(after.path("lastLogin").asText()).startsWith("2026-03-02T10:15:00");
    assertThat(after.path("userSettings")).isEqualTo(before.path("userSettings"));
    assertThat(sim.userModifiedAt().get(id)).isEqualTo(modified);
  }
}
