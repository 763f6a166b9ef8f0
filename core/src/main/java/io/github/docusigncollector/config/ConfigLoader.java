package io.github.docusigncollector.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.docusigncollector.auth.PemKeys;
import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.config.CollectorConfig.FirstFetch;
import io.github.docusigncollector.config.CollectorConfig.MonitorApi;
import io.github.docusigncollector.config.CollectorConfig.OutputConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.sink.OutputParser;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link CollectorConfig} of SPEC §3 from the YAML file and the {@code DOCUSIGN_*}
 * environment, and validates all of it at once: every problem is reported together, each naming its
 * key, why, and what to do. Touches nothing on disk but the files it reads.
 */
public final class ConfigLoader {
  /** The file read when neither {@code --config} nor {@code DOCUSIGN_CONFIG} names one. */
  public static final String DEFAULT_FILE = "docusign-collector.yaml";

  /** The variable naming the config file when {@code --config} is not given. */
  public static final String CONFIG_ENV = "DOCUSIGN_CONFIG";

  static final String DEV_OAUTH_HOST = "account-d.docusign.com";

  /** Every key of SPEC §3, in the order of the documentation. */
  public static final List<String> KEYS =
      List.of(
          "server_url",
          "integration_key",
          "user_id",
          "redirect_url",
          "private_key_file",
          "private_key",
          "account_id",
          "organization_id",
          "event_types",
          "max_customer_events_per_fetch",
          "max_user_events_per_fetch",
          "first_fetch",
          "interval",
          "max_wait",
          "connect_timeout",
          "request_timeout",
          "monitor_api",
          "monitor_url",
          "admin_url",
          "insecure",
          "ca_file",
          "proxy",
          "api_budget_per_hour",
          "api_burst_per_30s",
          "state_dir",
          "output",
          "accounts",
          "max_parallel_accounts",
          "listen");

  /** The keys an entry of {@code accounts:} may set besides {@code name} (SPEC §9). */
  public static final List<String> ACCOUNT_KEYS =
      List.of(
          "integration_key",
          "user_id",
          "private_key_file",
          "private_key",
          "account_id",
          "organization_id",
          "event_types",
          "first_fetch",
          "api_budget_per_hour",
          "api_burst_per_30s",
          "server_url",
          "monitor_url",
          "admin_url",
          "monitor_api",
          "redirect_url");

