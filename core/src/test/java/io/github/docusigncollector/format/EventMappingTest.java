package io.github.docusigncollector.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.format.MappingTable.Kind;
import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.LineBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind, in OCSF and ECS, against the schemas; and the validators bite on broken events. */
class EventMappingTest {
  static OcsfSchema ocsf;
  static EcsSchema ecs;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  static void schemas() {
    ocsf = OcsfSchema.load();
    ecs = EcsSchema.load();
  }

  static ObjectNode toOcsf(ObjectNode e, EventType t) {
    return new EventRewriter(OutputFormat.OCSF, null, CLOCK).map(t, e);
  }

  static ObjectNode toEcs(ObjectNode e, EventType t) {
    return new EventRewriter(OutputFormat.ECS, null, CLOCK).map(t, e);
  }

  @Test
  void everySimulatorKindIsValidInBothFormatsAndKnown() {
    for (String[] k : Samples.SIMULATOR_KINDS) {
      ObjectNode raw = Samples.simulatorEvent(k);
      assertThat(MappingTable.kind(k[0], k[1])).as("%s/%s", k[0], k[1]).isNotEqualTo(Kind.UNKNOWN);
      ObjectNode o = toOcsf(raw, EventType.CUSTOMER_EVENTS);
      assertThat(ocsf.validate(o)).as("OCSF %s/%s: %s", k[0], k[1], o).isEmpty();
      ObjectNode e = toEcs(raw, EventType.CUSTOMER_EVENTS);
      assertThat(ecs.validate(e)).as("ECS %s/%s: %s", k[0], k[1], e).isEmpty();
      assertThat(o.get("unmapped")).isEqualTo(raw);
      assertThat(e.get("docusign")).isEqualTo(raw);
      assertNoEmptyObjects(o, "");
      assertNoEmptyObjects(e, "");
    }
  }

  @Test
  void thePublicSamplesAndTheAuditUserAreValid() {
    for (Map.Entry<String, ObjectNode> s : Samples.publicSamples().entrySet()) {
      ObjectNode o = toOcsf(s.getValue(), EventType.CUSTOMER_EVENTS);
      assertThat(ocsf.validate(o)).as("OCSF %s: %s", s.getKey(), o).isEmpty();
      ObjectNode e = toEcs(s.getValue(), EventType.CUSTOMER_EVENTS);
      assertThat(ecs.validate(e)).as("ECS %s: %s", s.getKey(), e).isEmpty();
      assertNoEmptyObjects(o, "");
      assertNoEmptyObjects(e, "");
    }
    ObjectNode o = toOcsf(Samples.auditUser(), EventType.AUDIT_USERS);
    assertThat(ocsf.validate(o)).as("%s", o).isEmpty();
    assertThat(o.path("class_uid").asInt()).isEqualTo(5003);
    assertThat(o.path("user").path("type").asText()).isEqualTo("Admin");
    assertThat(o.path("user").path("groups")).hasSize(2);
    ObjectNode e = toEcs(Samples.auditUser(), EventType.AUDIT_USERS);
    assertThat(ecs.validate(e)).as("%s", e).isEmpty();
    assertThat(e.path("event").path("dataset").asText()).isEqualTo("docusign.audit_users");
    assertThat(e.path("user").path("roles").get(0).asText()).isEqualTo("Account Administrator");
  }

