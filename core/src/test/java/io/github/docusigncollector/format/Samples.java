package io.github.docusigncollector.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DocuSign records as the collector delivers them (normalized: {@code _time} and {@code
 * source_log_type} added): the kinds the simulator makes, the public samples' shapes (Datadog's and
 * Sumo Logic's, ids invented), and an audit user.
 */
final class Samples {
  static final ObjectMapper JSON = new ObjectMapper();

  private Samples() {}

  /** The object/action/property/result of every kind the simulator's EventWriter makes. */
  static final List<String[]> SIMULATOR_KINDS =
      List.of(
          new String[] {
            "Login",
            "Login",
            "",
            "Success",
            "{\"LoginType\":\"SSO\",\"AuthenticationMethod\":\"TwoFactor\"}"
          },
          new String[] {
            "Login",
            "Login",
            "",
            "Failure",
            "{\"LoginType\":\"Password\",\"FailureReason\":\"InvalidPassword\",\"FailedAttempts\":3}"
          },
          new String[] {"Login", "Logout", "", "Success", "{}"},
          new String[] {
            "Envelope",
            "EnvelopeSent",
            "",
            "Success",
            "{\"EnvelopeId\":\"4f6a1d55-7a57-4d39-a1b4-2c1e9d0f3b21\",\"Subject\":\"Please DocuSign: Agreement 1234\",\"RecipientCount\":2}"
          },
          new String[] {
            "Envelope",
            "EnvelopeViewed",
            "",
            "Success",
            "{\"EnvelopeId\":\"4f6a1d55-7a57-4d39-a1b4-2c1e9d0f3b21\"}"
          },
          new String[] {
            "Envelope",
            "EnvelopeCompleted",
            "",
            "Success",
            "{\"EnvelopeId\":\"4f6a1d55-7a57-4d39-a1b4-2c1e9d0f3b21\"}"
          },
          new String[] {
            "Envelope",
            "EnvelopeVoided",
            "",
            "Success",
            "{\"EnvelopeId\":\"4f6a1d55-7a57-4d39-a1b4-2c1e9d0f3b21\"}"
          },
          new String[] {
            "Document",
            "DocumentDownloaded",
            "",
            "Success",
            "{\"EnvelopeId\":\"4f6a1d55-7a57-4d39-a1b4-2c1e9d0f3b21\",\"DocumentId\":\"2\"}"
          },
          new String[] {
            "IntegrationKey",
            "AccessTokenGranted",
            "",
            "Success",
            "{\"GrantType\":\"JwtBearer\",\"Scopes\":\"signature impersonation\"}"
          },
          new String[] {
            "User",
            "UserCreated",
            "",
            "Success",
            "{\"AffectedUserId\":\"0b1d7f2e-5c3a-4e8b-9f21-6d4c2b1a0e99\",\"AffectedUserEmail\":\"user42@example.com\"}"
          },
          new String[] {
            "User",
            "UserUpdated",
            "Email",
            "Success",
            "{\"AffectedUserId\":\"0b1d7f2e-5c3a-4e8b-9f21-6d4c2b1a0e99\",\"AffectedUserEmail\":\"user42@example.com\"}"
          },
          new String[] {
            "User",
            "UserClosed",
            "",
            "Success",
            "{\"AffectedUserId\":\"0b1d7f2e-5c3a-4e8b-9f21-6d4c2b1a0e99\",\"AffectedUserEmail\":\"user42@example.com\"}"
          },
          new String[] {
            "PermissionProfile",
            "PermissionProfileChanged",
            "Permission",
            "Success",
            "{\"PermissionProfileName\":\"DS Admin\",\"OldValue\":\"False\",\"NewValue\":\"True\"}"
          },
          new String[] {
            "Account",
            "AccountSettingChanged",
            "Setting",
            "Success",
            "{\"OldValue\":\"False\",\"NewValue\":\"True\"}"
          },
          new String[] {
            "Alert",
            "Alert",
            "FailedLoginAttempts",
            "Triggered",
            "{\"AlertName\":\"Multiple failed login attempts\",\"Severity\":\"High\",\"Count\":12}"
          },
          new String[] {
            "Alert",
            "Alert",
            "UnusualEnvelopeVolume",
            "Triggered",
            "{\"AlertName\":\"Unusual increase in envelopes sent\",\"Severity\":\"Medium\",\"Count\":400}"
          });