  private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9_-]+");

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int MAX_PARALLEL = 256;
  private static final String DURATION_HINT = "write a number with a unit: 90s, 15m, 1h or 7d";

  private ConfigLoader() {}

  /**
   * SPEC §3: the file (explicit path; else {@code $DOCUSIGN_CONFIG}; else {@code
   * ./docusign-collector.yaml} if it exists) merged with the {@code DOCUSIGN_*} variables of {@code
   * env}; validates everything and throws one {@link CollectorException} (exit 2) listing every
   * problem, each naming its key. Relative paths resolve against the working directory.
   */
  public static CollectorConfig load(Path explicitFile, Map<String, String> env) {
    return load(explicitFile, env, Path.of("").toAbsolutePath());
  }

  /** As {@link #load(Path, Map)}, with relative paths resolved against {@code workDir}. */
  public static CollectorConfig load(Path explicitFile, Map<String, String> env, Path workDir) {
    return loadAccounts(explicitFile, env, workDir).shared();
  }

  /**
   * As {@link #load(Path, Map, Path)}, with every account of SPEC §9: a configuration without
   * {@code accounts:} is the one unnamed account {@code default}; with it, each entry's keys on top
   * of the top-level ones (which, with the environment, are the defaults). Every problem of every
   * entry is reported at once, named like {@code accounts[billing].user_id}.
   */
  public static Accounts loadAccounts(Path explicitFile, Map<String, String> env, Path workDir) {
    return new Run(env, workDir).loadAccounts(explicitFile);
  }

  /** A value and where it came from, for the messages. */
  private record Setting(JsonNode value, String origin) {}

  /** One loading pass: gathers problems instead of stopping at the first. */
  private static final class Run {
    private final Map<String, String> env;
    private final Path workDir;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final Set<String> reported = new HashSet<>();
    private String fileNote = "";
    private String fileKeyConflict;
    private String fileName = "the file";

    /** The keys an entry of {@code accounts:} set itself (an account's own run only). */
    private final Set<String> entryKeys = new HashSet<>();

    Run(Map<String, String> env, Path workDir) {
      this.env = env;
      this.workDir = workDir;
    }

    Accounts loadAccounts(Path explicitFile) {
      Path file = chooseFile(explicitFile);
      if (file != null) {
        fileName = file.getFileName().toString();
        readFile(file);
      }
      applyEnvironment();
      Setting entries = settings.remove("accounts");
      int parallel =
          integer("max_parallel_accounts", Accounts.DEFAULT_MAX_PARALLEL, 1, MAX_PARALLEL);
      settings.remove("max_parallel_accounts");
      Accounts accounts;
      if (entries == null) {
        CollectorConfig config = build();
        accounts = config == null ? null : Accounts.single(config);
      } else {
        accounts = buildAccounts(entries, parallel);
      }
      if (!problems.isEmpty()) {
        StringBuilder msg = new StringBuilder();
        msg.append(
            problems.size() == 1
                ? "the configuration has a problem"
                : "the configuration has " + problems.size() + " problems");
        msg.append(fileNote).append("; nothing was fetched or written:");
        for (String p : problems) {
          msg.append(System.lineSeparator()).append("  - ").append(p);
        }
        throw CollectorException.config(msg.toString());
      }
      return accounts;
    }

    /**
     * One configuration per entry of {@code accounts:}, each built by a run of its own over the
     * top-level settings with the entry's on top; their problems join this run's, those of an
     * entry's own keys (or of a key it lacks) named {@code accounts[name].key}, the rest (a
     * top-level default, a shared key) once.
     */
    private Accounts buildAccounts(Setting entries, int parallel) {
      JsonNode list = entries.value();
      if (!list.isArray()) {
        problems.add(
            "accounts ("
                + entries.origin()
                + "): expected a list of entries, got a "
                + kind(list)
                + "; write one \"- name: ...\" entry per account.");
        return null;
      }
      if (list.isEmpty()) {
        problems.add(
            "accounts ("
                + entries.origin()
                + "): the list is empty; add an entry per account, or remove the key.");
        return null;
      }
      Set<String> seen = new HashSet<>();
      Set<String> found = new LinkedHashSet<>();
      List<Account> accounts = new ArrayList<>();
      int index = 0;
      for (JsonNode entry : list) {
        String label = "accounts[" + index + "]";
        index++;
        if (!entry.isObject()) {
          found.add(
              label
                  + ": expected a mapping, got a "
                  + kind(entry)
                  + "; write name: and the account's keys.");
          continue;
        }
        JsonNode nameNode = entry.get("name");
        String name = nameNode == null || !nameNode.isValueNode() ? "" : nameNode.asText().trim();
        boolean nameOk = true;
        if (name.isEmpty()) {
          found.add(label + ".name: required; give the account a name of a-z, 0-9, _ and -.");
          nameOk = false;
        } else if (!ACCOUNT_NAME.matcher(name).matches()) {
          found.add(
              label
                  + ".name: \""
                  + name
                  + "\" is not a valid name; use lower-case letters, digits, _ and - only"
                  + " (it names the account's state directory).");
          nameOk = false;
        } else if (!seen.add(name)) {
          found.add(
              "accounts["
                  + name
                  + "].name: two entries have this name; give each account its own (it names"
                  + " the account's state directory).");
          nameOk = false;
          label = "accounts[" + name + "]";
        }
        if (nameOk) {
          label = "accounts[" + name + "]";
        }
        Run account = new Run(env, workDir);
        account.fileName = fileName;
        account.settings.putAll(settings);
        if (entry.has("private_key") || entry.has("private_key_file")) {
          // The entry's key replaces the defaults' key settings as a whole.
          account.settings.remove("private_key");
          account.settings.remove("private_key_file");
        }
        if (entry.hasNonNull("private_key") && entry.hasNonNull("private_key_file")) {
          found.add(label + ".private_key, private_key_file: both are set; keep only one.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String key = e.getKey();
          if (key.equals("name")) {
            continue;
          }
          if (!ACCOUNT_KEYS.contains(key)) {
            found.add(
                label
                    + "."
                    + key
                    + ": "
                    + (KEYS.contains(key)
                        ? "not a per-account key; set it at the top level, for every account."
                        : "unknown key; use one of " + String.join(", ", ACCOUNT_KEYS) + "."));
            continue;
          }
          if (!e.getValue().isNull()) {
            account.settings.put(key, new Setting(e.getValue(), "in " + fileName));
            account.entryKeys.add(key);
          }
        }
        CollectorConfig config = account.build();
        for (String p : account.problems) {
          found.add(account.ownProblem(p) ? label + "." + p : p);
        }
        if (config != null && nameOk) {
          accounts.add(new Account(name, config, true));
        }
      }
      problems.addAll(found);
      return problems.isEmpty() ? new Accounts(accounts, parallel) : null;
    }

    /**
     * Whether a problem of an account's run is the account's own: about a per-account key the entry
     * set, or one that is set nowhere (a required key missing). A problem of a top-level default or
     * a shared key is the same in every account and is reported once, unprefixed.
     */
    private boolean ownProblem(String problem) {
      for (String key : ACCOUNT_KEYS) {
        if (problem.startsWith(key)
            && problem.length() > key.length()
            && " :,/".indexOf(problem.charAt(key.length())) >= 0) {
          return entryKeys.contains(key)
              || !settings.containsKey(key)
              || (key.startsWith("private_key")
                  && (entryKeys.contains("private_key") || entryKeys.contains("private_key_file")));
        }
      }
      return false;
    }

    private Path chooseFile(Path explicitFile) {
      String origin;
      Path file;
      if (explicitFile != null) {
        file = explicitFile;
        origin = "--config";
      } else if (env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
        try {
          file = Path.of(env.get(CONFIG_ENV).trim());
        } catch (InvalidPathException e) {
          throw CollectorException.config(
              CONFIG_ENV + ": \"" + env.get(CONFIG_ENV) + "\" is not a valid path.");
        }
        origin = CONFIG_ENV;
      } else {
        Path dflt = workDir.resolve(DEFAULT_FILE);
        if (Files.exists(dflt)) {
          fileNote = " (file " + dflt + ")";
          return dflt;
        }
        fileNote = " (no file " + DEFAULT_FILE + " here: settings from DOCUSIGN_* variables only)";
        return null;
      }
      Path resolved = workDir.resolve(file);
      if (!Files.exists(resolved)) {
        throw CollectorException.config(
            origin
                + ": the configuration file "
                + resolved
                + " does not exist; give the path of an existing YAML file"
                + " (or leave it out to use ./"
                + DEFAULT_FILE
                + " or DOCUSIGN_* variables).");
      }
      if (!Files.isRegularFile(resolved) || !Files.isReadable(resolved)) {
        throw CollectorException.config(
            origin
                + ": the configuration file "
                + resolved
                + " cannot be read; check that it is a readable file.");
      }
      fileNote = " (file " + resolved + ")";
      return resolved;
    }

    /**
     * One message for a file that is not valid YAML: the line and column, the key there (a key
     * appearing twice is named), and how to fix it. Never quotes a value: the file may hold the
     * private key.
     */
    static String yamlError(Path file, JsonProcessingException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      String where = line < 1 ? "" : " at line " + line + ", column " + column;
      String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      java.util.regex.Matcher dup =
          java.util.regex.Pattern.compile("^Duplicate field '([A-Za-z0-9_]{1,64})'").matcher(why);
      if (dup.find()) {
        return "config file "
            + file
            + ": the key "
            + dup.group(1)
            + " appears twice"
            + where
            + "; keep one of them (a later one would silently replace the first).";
      }
      List<String> keys = keysAtOrBefore(file, line);
      String first = why.lines().findFirst().orElse("").trim();
      String detail = first.isEmpty() || first.contains("'") || first.length() > 80 ? "" : first;
      return "config file "
          + file
          + ": not valid YAML"
          + where
          + (keys.isEmpty()
              ? ""
              : keys.size() == 1
                  ? " (at the key " + keys.get(0) + ")"
                  : " (at the key "
                      + keys.get(0)
                      + ", or in the one before it, "
                      + keys.get(1)
                      + ", which a parser may see only there)")
          + (detail.isEmpty() ? "" : ": " + detail)
          + "; fix the YAML there (one \"key: value\" per line, a list as [a, b], quotes around"
          + " a value holding \": \" or \"#\").";
    }

    /**
     * The top-level key on {@code line} (1-based) or the nearest line above it, and the key before
     * that one: YAML often notices a mistake (an unclosed bracket or quote) a line later.
     */
    private static List<String> keysAtOrBefore(Path file, int line) {
      List<String> out = new ArrayList<>();
      if (line < 1) {
        return out;
      }
      try {
        List<String> lines = Files.readAllLines(file);
        java.util.regex.Pattern key =
            java.util.regex.Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*:");
        for (int i = Math.min(line, lines.size()) - 1; i >= 0 && out.size() < 2; i--) {
          java.util.regex.Matcher m = key.matcher(lines.get(i));
          if (m.find()) {
            out.add(m.group(1));
          }
        }
      } catch (IOException | RuntimeException e) {
        return out;
      }
      return out;
    }

    private void readFile(Path file) {
      String origin = "in " + file.getFileName();
      JsonNode root;
      try {
        YAMLMapper yaml = new YAMLMapper();
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // Parse errors must not quote the file: it may hold the private key inline.
        yaml.disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);
        root = yaml.readTree(file.toFile());
      } catch (JsonProcessingException e) {
        // Reported alone: what the broken file holds is unknown, so "required but not set" lines
        // for keys that are in it would be false.
        throw CollectorException.config(yamlError(file, e));
      } catch (IOException e) {
        problems.add(
            "config file "
                + file
                + ": cannot be read ("
                + e.getClass().getSimpleName()
                + "); check the path and its permissions.");
        return;
      }
      if (root == null || root.isMissingNode() || root.isNull()) {
        return;
      }
      if (!root.isObject()) {
        problems.add(
            "config file "
                + file
                + ": the top level is not a mapping; write one \"key: value\" per line.");
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!KEYS.contains(e.getKey())) {
          String near = closestKey(e.getKey());
          problems.add(
              e.getKey()
                  + " ("
                  + origin
                  + "): unknown key; "
                  + (near != null
                      ? "did you mean " + near + "?"
                      : "remove it or fix its spelling (known keys: "
                          + String.join(", ", KEYS)
                          + ")."));
          continue;
        }
        if (!e.getValue().isNull()) {
          settings.put(e.getKey(), new Setting(e.getValue(), origin));
        }
      }
      if (settings.containsKey("private_key") && settings.containsKey("private_key_file")) {
        fileKeyConflict = origin;
      }
    }

    private void applyEnvironment() {
      String keyVar = envValue("private_key");
      String keyFileVar = envValue("private_key_file");
      if (keyVar != null || keyFileVar != null) {
        // A key from the environment replaces the file's key settings as a whole.
        settings.remove("private_key");
        settings.remove("private_key_file");
        if (keyVar != null && keyFileVar != null) {
          problems.add(
              "private_key, private_key_file (from DOCUSIGN_PRIVATE_KEY and"
                  + " DOCUSIGN_PRIVATE_KEY_FILE): both are set; keep only one of them.");
        }
      } else if (fileKeyConflict != null) {
        problems.add(
            "private_key, private_key_file ("
                + fileKeyConflict
                + "): both are set; keep only one of them.");
      }
      for (String key : KEYS) {
        if (key.equals("output") || key.equals("accounts")) {
          continue;
        }
        String v = envValue(key);
        if (v == null) {
          continue;
        }
        JsonNode node;
        if (key.equals("event_types")) {
          ArrayNode list = JsonNodeFactory.instance.arrayNode();
          for (String part : v.split(",", -1)) {
            list.add(part.trim());
          }
          node = list;
        } else {
          node = JsonNodeFactory.instance.textNode(key.equals("private_key") ? v : v.trim());
        }
        settings.put(key, new Setting(node, "from " + envName(key)));
      }
    }

    private String envValue(String key) {
      String v = env.get(envName(key));
      return v == null || v.isBlank() ? null : v;
    }

    private static String envName(String key) {
      return "DOCUSIGN_" + key.toUpperCase(Locale.ROOT);
    }

    private CollectorConfig build() {
      URI serverUrl = url("server_url", true);
      if (serverUrl != null && serverUrl.getPath() != null && !serverUrl.getPath().isEmpty()) {
        // /oauth/token and /oauth/userinfo are appended to it: a path would double them up.
        problem(
            "server_url",
            "\""
                + serverUrl
                + "\" has a path ("
                + serverUrl.getPath()
                + "); the OAuth paths are added to it",
            "give the OAuth server alone, like https://account-d.docusign.com");
        serverUrl = null;
      }
      String integrationKey = guid("integration_key", true, "the app's Integration Key");
      String userId = guid("user_id", true, "the GUID of the user to impersonate");
      String redirectUrl = string("redirect_url");
      if (redirectUrl != null) {
        checkRedirect(redirectUrl);
      }
      String accountId = guid("account_id", false, "the eSignature account GUID");
      String organizationId = guid("organization_id", false, "the organization GUID");
      List<EventType> eventTypes = eventTypes();
      int maxCustomer = integer("max_customer_events_per_fetch", 2000, 1, 2000);
      int maxUser = integer("max_user_events_per_fetch", 1250, 1, 1250);
      FirstFetch firstFetch = firstFetch();
      Duration interval = duration("interval", Duration.ofSeconds(60), Duration.ofSeconds(1));
      Duration maxWait = duration("max_wait", Duration.ofMinutes(5), Duration.ZERO);
      Duration connectTimeout =
          duration("connect_timeout", Duration.ofSeconds(10), Duration.ofMillis(1));
      Duration requestTimeout =
          duration("request_timeout", Duration.ofSeconds(60), Duration.ofMillis(1));
      MonitorApi monitorApi = monitorApi();
      URI monitorUrl = url("monitor_url", false);
      URI adminUrl = url("admin_url", false);
      boolean developer = serverUrl != null && DEV_OAUTH_HOST.equalsIgnoreCase(serverUrl.getHost());
      if (monitorUrl == null && serverUrl != null) {
        monitorUrl =
            URI.create(
                monitorApi == MonitorApi.ORG_V1
                    ? (developer ? "https://api-d.docusign.com" : "https://api.docusign.com")
                    : (developer ? "https://lens-d.docusign.net" : "https://lens.docusign.net"));
      }
      if (adminUrl == null && serverUrl != null) {
        adminUrl =
            URI.create(developer ? "https://api-d.docusign.net" : "https://api.docusign.net");
      }
      boolean insecure = bool("insecure", false);
      Path caFile = caFile();
      boolean proxy = bool("proxy", false);
      int budget = integer("api_budget_per_hour", 1000, 1, 100_000);
      int burst = integer("api_burst_per_30s", 100, 1, 100_000);
      Path stateDir = path("state_dir", "state");
      if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
        problem(
            "state_dir",
            stateDir + " is a file, not a directory",
            "point state_dir at a directory (it is created when missing), or move the file away");
      }
      OutputConfig output = output(stateDir);
      CollectorConfig.Listen listen = listen();

      if (eventTypes.contains(EventType.AUDIT_USERS)) {
        if (accountId == null && reported.add("account_id")) {
          problems.add(
              "account_id: required when event_types includes audit_users; set it to the"
                  + " eSignature account GUID (DocuSign eSignature Admin > Apps and Keys > API"
                  + " Account ID).");
        }
        if (organizationId == null && reported.add("organization_id")) {
          problems.add(
              "organization_id: required when event_types includes audit_users; set it to the"
                  + " organization GUID (DocuSign Admin > Overview, or the Admin URL).");
        }
      }
      if (monitorApi == MonitorApi.ORG_V1
          && eventTypes.contains(EventType.CUSTOMER_EVENTS)
          && organizationId == null
          && reported.add("organization_id")) {
        problems.add(
            "organization_id: required when monitor_api is org_v1 (its path names the"
                + " organization); set it, or use monitor_api: lens_v2.");
      }

      SigningKey key = privateKey();
      if (!problems.isEmpty()) {
        return null;
      }
      return new CollectorConfig(
          serverUrl,
          integrationKey,
          userId,
          redirectUrl,
          key,
          accountId,
          organizationId,
          eventTypes,
          maxCustomer,
          maxUser,
          firstFetch,
          interval,
          maxWait,
          connectTimeout,
          requestTimeout,
          monitorApi,
          monitorUrl,
          adminUrl,
          insecure,
          caFile,
          proxy,
          budget,
          burst,
          stateDir,
          output,
          listen);
    }

    private CollectorConfig.Listen listen() {
      String text = string("listen");
      if (text == null) {
        return null;
      }
      try {
        return CollectorConfig.Listen.parse(text);
      } catch (IllegalArgumentException e) {
        problem("listen", e.getMessage(), "or leave it unset to serve nothing");
        return null;
      }
    }

    // --- single values ------------------------------------------------------------------------

    private void problem(String key, String why, String fix) {
      reported.add(key);
      Setting s = settings.get(key);
      String origin = s == null ? "" : " (" + s.origin() + ")";
      problems.add(key + origin + ": " + why + "; " + fix + ".");
    }

    private String string(String key) {
      Setting s = settings.get(key);
      if (s == null) {
        return null;
      }
      JsonNode v = s.value();
      if (!v.isValueNode()) {
        problem(key, "expected a single value, got a " + kind(v), "write it as key: value");
        return null;
      }
      String text = v.asText().trim();
      return text.isEmpty() ? null : text;
    }

    private String required(String key, String what) {
      String v = string(key);
      if (v == null && !reported.contains(key)) {
        reported.add(key);
        problems.add(
            key
                + ": required but not set; set it in the config file or as "
                + envName(key)
                + " ("
                + what
                + ").");
      }
      return v;
    }

    private String guid(String key, boolean required, String what) {
      String v = required ? required(key, what) : string(key);
      if (v != null && !GUID.matcher(v).matches()) {
        problem(
            key,
            "\"" + v + "\" is not a GUID",
            "use " + what + ", shaped like 12345678-abcd-1234-abcd-1234567890ab");
        return null;
      }
      return v;
    }

    private URI url(String key, boolean required) {
      String v =
          required
              ? required(key, "https://account-d.docusign.com or https://account.docusign.com")
              : string(key);
      if (v == null) {
        return null;
      }
      URI uri;
      try {
        uri = new URI(v);
      } catch (URISyntaxException e) {
        problem(key, "\"" + v + "\" is not a valid URL", "write it like https://host[:port]");
        return null;
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("https") && !scheme.equals("http")) || uri.getHost() == null) {
        problem(
            key, "\"" + v + "\" is not an http(s) URL with a host", "write it like https://host");
        return null;
      }
      if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
        problem(
            key,
            "\"" + v + "\" carries a query, fragment or user name",
            "give the base URL only, like https://host");
        return null;
      }
      if (scheme.equals("http") && !isLoopback(uri.getHost())) {
        problem(
            key,
            "plain http:// is allowed only for loopback hosts (a local simulator), not "
                + uri.getHost(),
            "use https://");
        return null;
      }
      // A trailing slash would double up when paths are appended.
      String text = v.endsWith("/") ? v.replaceAll("/+$", "") : v;
      return URI.create(text);
    }

    private void checkRedirect(String v) {
      try {
        URI uri = new URI(v);
        if (uri.getScheme() == null || (uri.getHost() == null && uri.getAuthority() == null)) {
          problem(
              "redirect_url",
              "\"" + v + "\" is not an absolute URL",
              "use the redirect URI registered on the app, e.g. https://example.com/callback");
        }
      } catch (URISyntaxException e) {
        problem(
            "redirect_url",
            "\"" + v + "\" is not a valid URL",
            "use the redirect URI registered on the app, e.g. https://example.com/callback");
      }
    }

    private List<EventType> eventTypes() {
      Setting s = settings.get("event_types");
      if (s == null) {
        return List.of(EventType.CUSTOMER_EVENTS);
      }
      List<String> names = new ArrayList<>();
      JsonNode v = s.value();
      if (v.isArray()) {
        v.forEach(n -> names.add(n.asText().trim()));
      } else if (v.isTextual()) {
        for (String part : v.asText().split(",", -1)) {
          names.add(part.trim());
        }
      } else {
        problem(
            "event_types",
            "expected a list, got a " + kind(v),
            "write [customer_events, audit_users] or a subset");
        return List.of(EventType.CUSTOMER_EVENTS);
      }
      Set<EventType> types = new LinkedHashSet<>();
      for (String n : names) {
        if (n.isEmpty()) {
          continue;
        }
        EventType t = EventType.fromKey(n).orElse(null);
        if (t == null) {
          problem(
              "event_types",
              "\"" + n + "\" is not an event type",
              "use customer_events and/or audit_users");
        } else {
          types.add(t);
        }
      }
      if (types.isEmpty() && names.stream().allMatch(String::isEmpty)) {
        problem(
            "event_types",
            "the list is empty",
            "name at least one of customer_events, audit_users");
      }
      return types.isEmpty() ? List.of(EventType.CUSTOMER_EVENTS) : List.copyOf(types);
    }

    private int integer(String key, int dflt, int min, int max) {
      Setting s = settings.get(key);
      if (s == null) {
        return dflt;
      }
      JsonNode v = s.value();
      long n;
      if (v.isIntegralNumber()) {
        n = v.canConvertToLong() ? v.asLong() : Long.MAX_VALUE;
      } else if (v.isTextual() && v.asText().trim().matches("[+-]?\\d{1,18}")) {
        n = Long.parseLong(v.asText().trim());
      } else {
        problem(
            key,
            "\"" + v.asText() + "\" is not a whole number",
            "write a number from " + min + " to " + max);
        return dflt;
      }
      if (n < min || n > max) {
        problem(key, n + " is out of range", "write a number from " + min + " to " + max);
        return dflt;
      }
      return (int) n;
    }

    private boolean bool(String key, boolean dflt) {
      Setting s = settings.get(key);
      if (s == null) {
        return dflt;
      }
      JsonNode v = s.value();
      if (v.isBoolean()) {
        return v.asBoolean();
      }
      String t = v.isValueNode() ? v.asText().trim().toLowerCase(Locale.ROOT) : "";
      if (t.equals("true")) {
        return true;
      }
      if (t.equals("false")) {
        return false;
      }
      problem(key, "\"" + v.asText() + "\" is not true or false", "write true or false");
      return dflt;
    }

    private Duration duration(String key, Duration dflt, Duration min) {
      String v = string(key);
      if (v == null) {
        return dflt;
      }
      Duration d = parseDuration(v);
      if (d == null) {
        problem(key, "\"" + v + "\" is not a duration", DURATION_HINT);
        return dflt;
      }
      if (d.compareTo(min) < 0) {
        problem(key, v + " is too short", "use at least " + describe(min));
        return dflt;
      }
      return d;
    }

    private FirstFetch firstFetch() {
      String v = string("first_fetch");
      if (v == null) {
        return FirstFetch.ago(Duration.ofHours(1));
      }
      Duration d = parseDuration(v);
      if (d != null) {
        return FirstFetch.ago(d);
      }
      try {
        return FirstFetch.at(Instant.parse(v));
      } catch (DateTimeParseException e) {
        try {
          return FirstFetch.at(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException e2) {
          problem(
              "first_fetch",
              "\"" + v + "\" is neither a duration nor an ISO-8601 instant",
              DURATION_HINT + " back from now, or an instant like 2026-01-01T00:00:00Z");
          return FirstFetch.ago(Duration.ofHours(1));
        }
      }
    }

    private MonitorApi monitorApi() {
      String v = string("monitor_api");
      if (v == null) {
        return MonitorApi.LENS_V2;
      }
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "lens_v2" -> MonitorApi.LENS_V2;
        case "org_v1" -> MonitorApi.ORG_V1;
        default -> {
          problem("monitor_api", "\"" + v + "\" is not a Monitor API", "use lens_v2 or org_v1");
          yield MonitorApi.LENS_V2;
        }
      };
    }

    private Path path(String key, String dflt) {
      String v = string(key);
      String text = v == null ? dflt : v;
      try {
        return workDir.resolve(text).normalize();
      } catch (InvalidPathException e) {
        problem(key, "\"" + text + "\" is not a valid path", "give a directory path");
        return workDir.resolve(dflt).normalize();
      }
    }

    private Path caFile() {
      String v = string("ca_file");
      if (v == null) {
        return null;
      }
      Path p;
      try {
        p = workDir.resolve(v).normalize();
      } catch (InvalidPathException e) {
        problem("ca_file", "\"" + v + "\" is not a valid path", "give the path of a PEM bundle");
        return null;
      }
      if (!Files.isRegularFile(p)) {
        problem(
            "ca_file",
            "the file " + p + " does not exist",
            "give the path of a PEM bundle of CA certificates");
      } else if (!Files.isReadable(p)) {
        problem("ca_file", "the file " + p + " cannot be read", "check its permissions");
      }
      return p;
    }

    private OutputConfig output(Path stateDir) {
      Setting s = settings.get("output");
      return OutputParser.parse(s == null ? null : s.value(), stateDir, env, workDir, problems);
    }

    private SigningKey privateKey() {
      String inline = settings.containsKey("private_key") ? rawText("private_key") : null;
      String file = string("private_key_file");
      boolean both = inline != null && file != null;
      if (both) {
        return null; // reported where the two were found together
      }
      if (inline == null && file == null) {
        if (!settings.containsKey("private_key") && !settings.containsKey("private_key_file")) {
          problems.add(
              "private_key_file / private_key: required but neither is set; set private_key_file"
                  + " to the PEM file of the app's RSA private key (or DOCUSIGN_PRIVATE_KEY_FILE,"
                  + " or the PEM text itself in private_key / DOCUSIGN_PRIVATE_KEY).");
        } else {
          problem(
              settings.containsKey("private_key") ? "private_key" : "private_key_file",
              "it is empty",
              "give the app's RSA private key");
        }
        return null;
      }
      try {
        if (inline != null) {
          return PemKeys.parse(
              inline, "private_key (" + settings.get("private_key").origin() + ")");
        }
        Path p;
        try {
          p = workDir.resolve(file).normalize();
        } catch (InvalidPathException e) {
          problem("private_key_file", "\"" + file + "\" is not a valid path", "fix it");
          return null;
        }
        return PemKeys.read(
            p, "private_key_file (" + settings.get("private_key_file").origin() + ")");
      } catch (CollectorException e) {
        problems.add(e.getMessage());
        return null;
      }
    }

    private String rawText(String key) {
      JsonNode v = settings.get(key).value();
      if (!v.isTextual()) {
        problem(key, "expected the PEM text, got a " + kind(v), "paste the PEM key as a string");
        return null;
      }
      return v.asText();
    }
  }

  /** Parses {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d} (and {@code 500ms}); null if not. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** True for {@code localhost}, 127.0.0.0/8 and {@code ::1}, judged by name without DNS. */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    return h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** The known key within two edits of {@code key} (a typo), or null. */
  static String closestKey(String key) {
    return KeySuggestion.closest(key.toLowerCase(Locale.ROOT).replace('-', '_'), KEYS, 2)
        .orElse(null);
  }

  private static String describe(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    return d.toSeconds() + "s";
  }

  private static String kind(JsonNode v) {
    if (v.isArray()) {
      return "list";
    }
    if (v.isObject()) {
      return "mapping";
    }
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