  @Test
  void signInFieldsLandWhereADetectionLooksForThem() {
    ObjectNode raw = Samples.simulatorEvent(Samples.SIMULATOR_KINDS.get(1)); // failed login
    ObjectNode o = toOcsf(raw, EventType.CUSTOMER_EVENTS);
    assertThat(o.path("class_uid").asInt()).isEqualTo(3002);
    assertThat(o.path("activity_id").asInt()).isEqualTo(1);
    assertThat(o.path("type_uid").asLong()).isEqualTo(300201);
    assertThat(o.path("status_id").asInt()).isEqualTo(2);
    assertThat(o.path("status_detail").asText()).isEqualTo("InvalidPassword");
    assertThat(o.path("time").asLong())
        .isEqualTo(Instant.parse("2026-05-01T11:58:03Z").toEpochMilli());
    assertThat(o.path("user").path("uid").asText()).isEqualTo(raw.path("userId").asText());
    assertThat(o.path("src_endpoint").path("ip").asText()).isEqualTo("73.12.200.7");
    assertThat(o.path("src_endpoint").path("location").path("lat").isDouble()).isTrue();
    assertThat(o.path("metadata").path("product").path("vendor_name").asText())
        .isEqualTo("DocuSign");
    assertThat(o.path("metadata").path("uid").asText()).isEqualTo(raw.path("eventId").asText());
    assertThat(o.path("http_request").path("user_agent").asText()).startsWith("Mozilla/5.0");
    ObjectNode e = toEcs(raw, EventType.CUSTOMER_EVENTS);
    assertThat(e.path("@timestamp").asText()).isEqualTo("2026-05-01T11:58:03Z");
    assertThat(e.path("event").path("category").toString()).isEqualTo("[\"authentication\"]");
    assertThat(e.path("event").path("type").toString()).isEqualTo("[\"start\"]");
    assertThat(e.path("event").path("outcome").asText()).isEqualTo("failure");
    assertThat(e.path("event").path("dataset").asText()).isEqualTo("docusign.monitor");
    assertThat(e.path("source").path("geo").path("country_iso_code").asText()).isEqualTo("US");
    assertThat(e.path("source").path("geo").path("location").path("lon").asDouble())
        .isEqualTo(-122.4194);
    assertThat(e.path("related").path("ip").get(0).asText()).isEqualTo("73.12.200.7");
    assertThat(e.path("organization").path("id").asText())
        .isEqualTo(raw.path("accountId").asText());
  }

  @Test
  void absentValuesMakeNoEmptyObjectsAndUnknownCoordinatesAreLeftOut() {
    ObjectNode alert = Samples.publicSamples().get("Alert/IpAddressOutsideAllowedRanges");
    ObjectNode o = toOcsf(alert, EventType.CUSTOMER_EVENTS);
    assertThat(o.has("evidences")).isFalse();
    assertThat(o.path("severity_id").asInt()).isZero();
    assertThat(o.path("finding_info").path("title").asText())
        .isEqualTo("IpAddressOutsideAllowedRanges");
    ObjectNode e = toEcs(alert, EventType.CUSTOMER_EVENTS);
    assertThat(e.has("source")).isFalse();
    assertThat(e.has("user")).isFalse();
    assertThat(e.path("event").path("kind").asText()).isEqualTo("alert");
    // a known IP with 0,0 coordinates: a place, but no lat/long
    ObjectNode zero = Samples.simulatorEvent(Samples.SIMULATOR_KINDS.get(0));
    ((ObjectNode) zero.get("ipAddressLocation")).put("latitude", 0).put("longitude", 0);
    zero.put("latitude", 0).put("longitude", 0);
    ObjectNode oz = toOcsf(zero, EventType.CUSTOMER_EVENTS);
    assertThat(oz.path("src_endpoint").path("location").has("lat")).isFalse();
    assertThat(oz.path("src_endpoint").path("location").path("city").asText())
        .isEqualTo("San Francisco");
    assertThat(toEcs(zero, EventType.CUSTOMER_EVENTS).path("source").path("geo").has("location"))
        .isFalse();
  }

  @Test
  void oneCharacterArraysInDataAreJoined() {
    ObjectNode o =
        toOcsf(Samples.publicSamples().get("Alert/SameSenderAndSigner"), EventType.CUSTOMER_EVENTS);
    assertThat(o.path("severity_id").asInt()).isEqualTo(3);
    assertThat(o.path("severity").asText()).isEqualTo("Medium");
    assertThat(o.path("class_uid").asInt()).isEqualTo(2004);
  }

