package io.github.docusigncollector.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * A validator for OCSF events built from the schema's own files (the 1.8.0 copy under {@code
 * src/test/resources/schemas/ocsf}): it compiles a class the way the schema composes it ({@code
 * $include} of profiles and other files, {@code extends} of classes and objects, each attribute
 * merged over its dictionary entry, {@code class_uid = category_uid * 1000 + uid}, {@code type_uid
 * = class_uid * 100 + activity_id}) and checks an event against it: required attributes present and
 * not null, every attribute known to its class or object once profiles are applied (only open
 * objects such as {@code unmapped} take anything), JSON types and type limits (max_len, range,
 * regex, {@code float_t} written with a fraction), enum values, the captions of enum siblings,
 * {@code at_least_one}/{@code just_one} constraints, and {@code metadata.version}. Stricter than
 * the OCSF server in two ways: a regex mismatch and a sibling caption mismatch are errors, not
 * warnings.
 */
public final class OcsfSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String VERSION = "1.8.0";

  /** One attribute of a compiled class or object. */
  record Attr(
      String name,
      String type,
      boolean array,
      String requirement,
      Set<String> enumKeys,
      Map<String, String> enumCaptions,
      String sibling,
      String profile) {}

  /** A compiled class or object. */
  record Compiled(
      String name,
      Map<String, Attr> attributes,
      JsonNode constraints,
      int classUid,
      int categoryUid) {
    boolean open() {
      return attributes.isEmpty();
    }
  }

  private final Path root;
  private final JsonNode dictionary;
  private final JsonNode types;
  private final Map<String, Integer> categoryUids = new HashMap<>();
  private final Map<String, String> categoryCaptions = new HashMap<>();
  private final Map<String, Path> classFiles = new HashMap<>(); // by name
  private final Map<Integer, String> classByUid = new HashMap<>();
  private final Map<String, Path> objectFiles = new HashMap<>();
  private final Set<String> profileNames = new HashSet<>();
  private final Map<String, Compiled> compiledObjects = new HashMap<>();
  private final Map<String, Compiled> compiledClasses = new HashMap<>();
  private final Map<String, Pattern> regexes = new HashMap<>();

  private OcsfSchema(Path root) throws IOException {
    this.root = root;
    JsonNode dict = read(root.resolve("dictionary.json"));
    this.dictionary = dict.path("attributes");
    this.types = dict.path("types").path("attributes");
    read(root.resolve("categories.json"))
        .path("attributes")
        .fields()
        .forEachRemaining(
            e -> {
              categoryUids.put(e.getKey(), e.getValue().path("uid").asInt());
              categoryCaptions.put(e.getKey(), e.getValue().path("caption").asText());
            });
    try (Stream<Path> s = Files.walk(root.resolve("events"))) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".json"))::iterator) {
        classFiles.put(read(p).path("name").asText(), p);
      }
    }
    try (Stream<Path> s = Files.list(root.resolve("objects"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        objectFiles.put(read(p).path("name").asText(), p);
      }
    }
    try (Stream<Path> s = Files.list(root.resolve("profiles"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        profileNames.add(read(p).path("name").asText());
      }
    }
    for (String name : classFiles.keySet()) {
      JsonNode def = read(classFiles.get(name));
      if (def.has("uid")) {
        Compiled c = compileClass(name);
        classByUid.put(c.classUid(), name);
      }
    }
  }

  /** The schema shipped with the tests. */
  public static OcsfSchema load() {
    try {
      return new OcsfSchema(
          Path.of(OcsfSchema.class.getClassLoader().getResource("schemas/ocsf").toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The compiled class of a class uid, or null. */
  Compiled classOf(int classUid) {
    String name = classByUid.get(classUid);
    return name == null ? null : compileClass(name);
  }

  // ---- compiling

  private static JsonNode read(Path p) throws IOException {
    return JSON.readTree(p.toFile());
  }

  private JsonNode readRel(String rel) {
    try {
      return read(root.resolve(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A definition's attributes with its {@code $include}s merged in (own keys win). */
  private ObjectNode withIncludes(JsonNode def) {
    ObjectNode attrs = JSON.createObjectNode();
    JsonNode own = def.path("attributes");
    JsonNode inc = own.get("$include");
    if (inc != null) {
      List<String> files = new ArrayList<>();
      if (inc.isTextual()) {
        files.add(inc.asText());
      } else {
        inc.forEach(f -> files.add(f.asText()));
      }
      for (String f : files) {
        JsonNode included = readRel(f);
        ObjectNode incAttrs = withIncludes(included);
        String profile =
            "profile".equals(included.path("meta").asText())
                ? included.path("name").asText()
                : null;
        incAttrs
            .fields()
            .forEachRemaining(
                e -> {
                  ObjectNode a = ((ObjectNode) e.getValue()).deepCopy();
                  if (profile != null && !a.has("profile")) {
                    a.put("profile", profile);
                  }
                  merge(attrs, e.getKey(), a);
                });
      }
    }
    own.fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("$include")) {
                merge(attrs, e.getKey(), e.getValue().deepCopy());
              }
            });
    return attrs;
  }

  private static void merge(ObjectNode into, String key, JsonNode value) {
    JsonNode existing = into.get(key);
    if (existing instanceof ObjectNode eo && value instanceof ObjectNode vo) {
      deepMerge(eo, vo);
    } else {
      into.set(key, value);
    }
  }

  /** Merges {@code over} into {@code base}: objects recursively, other values replaced. */
  private static void deepMerge(ObjectNode base, ObjectNode over) {
    over.fields()
        .forEachRemaining(
            e -> {
              JsonNode b = base.get(e.getKey());
              if (b instanceof ObjectNode bo && e.getValue() instanceof ObjectNode vo) {
                deepMerge(bo, vo);
              } else {
                base.set(e.getKey(), e.getValue().deepCopy());
              }
            });
  }

  /** Attributes (raw, merged through the {@code extends} chain) and constraints of a definition. */
  private ObjectNode[] flatten(JsonNode def, Map<String, Path> files) {
    ObjectNode attrs;
    JsonNode constraints = def.get("constraints");
    String parent = def.path("extends").asText(null);
    if (parent != null && files.containsKey(parent)) {
      JsonNode parentDef = readRel(root.relativize(files.get(parent)).toString());
      ObjectNode[] p = flatten(parentDef, files);
      attrs = p[0];
      if (constraints == null) {
        constraints = p[1];
      }
    } else {
      attrs = JSON.createObjectNode();
    }
    ObjectNode own = withIncludes(def);
    own.fields().forEachRemaining(e -> merge(attrs, e.getKey(), e.getValue()));
    ObjectNode c = constraints instanceof ObjectNode o ? o : JSON.createObjectNode();
    return new ObjectNode[] {attrs, c};
  }

  private String inheritedCategory(JsonNode def) {
    if (def.has("category")) {
      return def.get("category").asText();
    }
    String parent = def.path("extends").asText(null);
    return parent == null
        ? null
        : inheritedCategory(readRel(root.relativize(classFiles.get(parent)).toString()));
  }

  Compiled compileClass(String name) {
    Compiled c = compiledClasses.get(name);
    if (c != null) {
      return c;
    }
    JsonNode def = readRel(root.relativize(classFiles.get(name)).toString());
    ObjectNode[] f = flatten(def, classFiles);
    String category = inheritedCategory(def);
    int categoryUid = categoryUids.getOrDefault(category, 0);
    int classUid = def.has("uid") ? categoryUid * 1000 + def.get("uid").asInt() : -1;
    Map<String, Attr> attrs = attributes(f[0]);
    if (classUid >= 0) {
      // The compiler's uid rules: one class_uid, one category_uid, type_uids from the activities.
      String caption = def.path("caption").asText();
      pin(attrs, "class_uid", Map.of(Integer.toString(classUid), caption));
      pin(
          attrs,
          "category_uid",
          Map.of(Integer.toString(categoryUid), categoryCaptions.get(category)));
      Map<String, String> typeUids = new HashMap<>();
      attrs
          .get("activity_id")
          .enumCaptions()
          .forEach(
              (k, v) ->
                  typeUids.put(
                      Long.toString(classUid * 100L + Long.parseLong(k)), caption + ": " + v));
      pin(attrs, "type_uid", typeUids);
    }
    c = new Compiled(name, attrs, f[1], classUid, categoryUid);
    compiledClasses.put(name, c);
    return c;
  }

  private static void pin(Map<String, Attr> attrs, String name, Map<String, String> values) {
    Attr a = attrs.get(name);
    attrs.put(
        name,
        new Attr(
            a.name(),
            a.type(),
            a.array(),
            a.requirement(),
            values.keySet(),
            values,
            a.sibling(),
            a.profile()));
  }

  Compiled compileObject(String name) {
    Compiled c = compiledObjects.get(name);
    if (c != null) {
      return c;
    }
    Path file = objectFiles.get(name);
    if (file == null) {
      throw new IllegalStateException("the schema copy lacks the object " + name);
    }
    JsonNode def = readRel(root.relativize(file).toString());
    ObjectNode[] f = flatten(def, objectFiles);
    c = new Compiled(name, attributes(f[0]), f[1], -1, -1);
    compiledObjects.put(name, c);
    return c;
  }

  /** Each attribute merged over its dictionary entry. */
  private Map<String, Attr> attributes(ObjectNode raw) {
    Map<String, Attr> out = new LinkedHashMap<>();
    raw.fields()
        .forEachRemaining(
            e -> {
              String n = e.getKey();
              ObjectNode merged =
                  dictionary.has(n)
                      ? ((ObjectNode) dictionary.get(n)).deepCopy()
                      : JSON.createObjectNode();
              deepMerge(merged, (ObjectNode) e.getValue());
              Set<String> keys = new HashSet<>();
              Map<String, String> captions = new HashMap<>();
              merged
                  .path("enum")
                  .fields()
                  .forEachRemaining(
                      en -> {
                        keys.add(en.getKey());
                        captions.put(en.getKey(), en.getValue().path("caption").asText());
                      });
              JsonNode profile = merged.get("profile");
              out.put(
                  n,
                  new Attr(
                      n,
                      merged.path("type").asText(),
                      merged.path("is_array").asBoolean(false),
                      merged.path("requirement").asText("optional"),
                      keys,
                      captions,
                      merged.path("sibling").asText(null),
                      profile == null || profile.isNull() ? null : profile.asText()));
            });
    return out;
  }

  // ---- validating

  /** Every error in the event; empty when it is valid. */
  public List<String> validate(JsonNode event) {
    List<String> errors = new ArrayList<>();
    if (!(event instanceof ObjectNode e)) {
      errors.add("the event is not a JSON object");
      return errors;
    }
    JsonNode cu = e.get("class_uid");
    if (cu == null || !cu.isIntegralNumber()) {
      errors.add("class_uid: missing or not an integer");
      return errors;
    }
    Compiled c = classOf(cu.asInt());
    if (c == null) {
      errors.add("class_uid: " + cu.asInt() + " is no class of the schema");
      return errors;
    }
    Set<String> profiles = new HashSet<>();
    for (JsonNode p : e.path("metadata").path("profiles")) {
      if (!profileNames.contains(p.asText())) {
        errors.add("metadata.profiles: " + p.asText() + " is not a profile");
      }
      profiles.add(p.asText());
    }
    checkObject(c, e, "", profiles, errors);
    if (e.path("category_uid").asInt(-1) != c.categoryUid()) {
      errors.add("category_uid: " + e.get("category_uid") + " is not " + c.categoryUid());
    }
    long expected = c.classUid() * 100L + e.path("activity_id").asLong();
    if (e.path("type_uid").asLong(-1) != expected) {
      errors.add(
          "type_uid: " + e.get("type_uid") + " is not class_uid * 100 + activity_id = " + expected);
    }
    JsonNode activityName = e.get("activity_name");
    if (activityName != null && e.path("activity_id").asInt() != 99) {
      Attr a = c.attributes().get("activity_id");
      String caption = a.enumCaptions().get(e.path("activity_id").asText());
      if (caption != null && !caption.equals(activityName.asText())) {
        errors.add(
            "activity_name: \""
                + activityName.asText()
                + "\" is not the caption \""
                + caption
                + "\"");
      }
    }
    String typeName = e.path("type_name").asText(null);
    String className = e.path("class_name").asText(null);
    if (typeName != null && className != null && !typeName.startsWith(className + ": ")) {
      errors.add("type_name: \"" + typeName + "\" does not start with the class name");
    }
    String version = e.path("metadata").path("version").asText("");
    if (!version.matches("\\d+\\.\\d+\\.\\d+(-dev|-rc\\.\\d+)?")) {
      errors.add("metadata.version: \"" + version + "\" is not a version");
    } else if (compareVersions(version.replaceAll("-.*", ""), VERSION) > 0) {
      errors.add("metadata.version: " + version + " is newer than the schema " + VERSION);
    }
    return errors;
  }

  private void checkObject(
      Compiled def, JsonNode node, String path, Set<String> profiles, List<String> errors) {
    if (!node.isObject()) {
      errors.add(where(path) + ": expected an object " + def.name());
      return;
    }
    if (def.open()) {
      return;
    }
    Map<String, Attr> attrs = def.attributes();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      Attr a = attrs.get(f.getKey());
      String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
      if (a == null || (a.profile() != null && !profiles.contains(a.profile()))) {
        errors.add(p + ": unknown attribute of " + def.name());
        continue;
      }
      if (f.getValue().isNull()) {
        if ("required".equals(a.requirement())) {
          errors.add(p + ": required, but null");
        }
        continue;
      }
      checkValue(a, f.getValue(), p, profiles, errors);
      if (a.sibling() != null && !a.enumCaptions().isEmpty()) {
        JsonNode sib = node.get(a.sibling());
        String caption = a.enumCaptions().get(f.getValue().asText());
        if (sib != null
            && caption != null
            && !"99".equals(f.getValue().asText())
            && !caption.equals(sib.asText())) {
          errors.add(
              (path.isEmpty() ? "" : path + ".")
                  + a.sibling()
                  + ": \""
                  + sib.asText()
                  + "\" is not the caption \""
                  + caption
                  + "\" of "
                  + p);
        }
      }
    }
    for (Attr a : attrs.values()) {
      if ("required".equals(a.requirement())
          && (a.profile() == null || profiles.contains(a.profile()))
          && (!node.has(a.name()) || node.get(a.name()).isNull())) {
        errors.add((path.isEmpty() ? "" : path + ".") + a.name() + ": required attribute missing");
      }
    }
    JsonNode atLeastOne = def.constraints().get("at_least_one");
    if (atLeastOne != null) {
      boolean any = false;
      for (JsonNode n : atLeastOne) {
        any |= node.hasNonNull(n.asText());
      }
      if (!any) {
        errors.add(where(path) + ": needs at least one of " + atLeastOne);
      }
    }
    JsonNode justOne = def.constraints().get("just_one");
    if (justOne != null) {
      int count = 0;
      for (JsonNode n : justOne) {
        count += node.hasNonNull(n.asText()) ? 1 : 0;
      }
      if (count != 1) {
        errors.add(where(path) + ": needs exactly one of " + justOne);
      }
    }
  }

  private void checkValue(
      Attr a, JsonNode v, String path, Set<String> profiles, List<String> errors) {
    if (a.array()) {
      if (!v.isArray()) {
        errors.add(path + ": expected an array");
        return;
      }
      int i = 0;
      for (JsonNode e : v) {
        checkOne(a, e, path + "[" + i++ + "]", profiles, errors);
      }
      return;
    }
    checkOne(a, v, path, profiles, errors);
  }

  private void checkOne(
      Attr a, JsonNode v, String path, Set<String> profiles, List<String> errors) {
    if (!types.has(a.type())) {
      checkObject(compileObject(a.type()), v, path, profiles, errors);
      return;
    }
    String base = a.type();
    List<JsonNode> limits = new ArrayList<>();
    while (true) {
      JsonNode t = types.get(base);
      limits.add(t);
      String parent = t.path("type").asText(null);
      if (parent == null || !types.has(parent)) {
        break;
      }
      base = parent;
    }
    boolean ok =
        switch (base) {
          case "string_t" -> v.isTextual();
          case "integer_t" -> v.isIntegralNumber() && v.canConvertToLong();
          case "long_t" -> v.isIntegralNumber() && v.canConvertToLong();
          case "float_t" -> v.isFloatingPointNumber();
          case "boolean_t" -> v.isBoolean();
          case "json_t" -> true;
          default -> false;
        };
    if (!ok) {
      errors.add(path + ": " + v + " is not of type " + a.type());
      return;
    }
    for (JsonNode t : limits) {
      if (t.has("max_len") && v.isTextual() && v.asText().length() > t.get("max_len").asInt()) {
        errors.add(path + ": longer than " + t.get("max_len").asInt() + " characters");
      }
      if (t.has("range") && v.isNumber()) {
        long lo = t.get("range").get(0).asLong();
        long hi = t.get("range").get(1).asLong();
        if (v.asLong() < lo || v.asLong() > hi) {
          errors.add(path + ": " + v + " outside " + lo + ".." + hi);
        }
      }
      if (t.has("regex") && v.isTextual()) {
        Pattern p = pattern(t.get("regex").asText());
        if (p != null && !p.matcher(v.asText()).find()) {
          errors.add(path + ": \"" + v.asText() + "\" does not match the pattern of " + a.type());
        }
      }
    }
    if (!a.enumKeys().isEmpty() && !a.enumKeys().contains(v.asText())) {
      errors.add(
          path + ": " + v + " is not among the values " + new java.util.TreeSet<>(a.enumKeys()));
    }
  }

  private Pattern pattern(String regex) {
    return regexes.computeIfAbsent(
        regex,
        r -> {
          try {
            return Pattern.compile(r);
          } catch (PatternSyntaxException e) {
            return null;
          }
        });
  }

  private static String where(String path) {
    return path.isEmpty() ? "(the event)" : path;
  }

  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
