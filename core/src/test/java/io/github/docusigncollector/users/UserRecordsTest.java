package io.github.docusigncollector.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.monitor.EventTime;
import org.junit.jupiter.api.Test;

class UserRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode obj(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void mergesESignatureFieldsAtTheTopWithAdminKeysWinning() throws Exception {
    ObjectNode admin = obj("{\"id\":\"u1\",\"email\":\"a@x\",\"user_status\":\"active\"}");
    ObjectNode esign =
        obj(
            "{\"userId\":\"u1\",\"email\":\"other@x\",\"userName\":\"A\",\"userSettings\":"
                + "{\"modifiedDate\":\"5/1/2026 9:08:07 PM\"}}");
    ObjectNode merged = UserRecords.merge(admin, esign);
    assertThat(merged.get("email").asText()).isEqualTo("a@x");
    assertThat(merged.get("userName").asText()).isEqualTo("A");
    JsonNode line = JSON.readTree(UserRecords.toLine(merged, 0));
    assertThat(line.get("_time").asText()).isEqualTo("2026-05-01T21:08:07Z");
    assertThat(line.get("source_log_type").asText()).isEqualTo("auditusers");
    assertThat(line.has("_time_source")).isFalse();
  }

  @Test
  void aDeletedUserIsTheAdminRecordWithCollectionTime() throws Exception {
    ObjectNode merged = UserRecords.merge(obj("{\"id\":\"u1\"}"), null);
    long now = EventTime.parseEpochSecond("2026-05-01T10:00:00Z");
    JsonNode line = JSON.readTree(UserRecords.toLine(merged, now));
    assertThat(line.get("_time").asText()).isEqualTo("2026-05-01T10:00:00Z");
    assertThat(line.get("_time_source").asText()).isEqualTo("collected");
  }

  @Test
  void theHashIgnoresAddedFieldsAndSurvivesARoundTripThroughTheSink() throws Exception {
    ObjectNode merged =
        UserRecords.merge(
            obj("{\"id\":\"u1\",\"n\":3}"), obj("{\"userId\":\"u1\",\"isAdmin\":\"False\"}"));
    String hash = UserRecords.contentHash(merged);
    ObjectNode back = (ObjectNode) JSON.readTree(UserRecords.toLine(merged, 12345));
    assertThat(UserRecords.contentHash(back)).isEqualTo(hash);
    ObjectNode changed = merged.deepCopy().put("n", 4);
    assertThat(UserRecords.contentHash(changed)).isNotEqualTo(hash);
  }

  @Test
  void theHashIgnoresSignInFieldsButNotOtherChanges() throws Exception {
    ObjectNode a =
        (ObjectNode)
            new ObjectMapper()
                .readTree(
                    "{\"id\":\"u1\",\"jobTitle\":\"Counsel\",\"lastLogin\":\"2026-01-01T00:00:00Z\","
                        + "\"loginStatus\":\"Active\",\"passwordExpiration\":\"2026-06-01\"}");
    ObjectNode signedIn = a.deepCopy();
    signedIn.put("lastLogin", "2026-05-01T10:00:00Z");
    signedIn.put("loginStatus", "LockedOut");
    assertThat(UserRecords.contentHash(signedIn)).isEqualTo(UserRecords.contentHash(a));
    ObjectNode retitled = a.deepCopy();
    retitled.put("jobTitle", "Engineer");
    assertThat(UserRecords.contentHash(retitled)).isNotEqualTo(UserRecords.contentHash(a));
    ObjectNode newPassword = a.deepCopy();
    newPassword.put("passwordExpiration", "2026-09-01");
    assertThat(UserRecords.contentHash(newPassword)).isNotEqualTo(UserRecords.contentHash(a));
    // the record itself keeps them
    assertThat(a.has("lastLogin")).isTrue();
  }
}