  @Test
  void anUnknownKindStillMapsAndIsCounted() {
    ObjectNode raw = Samples.simulatorEvent(new String[] {"Widget", "Frobnicated", "", "", "{}"});
    EventRewriter ro = new EventRewriter(OutputFormat.OCSF, null, CLOCK);
    ObjectNode o = ro.map(EventType.CUSTOMER_EVENTS, raw);
    assertThat(ro.unknownKinds()).isEqualTo(1);
    assertThat(o.path("class_uid").asInt()).isEqualTo(6003);
    assertThat(o.path("activity_id").asInt()).isEqualTo(99);
    assertThat(o.path("activity_name").asText()).isEqualTo("Frobnicated");
    assertThat(ocsf.validate(o)).isEmpty();
    EventRewriter re = new EventRewriter(OutputFormat.ECS, null, CLOCK);
    ObjectNode e = re.map(EventType.CUSTOMER_EVENTS, raw);
    assertThat(re.unknownKinds()).isEqualTo(1);
    assertThat(e.path("event").path("kind").asText()).isEqualTo("event");
    assertThat(e.path("event").has("category")).isFalse();
    assertThat(ecs.validate(e)).isEmpty();
  }

  @Test
  void aBatchIsRewrittenLineByLineAndRawIsUntouched() {
    StringBuilder lines = new StringBuilder();
    for (String[] k : Samples.SIMULATOR_KINDS) {
      lines.append(Samples.simulatorEvent(k)).append('\n');
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    Batch in = new Batch(bytes, bytes.length, Samples.SIMULATOR_KINDS.size());
    EventRewriter raw = new EventRewriter(OutputFormat.RAW, null, CLOCK);
    assertThat(raw.rewrite(EventType.CUSTOMER_EVENTS, in, new LineBuffer(16))).isSameAs(in);
    EventRewriter r = new EventRewriter(OutputFormat.OCSF, "alpha", CLOCK);
    Batch out = r.rewrite(EventType.CUSTOMER_EVENTS, in, new LineBuffer(16));
    assertThat(out.events()).isEqualTo(Samples.SIMULATOR_KINDS.size());
    String[] mapped = new String(out.data(), 0, out.length(), StandardCharsets.UTF_8).split("\n");
    assertThat(mapped).hasSize(Samples.SIMULATOR_KINDS.size());
    for (String m : mapped) {
      ObjectNode o = Samples.parse(m);
      assertThat(ocsf.validate(o)).isEmpty();
      assertThat(o.path("unmapped").path("docusign_account").asText()).isEqualTo("alpha");
      assertThat(EventRewriter.original(o).path("source_log_type").asText())
          .isEqualTo("customerevent");
    }
    ObjectNode e =
        new EventRewriter(OutputFormat.ECS, "alpha", CLOCK)
            .map(EventType.CUSTOMER_EVENTS, Samples.simulatorEvent(Samples.SIMULATOR_KINDS.get(0)));
    assertThat(e.path("labels").path("docusign_account").asText()).isEqualTo("alpha");
    assertThat(ecs.validate(e)).isEmpty();
  }

  // ---- the validators bite

  @Test
  void theOcsfValidatorRejectsBrokenEvents() {
    ObjectNode good =
        toOcsf(Samples.simulatorEvent(Samples.SIMULATOR_KINDS.get(0)), EventType.CUSTOMER_EVENTS);
    assertThat(ocsf.validate(good)).isEmpty();

    ObjectNode noUser = good.deepCopy();
    noUser.remove("user");
    assertThat(ocsf.validate(noUser))
        .anyMatch(s -> s.startsWith("user: required attribute missing"));

    ObjectNode noProduct = good.deepCopy();
    ((ObjectNode) noProduct.get("metadata")).remove("product");
    assertThat(ocsf.validate(noProduct)).anyMatch(s -> s.startsWith("metadata.product: required"));

    ObjectNode badActivity = good.deepCopy();
    badActivity.put("activity_id", 42).put("type_uid", 300242);
    assertThat(ocsf.validate(badActivity))
        .anyMatch(s -> s.startsWith("activity_id: 42 is not among"));

    ObjectNode badSeverity = good.deepCopy();
    badSeverity.put("severity_id", 7);
    assertThat(ocsf.validate(badSeverity))
        .anyMatch(s -> s.startsWith("severity_id: 7 is not among"));

    ObjectNode badTypeUid = good.deepCopy();
    badTypeUid.put("type_uid", 300202);
    assertThat(ocsf.validate(badTypeUid)).anyMatch(s -> s.startsWith("type_uid:"));

    ObjectNode unknown = good.deepCopy();
    unknown.put("docusign_site", "NA3");
    assertThat(ocsf.validate(unknown))
        .anyMatch(s -> s.startsWith("docusign_site: unknown attribute"));

    ObjectNode profileOnly = good.deepCopy();
    profileOnly.put("time_dt", "2026-05-01T11:58:03Z");
    assertThat(ocsf.validate(profileOnly))
        .anyMatch(s -> s.startsWith("time_dt: unknown attribute"));

    ObjectNode nested = good.deepCopy();
    ((ObjectNode) nested.get("src_endpoint")).put("ipaddr", "1.2.3.4");
    assertThat(ocsf.validate(nested)).anyMatch(s -> s.startsWith("src_endpoint.ipaddr: unknown"));

    ObjectNode intLat = good.deepCopy();
    ((ObjectNode) intLat.path("src_endpoint").path("location")).put("lat", 47);
    assertThat(ocsf.validate(intLat))
        .anyMatch(s -> s.contains("location.lat: 47 is not of type float_t"));

    ObjectNode stringTime = good.deepCopy();
    stringTime.put("time", "2026-05-01T11:58:03Z");
    assertThat(ocsf.validate(stringTime)).anyMatch(s -> s.startsWith("time:"));

    ObjectNode badIp = good.deepCopy();
    ((ObjectNode) badIp.get("src_endpoint")).put("ip", "not-an-ip");
    assertThat(ocsf.validate(badIp)).anyMatch(s -> s.startsWith("src_endpoint.ip:"));

    ObjectNode emptyLocation = good.deepCopy();
    ((ObjectNode) emptyLocation.get("src_endpoint")).putObject("location");
    assertThat(ocsf.validate(emptyLocation))
        .anyMatch(s -> s.startsWith("src_endpoint.location: needs at least one"));

    ObjectNode noService = good.deepCopy();
    noService.remove("service");
    assertThat(ocsf.validate(noService))
        .anyMatch(s -> s.contains("needs at least one of [\"service\",\"dst_endpoint\"]"));

    ObjectNode badCaption = good.deepCopy();
    badCaption.put("status", "Succeeded");
    assertThat(ocsf.validate(badCaption))
        .anyMatch(s -> s.startsWith("status: \"Succeeded\" is not the caption"));

    ObjectNode newer = good.deepCopy();
    ((ObjectNode) newer.get("metadata")).put("version", "1.9.0");
    assertThat(ocsf.validate(newer))
        .anyMatch(s -> s.startsWith("metadata.version: 1.9.0 is newer"));

    ObjectNode noClass = good.deepCopy();
    noClass.put("class_uid", 3099);
    assertThat(ocsf.validate(noClass)).containsExactly("class_uid: 3099 is no class of the schema");

    // unmapped is open: anything goes there
    ObjectNode open = good.deepCopy();
    ((ObjectNode) open.get("unmapped")).putObject("anything").put("at", "all");
    assertThat(ocsf.validate(open)).isEmpty();
  }

  @Test
  void theEcsCheckerRejectsBrokenDocuments() {
    ObjectNode good =
        toEcs(Samples.simulatorEvent(Samples.SIMULATOR_KINDS.get(9)), EventType.CUSTOMER_EVENTS);
    assertThat(ecs.validate(good)).isEmpty();

    ObjectNode badCategory = good.deepCopy();
    ((ArrayNode) badCategory.path("event").path("category")).removeAll().add("identity");
    assertThat(ecs.validate(badCategory))
        .anyMatch(s -> s.startsWith("event.category: \"identity\""));

    ObjectNode badType = good.deepCopy();
    ((ArrayNode) badType.path("event").path("type")).add("start");
    assertThat(ecs.validate(badType))
        .anyMatch(s -> s.startsWith("event.type: \"start\" is not expected"));

    ObjectNode badKind = good.deepCopy();
    ((ObjectNode) badKind.get("event")).put("kind", "audit");
    assertThat(ecs.validate(badKind)).anyMatch(s -> s.startsWith("event.kind: \"audit\""));

    ObjectNode badOutcome = good.deepCopy();
    ((ObjectNode) badOutcome.get("event")).put("outcome", "Success");
    assertThat(ecs.validate(badOutcome)).anyMatch(s -> s.startsWith("event.outcome:"));

    ObjectNode unknown = good.deepCopy();
    ((ObjectNode) unknown.get("source")).put("country", "US");
    assertThat(ecs.validate(unknown))
        .anyMatch(s -> s.startsWith("source.country: no such ECS field"));

    ObjectNode topLevel = good.deepCopy();
    topLevel.put("eventId", "x");
    assertThat(ecs.validate(topLevel)).anyMatch(s -> s.startsWith("eventId: no such ECS field"));

    ObjectNode badIp = good.deepCopy();
    ((ObjectNode) badIp.get("source")).put("ip", "somewhere");
    assertThat(ecs.validate(badIp)).anyMatch(s -> s.startsWith("source.ip:"));

    ObjectNode notArray = good.deepCopy();
    ((ObjectNode) notArray.get("user")).putArray("id").add("a").add("b");
    assertThat(ecs.validate(notArray)).anyMatch(s -> s.startsWith("user.id: an array"));

    ObjectNode badSeverity = good.deepCopy();
    ((ObjectNode) badSeverity.get("event")).put("severity", "high");
    assertThat(ecs.validate(badSeverity)).anyMatch(s -> s.startsWith("event.severity:"));

    ObjectNode noTimestamp = good.deepCopy();
    noTimestamp.remove("@timestamp");
    assertThat(ecs.validate(noTimestamp)).anyMatch(s -> s.startsWith("@timestamp: required"));

    ObjectNode badDate = good.deepCopy();
    badDate.put("@timestamp", "yesterday");
    assertThat(ecs.validate(badDate)).anyMatch(s -> s.startsWith("@timestamp:"));

    // the source's own namespace is free
    ObjectNode custom = good.deepCopy();
    ((ObjectNode) custom.get("docusign")).put("anything", 1);
    assertThat(ecs.validate(custom)).isEmpty();
  }

  static void assertNoEmptyObjects(JsonNode n, String path) {
    if (path.equals("unmapped") || path.equals("docusign")) {
      return; // the original, as DocuSign sent it
    }
    if (n.isObject()) {
      assertThat(n.size()).as("empty object at %s", path).isPositive();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        assertNoEmptyObjects(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey());
      }
    } else if (n.isArray()) {
      assertThat(n.size()).as("empty array at %s", path).isPositive();
      List<JsonNode> items = new ArrayList<>();
      n.forEach(items::add);
      for (JsonNode i : items) {
        assertNoEmptyObjects(i, path + "[]");
      }
    } else if (n.isTextual()) {
      assertThat(n.asText()).as("empty string at %s", path).isNotEmpty();
    }
  }
}