  /** A simulator-shaped event of one kind (field for field as its EventWriter writes them). */
  static ObjectNode simulatorEvent(String[] kind) {
    return parse(
        "{\"timestamp\":\"2026-05-01T11:58:03.1234567Z\",\"eventId\":\"9c1f3e4a-2b5d-4c6e-8f70-1a2b3c4d5e6f\","
            + "\"site\":\"NA3\",\"accountId\":\"5e2c9a10-3f4b-4d6e-9a7b-8c1d2e3f4a5b\","
            + "\"organizationId\":\"7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d\","
            + "\"userId\":\"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\",\"integratorKey\":\"\","
            + "\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0.0.0\","
            + "\"userAgentClientInfo\":{\"browser\":{\"family\":\"Chrome\",\"version\":\"124.0.0\"},"
            + "\"device\":{\"family\":\"Other\",\"type\":\"Desktop\"},\"os\":{\"family\":\"Windows\",\"version\":\"10\"}},"
            + "\"ipAddress\":\"73.12.200.7\",\"ipAddressLocation\":{\"latitude\":37.7749,\"longitude\":-122.4194,"
            + "\"country\":\"US\",\"state\":\"California\",\"city\":\"San Francisco\"},"
            + "\"object\":\""
            + kind[0]
            + "\",\"action\":\""
            + kind[1]
            + "\",\"property\":\""
            + kind[2]
            + "\",\"field\":\"\",\"result\":\""
            + kind[3]
            + "\",\"source\":\"Web\",\"isUserMemberOfDomain\":true,\"proxyStatus\":\"NotAProxy\","
            + "\"latitude\":37.7749,\"longitude\":-122.4194,\"city\":\"San Francisco\",\"state\":\"California\","
            + "\"country\":\"US\",\"device\":\"Desktop\",\"browser\":\"Chrome\",\"os\":\"Windows\",\"data\":"
            + kind[4]
            + ",\"_time\":\"2026-05-01T11:58:03Z\",\"source_log_type\":\"customerevent\"}");
  }

  /** The shapes of the public samples (object/action pairs seen in Datadog's and Sumo's). */
  static Map<String, ObjectNode> publicSamples() {
    Map<String, ObjectNode> m = new LinkedHashMap<>();
    String head =
        "{\"timestamp\":\"2024-07-07T16:20:36.1227494Z\",\"eventId\":\"18f39c7c-0000-4000-8000-9aadcf98d123\","
            + "\"site\":\"DEMO\",\"accountId\":\"93a15559-0000-4000-8000-000000000001\",\"organizationId\":\"\","
            + "\"userId\":\"fc8d7d8c-0000-4000-8000-000000000002\",\"integratorKey\":\"\",";
    String web =
        "\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0.0.0 Safari/537.36\","
            + "\"userAgentClientInfo\":{\"os\":{\"family\":\"Windows\",\"version\":{\"major\":\"10\"}},"
            + "\"browser\":{\"family\":\"Chrome\",\"version\":{\"major\":\"126\",\"minor\":\"0\",\"patch\":\"0\"}},"
            + "\"device\":{\"family\":\"Other\",\"brand\":\"\",\"model\":\"\"}},"
            + "\"ipAddress\":\"162.248.186.11\",\"ipAddressLocation\":{\"latitude\":47.6,\"longitude\":-122.33,"
            + "\"country\":\"united states\",\"state\":\"washington\",\"city\":\"seattle\"},"
            + "\"latitude\":47.6,\"longitude\":-122.33,\"city\":\"seattle\",\"state\":\"washington\","
            + "\"country\":\"united states\",";
    String tail =
        ",\"property\":\"\",\"field\":\"\",\"result\":\"\",\"referencedUserId\":\"\",\"affectedUserId\":\"\","
            + "\"proxyStatus\":\"\",\"proxyType\":\"\",\"proxyLevel\":\"\",\"device\":\"Other\","
            + "\"browser\":\"Chrome 126\",\"os\":\"Windows 10\",";
    String end = ",\"_time\":\"2024-07-07T16:20:36Z\",\"source_log_type\":\"customerevent\"}";
    m.put(
        "Envelope/Created",
        parse(
            head
                + web
                + "\"object\":\"Envelope\",\"action\":\"Created\",\"source\":\"Web\""
                + tail
                + "\"data\":{\"EnvelopeId\":\"7d3d1d7a-0000-4000-8000-000000000003\"}"
                + end));
    m.put(
        "Envelope/Sent",
        parse(
            head
                + web
                + "\"object\":\"Envelope\",\"action\":\"Sent\",\"source\":\"API\""
                + tail
                + "\"data\":{\"EnvelopeId\":\"7d3d1d7a-0000-4000-8000-000000000003\"}"
                + end));
    m.put(
        "Template/Created",
        parse(
            head
                + web
                + "\"object\":\"Template\",\"action\":\"Created\",\"source\":\"Web\""
                + tail
                + "\"data\":{\"TemplateId\":\"2c0f0e4b-0000-4000-8000-000000000004\"}"
                + end));
    m.put(
        "Account/UserAdded",
        parse(
            head
                + web
                + "\"object\":\"Account\",\"action\":\"UserAdded\",\"source\":\"Web\""
                + tail
                + "\"data\":{\"PermissionProfileId\":\"26252962\",\"AffectedUserId\":\"8f76ceb7-0000-4000-8000-000000000005\","
                + "\"AffectedMembershipId\":\"1b2c3d4e-0000-4000-8000-000000000006\"}"
                + end));
    m.put(
        "Group/Deleted",
        parse(
            head
                + web
                + "\"object\":\"Group\",\"action\":\"Deleted\",\"source\":\"Web\""
                + tail
                + "\"data\":{\"GroupId\":\"1111111\"}"
                + end));
    // Datadog's alert sample: most data strings arrive as arrays of one-character strings.
    m.put(
        "Alert/SameSenderAndSigner",
        parse(
            head.replace("\"userId\":\"fc8d7d8c-0000-4000-8000-000000000002\"", "\"userId\":\"\"")
                + "\"userAgent\":\"\",\"ipAddress\":\"\",\"latitude\":0,\"longitude\":0,\"city\":\"\",\"state\":\"\","
                + "\"country\":\"\",\"object\":\"Alert\",\"action\":\"SameSenderAndSigner\",\"source\":\"Other\""
                + tail
                + "\"data\":{\"Severity\":\"Medium\",\"EventIds\":[\"a1\",\"b2\"],\"EnvelopeId\":[\"1\",\"8\",\"0\",\"a\"],"
                + "\"SignerIp\":[\"1\",\"0\",\".\",\"0\",\".\",\"0\",\".\",\"1\"],\"SignerUserId\":[\"x\"]}"
                + end));
    // Sumo Logic's older field set: no device/browser/os, no userAgentClientInfo, org-level alert.
    m.put(
        "Alert/IpAddressOutsideAllowedRanges",
        parse(
            "{\"timestamp\":\"2023-03-01T10:00:00.123456Z\",\"eventId\":\"5b1c0000-0000-4000-8000-000000000007\","
                + "\"site\":\"NA2\",\"accountId\":\"\",\"organizationId\":\"0c9d0000-0000-4000-8000-000000000008\","
                + "\"userId\":\"\",\"integratorKey\":\"##DOCUSIGN_INTERNAL_NOT_USED##\",\"userAgent\":\"\",\"ipAddress\":\"\","
                + "\"latitude\":0,\"longitude\":0,\"city\":\"\",\"state\":\"\",\"country\":\"\",\"object\":\"Alert\","
                + "\"action\":\"IpAddressOutsideAllowedRanges\",\"property\":\"\",\"field\":\"\",\"result\":\"\","
                + "\"source\":\"Other\",\"data\":{\"EventIds\":[\"e1\",\"e2\"],\"Count\":\"18\"}"
                + ",\"_time\":\"2023-03-01T10:00:00Z\",\"source_log_type\":\"customerevent\"}"));
    m.put(
        "Connect/Updated (no IP, no user agent)",
        parse(
            head
                + "\"userAgent\":\"\",\"ipAddress\":\"\",\"latitude\":0,\"longitude\":0,\"city\":\"\","
                + "\"state\":\"\",\"country\":\"\",\"object\":\"Connect\",\"action\":\"Updated\",\"source\":\"API\""
                + tail
                + "\"data\":{}"
                + end));
    m.put(
        "Envelope/Purged (no IP)",
        parse(
            head
                + "\"userAgent\":\"\",\"ipAddress\":\"\",\"object\":\"Envelope\",\"action\":\"Purged\","
                + "\"source\":\"\""
                + tail
                + "\"data\":{\"EnvelopeId\":\"7d3d1d7a-0000-4000-8000-000000000003\"}"
                + end));
    return m;
  }

