package io.github.docusigncollector.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checker for ECS documents built from {@code ecs_flat.yml} (the 9.4.0 copy under {@code
 * src/test/resources/schemas/ecs}): every field, by its dotted name, exists with a JSON value that
 * fits its type (keyword family: string; long: integer; date: an ISO-8601 string; ip: an address;
 * geo_point: {lat, lon}; object: any keys below it); an array only where the field is declared an
 * array; required fields present; {@code event.kind}, {@code event.category}, {@code event.type}
 * and {@code event.outcome} among their allowed values, and each {@code event.type} among those its
 * {@code event.category} expects. Fields under {@code docusign.} are the source's own namespace
 * (custom fields, as ECS allows) and are not checked.
 */
public final class EcsSchema {
  static final String CUSTOM = "docusign";

  private final Map<String, JsonNode> fields = new HashMap<>();
  private final Set<String> prefixes = new HashSet<>();

  private EcsSchema(JsonNode flat) {
    flat.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
    for (String f : fields.keySet()) {
      for (int dot = f.indexOf('.'); dot > 0; dot = f.indexOf('.', dot + 1)) {
        prefixes.add(f.substring(0, dot));
      }
    }
  }

  public static EcsSchema load() {
    try (InputStream in =
        EcsSchema.class.getClassLoader().getResourceAsStream("schemas/ecs/ecs_flat.yml")) {
      return new EcsSchema(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean has(String field) {
    return fields.containsKey(field);
  }

  /** Every error in the document; empty when it is valid. */
  public List<String> validate(JsonNode doc) {
    List<String> errors = new ArrayList<>();
    if (!doc.isObject()) {
      errors.add("the document is not a JSON object");
      return errors;
    }
    Set<String> seen = new HashSet<>();
    walk(doc, "", errors, seen);
    for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
      if (f.getValue().path("required").asBoolean(false) && !seen.contains(f.getKey())) {
        errors.add(f.getKey() + ": required field missing");
      }
    }
    categorization(doc, errors);
    return errors;
  }

  private void walk(JsonNode node, String prefix, List<String> errors, Set<String> seen) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (name.equals(CUSTOM) || name.startsWith(CUSTOM + ".")) {
        continue;
      }
      JsonNode def = fields.get(name);
      JsonNode v = e.getValue();
      if (def == null) {
        if (v.isObject() && hasFieldsUnder(name)) {
          walk(v, name, errors, seen);
        } else if (!underObjectField(name)) {
          errors.add(name + ": no such ECS field");
        }
        continue;
      }
      seen.add(name);
      String type = def.path("type").asText();
      if (v.isArray()) {
        boolean array = false;
        for (JsonNode n : def.path("normalize")) {
          array |= n.asText().equals("array");
        }
        if (!array) {
          errors.add(name + ": an array, but the field is not declared as one");
          continue;
        }
        for (JsonNode item : v) {
          checkType(name, type, item, errors);
        }
      } else {
        checkType(name, type, v, errors);
      }
      if (type.equals("object") && v.isObject()) {
        // "labels" and the like: keyword values under any key
        v.fields()
            .forEachRemaining(
                l -> {
                  if (!l.getValue().isTextual()) {
                    errors.add(name + "." + l.getKey() + ": expected a keyword string");
                  }
                });
      }
    }
  }

  private boolean hasFieldsUnder(String prefix) {
    return prefixes.contains(prefix);
  }

  private boolean underObjectField(String name) {
    int dot = name.lastIndexOf('.');
    while (dot > 0) {
      JsonNode def = fields.get(name.substring(0, dot));
      if (def != null && List.of("object", "flattened").contains(def.path("type").asText())) {
        return true;
      }
      dot = name.lastIndexOf('.', dot - 1);
    }
    return false;
  }

  private static void checkType(String name, String type, JsonNode v, List<String> errors) {
    boolean ok =
        switch (type) {
          case "keyword", "constant_keyword", "wildcard", "match_only_text", "text" ->
              v.isTextual();
          case "long", "integer", "short", "byte", "unsigned_long" -> v.isIntegralNumber();
          case "float", "double", "scaled_float", "half_float" -> v.isNumber();
          case "boolean" -> v.isBoolean();
          case "date" -> v.isTextual() && isDate(v.asText()) || v.isIntegralNumber();
          case "ip" -> v.isTextual() && isIp(v.asText());
          case "geo_point" ->
              v.isObject()
                  && v.path("lat").isNumber()
                  && v.path("lon").isNumber()
                  && Math.abs(v.path("lat").asDouble()) <= 90
                  && Math.abs(v.path("lon").asDouble()) <= 180
                  && v.size() == 2;
          case "object", "flattened", "nested" -> v.isObject();
          default -> false;
        };
    if (!ok) {
      errors.add(name + ": " + v + " does not fit the ECS type " + type);
    }
  }

  private static boolean isDate(String s) {
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isIp(String s) {
    if (!s.matches("[0-9a-fA-F.:]+") || s.length() > 45) {
      return false;
    }
    if (!s.contains(":") && !s.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
      return false;
    }
    try {
      InetAddress.getByName(s); // a literal: no lookup
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void categorization(JsonNode doc, List<String> errors) {
    JsonNode event = doc.path("event");
    Map<String, Set<String>> expectedTypes = new HashMap<>();
    for (String f : List.of("event.kind", "event.category", "event.type", "event.outcome")) {
      Set<String> allowed = new HashSet<>();
      for (JsonNode a : fields.get(f).path("allowed_values")) {
        allowed.add(a.path("name").asText());
        if (f.equals("event.category")) {
          Set<String> types = new HashSet<>();
          a.path("expected_event_types").forEach(t -> types.add(t.asText()));
          expectedTypes.put(a.path("name").asText(), types);
        }
      }
      JsonNode v = event.get(f.substring("event.".length()));
      if (v == null) {
        continue;
      }
      for (JsonNode item : v.isArray() ? v : List.of(v)) {
        if (!allowed.contains(item.asText())) {
          errors.add(f + ": \"" + item.asText() + "\" is not an allowed value");
        }
      }
    }
    JsonNode categories = event.get("category");
    JsonNode types = event.get("type");
    if (types != null && (categories == null || categories.isEmpty())) {
      errors.add("event.type: set without an event.category");
    }
    if (categories != null && types != null) {
      for (JsonNode t : types) {
        boolean expected = false;
        for (JsonNode c : categories) {
          expected |= expectedTypes.getOrDefault(c.asText(), Set.of()).contains(t.asText());
        }
        if (!expected) {
          errors.add(
              "event.type: \"" + t.asText() + "\" is not expected for the category " + categories);
        }
      }
    }
  }
}
