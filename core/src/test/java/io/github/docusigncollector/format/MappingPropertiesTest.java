package io.github.docusigncollector.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.MappingTable.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated and mutated DocuSign records, of every simulator kind and of unknown ones, through both
 * mappings into the validators: whatever DocuSign sends, the mapped event is valid OCSF and valid
 * ECS, keeps the original, and an unknown kind is counted.
 */
class MappingPropertiesTest {
  static OcsfSchema ocsf;
  static EcsSchema ecs;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  @BeforeContainer
  static void schemas() {
    ocsf = OcsfSchema.load();
    ecs = EcsSchema.load();
  }

  @Property(tries = 250)
  void generatedEventsMapToValidEvents(@ForAll("events") ObjectNode raw) {
    check(raw);
  }

  @Property(tries = 250)
  void mutatedSimulatorEventsMapToValidEvents(@ForAll("mutated") ObjectNode raw) {
    check(raw);
  }

  @Property(tries = 80)
  void mutatedAuditUsersMapToValidEvents(@ForAll("users") ObjectNode raw) {
    for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
      ObjectNode m = new EventRewriter(f, null, CLOCK).map(EventType.AUDIT_USERS, raw);
      List<String> errors = f == OutputFormat.OCSF ? ocsf.validate(m) : ecs.validate(m);
      assertThat(errors).as("%s of %s: %s", f, raw, m).isEmpty();
    }
  }

  private static void check(ObjectNode raw) {
    String object = raw.path("object").isTextual() ? raw.path("object").asText() : null;
    String action = raw.path("action").isTextual() ? raw.path("action").asText() : null;
    boolean unknown =
        MappingTable.kind(
                object == null || object.isEmpty() ? null : object,
                action == null || action.isEmpty() ? null : action)
            == Kind.UNKNOWN;
    EventRewriter ro = new EventRewriter(OutputFormat.OCSF, null, CLOCK);
    ObjectNode o = ro.map(EventType.CUSTOMER_EVENTS, raw);
    assertThat(ocsf.validate(o)).as("OCSF of %s: %s", raw, o).isEmpty();
    assertThat(o.get("unmapped")).isEqualTo(raw);
    assertThat(ro.unknownKinds()).isEqualTo(unknown ? 1 : 0);
    EventRewriter re = new EventRewriter(OutputFormat.ECS, null, CLOCK);
    ObjectNode e = re.map(EventType.CUSTOMER_EVENTS, raw);
    assertThat(ecs.validate(e)).as("ECS of %s: %s", raw, e).isEmpty();
    assertThat(e.get("docusign")).isEqualTo(raw);
    assertThat(re.unknownKinds()).isEqualTo(unknown ? 1 : 0);
    if (unknown) {
      assertThat(o.path("activity_id").asInt()).isEqualTo(99);
      assertThat(e.path("event").has("category")).isFalse();
    }
    EventMappingTest.assertNoEmptyObjects(o, "");
    EventMappingTest.assertNoEmptyObjects(e, "");
    // The byte path the collector runs gives what the Jackson path gives: the same JSON (Jackson
    // may write a character outside the BMP as a \\u surrogate pair where the byte path copies
    // its UTF-8 bytes, so the texts are compared as JSON).
    String line = raw.toString() + "\n";
    for (OutputFormat f : List.of(OutputFormat.OCSF, OutputFormat.ECS)) {
      MappingPaths.Outputs d = MappingPaths.map(f, null, CLOCK, line);
      assertThat(lines(d.bytePath())).as("%s of %s", f, line).isEqualTo(lines(d.jacksonPath()));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> lines(String jsonLines) {
    List<JsonNode> out = new ArrayList<>();
    for (String l : jsonLines.split("\n")) {
      if (!l.isEmpty()) {
        try {
          out.add(JSON.readTree(l));
        } catch (JsonProcessingException e) {
          throw new AssertionError("not JSON: " + l, e);
        }
      }
    }
    return out;
  }

  // ---- generators

  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30),
        Arbitraries.strings().all().ofMaxLength(8));
  }

  static Arbitrary<String> objects() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "Login",
            "Envelope",
            "Document",
            "Template",
            "IntegrationKey",
            "User",
            "Account",
            "Group",
            "PermissionProfile",
            "PermissionSet",
            "Connect",
            "Alert",
            ""),
        text());
  }

  static Arbitrary<String> actions() {
    Arbitrary<String> composed =
        Combinators.combine(
                Arbitraries.of("", "User", "Envelope", "Member", "Password", "Login", "Group"),
                Arbitraries.of(
                    "Created",
                    "Added",
                    "Sent",
                    "Viewed",
                    "Deleted",
                    "Closed",
                    "Updated",
                    "Changed",
                    "Locked",
                    "Unlocked",
                    "Reactivated",
                    "Deactivated",
                    "Removed",
                    "Reset",
                    "Login",
                    "Logout",
                    "Granted",
                    "Frobnicated",
                    ""))
            .as((a, b) -> a + b);
    return Arbitraries.oneOf(composed, text());
  }

  static Arbitrary<JsonNode> ips() {
    return Arbitraries.oneOf(
        Arbitraries.just(F.textNode("")),
        Arbitraries.integers()
            .between(0, 255)
            .list()
            .ofSize(4)
            .map(l -> F.textNode(l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3))),
        Arbitraries.of("2001:db8::1", "::1", "fe80::1:2:3:4", "300.1.1.1", "1.2.3", "::")
            .map(F::textNode),
        text().map(F::textNode),
        Arbitraries.just(F.numberNode(42)));
  }

  static Arbitrary<JsonNode> coordinate() {
    return Arbitraries.oneOf(
        Arbitraries.just(F.numberNode(0)),
        Arbitraries.doubles().between(-90, 90).map(F::numberNode),
        Arbitraries.of(47, -122, 500).map(F::numberNode),
        Arbitraries.just(F.textNode("")),
        Arbitraries.just(F.textNode("47.6")));
  }

  /** A value of {@code data}: a string, a DocuSign one-character array, a number, or nested. */
  static Arbitrary<JsonNode> dataValue() {
    return Arbitraries.oneOf(
        text().map(F::textNode),
        text()
            .map(
                s -> {
                  var a = F.arrayNode();
                  s.codePoints().forEach(c -> a.add(new String(Character.toChars(c))));
                  return a;
                }),
        Arbitraries.integers().map(F::numberNode),
        Arbitraries.just(F.objectNode().put("nested", "x")),
        Arbitraries.just(F.nullNode()));
  }

  @Provide
  Arbitrary<ObjectNode> events() {
    Arbitrary<ObjectNode> data =
        Combinators.combine(
                Arbitraries.of(
                        "EnvelopeId",
                        "DocumentId",
                        "TemplateId",
                        "GroupId",
                        "GroupName",
                        "AffectedUserId",
                        "AffectedUserEmail",
                        "PermissionProfileId",
                        "PermissionProfileName",
                        "SettingsKey",
                        "Severity",
                        "AlertName",
                        "FailureReason",
                        "AuthenticationMethod",
                        "GrantType",
                        "NewValue",
                        "Other")
                    .list()
                    .ofMaxSize(5),
                dataValue().list().ofSize(5))
            .as(
                (keys, values) -> {
                  ObjectNode d = F.objectNode();
                  for (int i = 0; i < keys.size(); i++) {
                    d.set(keys.get(i), values.get(i));
                  }
                  return d;
                });
    Arbitrary<ObjectNode> location =
        Combinators.combine(coordinate(), coordinate(), text(), text(), text())
            .as(
                (lat, lon, country, state, city) -> {
                  ObjectNode l = F.objectNode();
                  l.set("latitude", lat);
                  l.set("longitude", lon);
                  l.put("country", country).put("state", state).put("city", city);
                  return l;
                });
    return Combinators.combine(
            List.of(
                objects().map(s -> (JsonNode) F.textNode(s)),
                actions().map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.of("Success", "Failure", "Failed", "Triggered", "", "Pending")
                    .map(s -> (JsonNode) F.textNode(s)),
                ips(),
                location.map(l -> (JsonNode) l).injectNull(0.3),
                data.map(d -> (JsonNode) d),
                text().map(s -> (JsonNode) F.textNode(s)),
                text().map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.of(
                        "2026-05-01T11:58:03.1234567Z",
                        "2026-05-01T11:58:03Z",
                        "",
                        "yesterday",
                        "2026-05-01T11:58:03.123456789+02:00")
                    .map(s -> (JsonNode) F.textNode(s)),
                text().map(s -> (JsonNode) F.textNode(s))))
        .as(
            v -> {
              ObjectNode e = F.objectNode();
              e.set("timestamp", v.get(8));
              e.put("eventId", "9c1f3e4a-2b5d-4c6e-8f70-1a2b3c4d5e6f");
              e.set("userId", v.get(6));
              e.set("userAgent", v.get(7));
              e.set("ipAddress", v.get(3));
              if (v.get(4) != null) {
                e.set("ipAddressLocation", v.get(4));
              }
              e.set("object", v.get(0));
              e.set("action", v.get(1));
              e.set("property", v.get(9));
              e.set("result", v.get(2));
              e.set("data", v.get(5));
              e.put("_time", "2026-05-01T11:58:03Z");
              e.put("source_log_type", "customerevent");
              return e;
            });
  }

  @Provide
  Arbitrary<ObjectNode> mutated() {
    Arbitrary<JsonNode> replacement =
        Arbitraries.oneOf(
            Arbitraries.just(F.textNode("")),
            Arbitraries.just(F.nullNode()),
            Arbitraries.just(F.numberNode(7)),
            Arbitraries.just(F.booleanNode(true)),
            Arbitraries.just(F.objectNode()),
            Arbitraries.just(F.arrayNode().add("a").add("b")),
            text().map(F::textNode));
    return Combinators.combine(
            Arbitraries.of(Samples.SIMULATOR_KINDS),
            Arbitraries.integers().between(0, 40).list().ofMaxSize(6),
            replacement.list().ofSize(6),
            Arbitraries.of(true, false).list().ofSize(6))
        .as(
            (kind, positions, values, remove) -> {
              ObjectNode e = Samples.simulatorEvent(kind);
              List<String> names = new ArrayList<>();
              e.fieldNames().forEachRemaining(names::add);
              for (int i = 0; i < positions.size(); i++) {
                String name = names.get(positions.get(i) % names.size());
                if (name.equals("_time") || name.equals("source_log_type")) {
                  continue;
                }
                if (remove.get(i)) {
                  e.remove(name);
                } else {
                  e.set(name, values.get(i));
                }
              }
              return e;
            });
  }

  @Provide
  Arbitrary<ObjectNode> users() {
    return Combinators.combine(
            Arbitraries.of(
                    "id",
                    "email",
                    "user_name",
                    "userName",
                    "isAdmin",
                    "groupList",
                    "user_status",
                    "permissionProfileName",
                    "membership_id",
                    "userId")
                .list()
                .ofMaxSize(5),
            Arbitraries.oneOf(
                    Arbitraries.just((JsonNode) F.textNode("")),
                    Arbitraries.just((JsonNode) F.nullNode()),
                    Arbitraries.just((JsonNode) F.arrayNode().add(F.objectNode())),
                    Arbitraries.just((JsonNode) F.objectNode().put("x", 1)),
                    text().map(s -> (JsonNode) F.textNode(s)))
                .list()
                .ofSize(5))
        .as(
            (names, values) -> {
              ObjectNode u = Samples.auditUser();
              for (int i = 0; i < names.size(); i++) {
                u.set(names.get(i), values.get(i));
              }
              return u;
            });
  }
}