  /** An audit user as delivered: the Admin record, the eSignature fields merged, _time added. */
  static ObjectNode auditUser() {
    return parse(
        "{\"id\":\"3f2e1d0c-0000-4000-8000-000000000009\",\"user_name\":\"Alice Anderson\",\"first_name\":\"Alice\","
            + "\"last_name\":\"Anderson\",\"user_status\":\"active\",\"membership_status\":\"active\","
            + "\"email\":\"alice.anderson@example.com\",\"created_on\":\"2024-01-02T03:04:05.678Z\","
            + "\"membership_created_on\":\"2024-01-02T03:04:05.678Z\",\"ds_groups\":[],"
            + "\"membership_id\":\"4a3b2c1d-0000-4000-8000-000000000010\",\"is_membership_managed_by_scim\":false,"
            + "\"is_managed_by_scim\":false,\"userId\":\"3f2e1d0c-0000-4000-8000-000000000009\","
            + "\"userName\":\"Alice Anderson\",\"firstName\":\"Alice\",\"lastName\":\"Anderson\","
            + "\"userStatus\":\"Active\",\"userType\":\"CompanyUser\",\"isAdmin\":\"True\","
            + "\"permissionProfileId\":\"10123\",\"permissionProfileName\":\"Account Administrator\","
            + "\"groupList\":[{\"groupId\":\"1123\",\"groupName\":\"Everyone\",\"groupType\":\"everyoneGroup\"},"
            + "{\"groupId\":\"2123\",\"groupName\":\"Administrators\",\"groupType\":\"adminGroup\"}],"
            + "\"userSettings\":{\"modifiedDate\":\"7/9/2024 3:01:02 PM\"},"
            + "\"_time\":\"2024-07-09T15:01:02Z\",\"source_log_type\":\"auditusers\"}");
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
