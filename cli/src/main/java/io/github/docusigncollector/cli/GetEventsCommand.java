package io.github.docusigncollector.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.format.EventRewriter;
import io.github.docusigncollector.format.OutputFormat;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.pipeline.Peek;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code get-events}: a manual look at the next events of any type; moves nothing. */
@Command(
    name = "get-events",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches up to N events of a type (configured or not) from where the stored checkpoint"
          + " stands (or from first_fetch), or from --since whatever the checkpoint says, and"
          + " prints them.",
      "Never moves checkpoints and never writes the sink."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  docusign-collector get-events --type customer_events",
      "  docusign-collector get-events --type customer_events --since 1h --format jsonl",
      "  docusign-collector get-events --type audit_users --since 2026-05-01T00:00:00Z"
    })
final class GetEventsCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Mixin AccountOption account;

  @Spec CommandSpec spec;

  @Option(
      names = "--type",
      required = true,
      paramLabel = "TYPE",
      description = "customer_events or audit_users.")
  String type;

  @Option(
      names = "--limit",
      defaultValue = "10",
      paramLabel = "N",
      description = "Most events to print (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "table, json (one array), jsonl, or ocsf / ecs (JSON Lines mapped to OCSF or ECS)"
              + " (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Events from then on, whatever the checkpoint says: a duration back from now (90s, 15m,"
              + " 1h, 7d) or an instant (2026-05-01T00:00:00Z).")
  String since;

  @Override
  public Integer call() {
    EventType t =
        EventType.fromKey(type)
            .orElseThrow(
                () ->
                    CollectorException.config(
                        "--type: \""
                            + type
                            + "\" is not an event type; use customer_events or"
                            + " audit_users"));
    if (limit < 1 || limit > 100_000) {
      throw CollectorException.config("--limit: " + limit + " is out of range; use 1..100000");
    }
    String f = format.toLowerCase(Locale.ROOT);
    if (!List.of("table", "json", "jsonl", "ocsf", "ecs").contains(f)) {
      throw CollectorException.config(
          "--format: \"" + format + "\" is not a format; use table, json, jsonl, ocsf or ecs");
    }
    Duration sinceAgo = since == null ? null : ConfigLoader.parseDuration(since.trim());
    Instant sinceAt = null;
    if (since != null && sinceAgo == null) {
      try {
        sinceAt = OffsetDateTime.parse(since.trim()).toInstant();
      } catch (DateTimeParseException e) {
        throw CollectorException.config(
            "--since: \""
                + since
                + "\" is neither a duration nor an instant; use e.g. 90s, 15m, 1h, 7d, or"
                + " 2026-05-01T00:00:00Z");
      }
    }
    try (CommandContext ctx = CommandContext.openOne(spec)) {
      Instant from = sinceAgo != null ? ctx.clock().instant().minus(sinceAgo) : sinceAt;
      Set<String> scopes = new LinkedHashSet<>(t.scopes());
      try (DocuSignClient client =
          new DocuSignClient(
              ctx.config(),
              ctx.state(),
              ctx.clock(),
              ctx.sleeper(),
              ClientOptions.defaults().withEnv(ctx.env()).withExtraScopes(scopes))) {
        Peek peek =
            new Peek(ctx.config(), client, ctx.clock(), ctx.state().readCheckpoints(), from);
        List<ObjectNode> events = peek.events(t, limit);
        if (f.equals("ocsf") || f.equals("ecs")) {
          EventRewriter rewriter =
              new EventRewriter(OutputFormat.fromKey(f).orElseThrow(), null, ctx.clock());
          events = events.stream().map(e -> rewriter.map(t, e)).toList();
          f = "jsonl";
        }
        print(ctx.out(), events, t, f);
        if (events.isEmpty() && !f.equals("json")) {
          ctx.err()
              .println(
                  "no "
                      + t.key()
                      + (from != null ? " since " + from : " newer than the checkpoint"));
        }
      }
    }
    return 0;
  }

  private static void print(PrintStream out, List<ObjectNode> events, EventType t, String f) {
    try {
      switch (f) {
        case "jsonl" -> {
          for (ObjectNode e : events) {
            out.println(Json.MAPPER.writeValueAsString(e));
          }
        }
        case "json" -> {
          ArrayNode a = Json.MAPPER.createArrayNode();
          a.addAll(events);
          out.println(Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(a));
        }
        default -> table(out, events, t);
      }
    } catch (JsonProcessingException e) {
      throw CollectorException.operational("cannot print events: " + e.getOriginalMessage());
    }
    out.flush();
  }

  private static void table(PrintStream out, List<ObjectNode> events, EventType t) {
    List<String> cols =
        t == EventType.CUSTOMER_EVENTS
            ? List.of("_time", "eventId", "object", "action", "result", "userId", "ipAddress")
            : List.of("_time", "id", "email", "user_status", "userName", "permissionProfileName");
    int[] width = new int[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      width[i] = cols.get(i).length();
      for (ObjectNode e : events) {
        width[i] = Math.min(40, Math.max(width[i], cell(e, cols.get(i)).length()));
      }
    }
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < cols.size(); i++) {
      head.append(pad(cols.get(i), width[i])).append(i + 1 < cols.size() ? "  " : "");
    }
    out.println(head.toString().stripTrailing());
    for (ObjectNode e : events) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < cols.size(); i++) {
        row.append(pad(cell(e, cols.get(i)), width[i])).append(i + 1 < cols.size() ? "  " : "");
      }
      out.println(row.toString().stripTrailing());
    }
  }

  private static String cell(ObjectNode e, String col) {
    JsonNode v = e.get(col);
    String s = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    return s.length() > 40 ? s.substring(0, 39) + "…" : s;
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  /** Created on first use: picocli instantiates every command at start, and a mapper is costly. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
