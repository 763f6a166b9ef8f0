package io.github.docusigncollector.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code output} mapping of the configuration: finds the {@link SinkType} its {@code
 * type} names and validates the rest against that type's declared keys plus {@code format}, which
 * every sink has. Problems are added to a list, each naming {@code output.<key>}, so that the
 * loader reports them together with the others.
 */
public final class OutputParser {
  /** Keys every sink has besides {@code type}. */
  public static final SinkKeys COMMON =
      SinkKeys.of(
          SinkKeys.Key.choice(
              "format",
              "raw",
              List.of("raw", "ocsf", "ecs"),
              "the events as collected (`raw`), or mapped to OCSF or ECS"));

  private OutputParser() {}

  /** The default sink: the file {@code <state_dir>/events.jsonl}. */
  public static OutputConfig defaultOutput(Path stateDir) {
    return parse(null, stateDir, Map.of(), stateDir, new ArrayList<>());
  }

  /** The settings of a file sink writing {@code path}. */
  public static SinkSettings fileSettings(Path path, long rotateBytes, int keep) {
    return COMMON
        .with(FileSinkType.KEYS)
        .parse(
            "file",
            JsonNodeFactory.instance.objectNode(),
            Map.of(),
            Path.of("."),
            new ArrayList<>())
        .with(FileSinkType.PATH, path)
        .with(FileSinkType.ROTATE_BYTES, rotateBytes)
        .with(FileSinkType.KEEP, keep);
  }

  /**
   * @param value the {@code output} value (a mapping, a bare type name, or null for the default)
   * @param env the environment ({@code DOCUSIGN_OUTPUT_<KEY>} credentials)
   * @param workDir what relative paths resolve against
   * @param problems where problems are added
   * @return the output; the default file sink when there were problems
   */
  public static OutputConfig parse(
      JsonNode value, Path stateDir, Map<String, String> env, Path workDir, List<String> problems) {
    JsonNode v = value;
    if (v == null || v.isNull()) {
      v = JsonNodeFactory.instance.objectNode().put("type", "file");
    } else if (v.isTextual()) {
      // "output: stdout" as a shorthand for {type: stdout}.
      v = JsonNodeFactory.instance.objectNode().put("type", v.asText().trim());
    }
    if (!(v instanceof ObjectNode node)) {
      problems.add(
          "output: expected a mapping, got a list or value; write {type: file, path: ...}.");
      return fallback(stateDir, env, workDir);
    }
    String name = node.path("type").asText("").trim();
    if (name.isEmpty()) {
      problems.add(
          "output.type: not set; use one of " + String.join(", ", SinkTypes.all().keySet()) + ".");
      return fallback(stateDir, env, workDir);
    }
    SinkType type = SinkTypes.get(name);
    if (type == null) {
      problems.add(
          "output.type: \""
              + name
              + "\" is not a known sink; use one of "
              + String.join(", ", SinkTypes.all().keySet())
              + ".");
      return fallback(stateDir, env, workDir);
    }
    int before = problems.size();
    SinkSettings settings = COMMON.with(type.keys()).parse(name, node, env, workDir, problems);
    if (problems.size() == before) {
      type.validate(settings, problems);
    }
    if (name.equals("file") && !settings.has("path")) {
      settings = settings.with("path", stateDir.resolve("events.jsonl"));
    }
    return new OutputConfig(name, settings);
  }

  private static OutputConfig fallback(Path stateDir, Map<String, String> env, Path workDir) {
    return parse(null, stateDir, env, workDir, new ArrayList<>());
  }
}
