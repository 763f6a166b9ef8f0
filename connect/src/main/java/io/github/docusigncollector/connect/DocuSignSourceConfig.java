package io.github.docusigncollector.connect;

import io.github.docusigncollector.auth.PemKeys;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.CollectorConfig.FirstFetch;
import io.github.docusigncollector.config.CollectorConfig.MonitorApi;
import io.github.docusigncollector.config.ConfigLoader;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.config.KeySuggestion;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.format.OutputFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's configuration (SPEC §12): the collector's keys with dots ({@code
 * docusign.server.url}, ...), {@code docusign.accounts} with per-account keys {@code
 * docusign.accounts.<name>.<key>}, the topics and {@code output.format}. One {@link ConfigDef}
 * declares and documents every static key; {@link #parse} turns a connector's properties into one
 * {@link CollectorConfig} per account, collecting every problem under the key it concerns.
 */
public final class DocuSignSourceConfig {
  static final String PREFIX = "docusign.";
  static final String SERVER_URL = "docusign.server.url";
  static final String INTEGRATION_KEY = "docusign.integration.key";
  static final String USER_ID = "docusign.user.id";
  static final String PRIVATE_KEY = "docusign.private.key";
  static final String ACCOUNT_ID = "docusign.account.id";
  static final String ORGANIZATION_ID = "docusign.organization.id";
  static final String ACCOUNTS = "docusign.accounts";
  static final String EVENT_TYPES = "docusign.event.types";
  static final String MONITOR_API = "docusign.monitor.api";
  static final String MONITOR_URL = "docusign.monitor.url";
  static final String ADMIN_URL = "docusign.admin.url";
  static final String FIRST_FETCH = "docusign.first.fetch";
  static final String MAX_CUSTOMER = "docusign.max.customer.events.per.fetch";
  static final String MAX_USER = "docusign.max.user.events.per.fetch";
  static final String INTERVAL = "docusign.interval";
  static final String MAX_WAIT = "docusign.max.wait";
  static final String CONNECT_TIMEOUT = "docusign.connect.timeout";
  static final String REQUEST_TIMEOUT = "docusign.request.timeout";
  static final String BUDGET = "docusign.api.budget.per.hour";
  static final String BURST = "docusign.api.burst.per.30s";
  static final String INSECURE = "docusign.insecure";
  static final String CA_FILE = "docusign.ca.file";
  static final String TOPIC_CUSTOMER_EVENTS = "topic.customer.events";
  static final String TOPIC_AUDIT_USERS = "topic.audit.users";
  static final String OUTPUT_FORMAT = "output.format";
  static final String VALUE_TYPE = "record.value.type";

  /** Set by the connector on each task: the account names that task collects. */
  static final String TASK_ACCOUNTS = "task.accounts";

  /** The keys an account of {@code docusign.accounts} may set for itself, after its prefix. */
  static final List<String> ACCOUNT_KEYS =
      List.of(
          "account.id",
          "organization.id",
          "integration.key",
          "user.id",
          "private.key",
          "event.types",
          "first.fetch",
          "api.budget.per.hour",
          "api.burst.per.30s",
          "server.url",
          "monitor.url",
          "admin.url");

  /** The name of the one account of a configuration without {@code docusign.accounts}. */
  static final String DEFAULT_ACCOUNT = "default";

  private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9_-]+");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final String DURATION_HINT = "write a number with a unit: 90s, 15m, 1h or 7d";

  private DocuSignSourceConfig() {}

  /** Every static key, with its type, default, validator and documentation. */
  public static final ConfigDef CONFIG_DEF = define();

  private static ConfigDef define() {
    String g = "DocuSign";
    String a = "Accounts";
    String o = "Output";
    int[] n = {0, 0, 0};
    return new ConfigDef()
        .define(
            SERVER_URL,
            Type.STRING,
            null,
            url(),
            Importance.HIGH,
            "The OAuth server: https://account-d.docusign.com (developer) or"
                + " https://account.docusign.com (production). Plain http only for a loopback host.",
            g,
            ++n[0],
            Width.LONG,
            "OAuth server")
        .define(
            INTEGRATION_KEY,
            Type.STRING,
            null,
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "The app's integration key (client id).",
            g,
            ++n[0],
            Width.MEDIUM,
            "Integration key")
        .define(
            USER_ID,
            Type.STRING,
            null,
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "The GUID of the user the app acts as (JWT Grant subject).",
            g,
            ++n[0],
            Width.MEDIUM,
            "User id")
        .define(
            PRIVATE_KEY,
            Type.PASSWORD,
            null,
            Importance.HIGH,
            "The app's RSA private key in PEM form (PKCS#1 or PKCS#8; line breaks may be written as"
                + " \\n). A secret: Connect masks it in its REST answers; keep it in a config"
                + " provider (e.g. ${file:/etc/secrets/docusign.properties:key}).",
            g,
            ++n[0],
            Width.LONG,
            "Private key")
        .define(
            ACCOUNT_ID,
            Type.STRING,
            null,
            Importance.HIGH,
            "The eSignature account GUID; needed by audit_users. For several accounts, set"
                + " docusign.accounts.<name>.account.id instead.",
            g,
            ++n[0],
            Width.MEDIUM,
            "Account id")
        .define(
            ORGANIZATION_ID,
            Type.STRING,
            null,
            Importance.HIGH,
            "The organization GUID; needed by audit_users and by monitor.api org_v1.",
            g,
            ++n[0],
            Width.MEDIUM,
            "Organization id")
        .define(
            EVENT_TYPES,
            Type.LIST,
            "customer_events,audit_users",
            eventTypes(),
            Importance.HIGH,
            "The streams to collect: customer_events (Monitor), audit_users (Admin + eSignature).",
            g,
            ++n[0],
            Width.MEDIUM,
            "Event types")
        .define(
            FIRST_FETCH,
            Type.STRING,
            "1h",
            firstFetch(),
            Importance.MEDIUM,
            "Where a partition without an offset starts: a duration back from now (90s, 15m, 1h,"
                + " 7d) or an ISO-8601 instant.",
            g,
            ++n[0],
            Width.SHORT,
            "First fetch")
        .define(
            MONITOR_API,
            Type.STRING,
            "lens_v2",
            ConfigDef.CaseInsensitiveValidString.in("lens_v2", "org_v1"),
            Importance.LOW,
            "The Monitor stream endpoint: lens_v2 or org_v1.",
            g,
            ++n[0],
            Width.SHORT,
            "Monitor API")
        .define(
            MONITOR_URL,
            Type.STRING,
            null,
            url(),
            Importance.LOW,
            "The Monitor base URL; by default derived from docusign.server.url.",
            g,
            ++n[0],
            Width.LONG,
            "Monitor URL")
        .define(
            ADMIN_URL,
            Type.STRING,
            null,
            url(),
            Importance.LOW,
            "The Admin API base URL; by default derived from docusign.server.url.",
            g,
            ++n[0],
            Width.LONG,
            "Admin URL")
        .define(
            MAX_CUSTOMER,
            Type.INT,
            2000,
            ConfigDef.Range.between(1, 2000),
            Importance.LOW,
            "Monitor events asked for per page (one poll, one transaction). 1..2000.",
            g,
            ++n[0],
            Width.SHORT,
            "Monitor page size")
        .define(
            MAX_USER,
            Type.INT,
            1250,
            ConfigDef.Range.between(1, 1250),
            Importance.LOW,
            "Most audit users delivered per pass over the changed users. 1..1250.",
            g,
            ++n[0],
            Width.SHORT,
            "Users per pass")
        .define(
            INTERVAL,
            Type.STRING,
            "60s",
            duration(Duration.ofSeconds(1)),
            Importance.MEDIUM,
            "How long a caught-up partition waits before asking again (at least 1s).",
            g,
            ++n[0],
            Width.SHORT,
            "Interval")
        .define(
            MAX_WAIT,
            Type.STRING,
            "5m",
            duration(Duration.ZERO),
            Importance.LOW,
            "The longest wait for a rate limit inside one poll before the partition is retried"
                + " after docusign.interval.",
            g,
            ++n[0],
            Width.SHORT,
            "Max wait")
        .define(
            CONNECT_TIMEOUT,
            Type.STRING,
            "10s",
            duration(Duration.ofMillis(1)),
            Importance.LOW,
            "TCP/TLS connect timeout.",
            g,
            ++n[0],
            Width.SHORT,
            "Connect timeout")
        .define(
            REQUEST_TIMEOUT,
            Type.STRING,
            "60s",
            duration(Duration.ofMillis(1)),
            Importance.LOW,
            "Timeout of one HTTP request.",
            g,
            ++n[0],
            Width.SHORT,
            "Request timeout")
        .define(
            BUDGET,
            Type.INT,
            1000,
            ConfigDef.Range.between(1, 100_000),
            Importance.MEDIUM,
            "API calls per clock hour the collector allows itself per account (DocuSign's limit"
                + " is per account and hour). Counted in memory by the task holding the account.",
            g,
            ++n[0],
            Width.SHORT,
            "Hourly budget")
        .define(
            BURST,
            Type.INT,
            100,
            ConfigDef.Range.between(1, 100_000),
            Importance.MEDIUM,
            "API calls per 30 seconds per account.",
            g,
            ++n[0],
            Width.SHORT,
            "Burst limit")
        .define(
            INSECURE,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Accept any TLS certificate and host name (testing only; prefer docusign.ca.file).",
            g,
            ++n[0],
            Width.SHORT,
            "Insecure TLS")
        .define(
            CA_FILE,
            Type.STRING,
            null,
            Importance.LOW,
            "A PEM file of CA certificates to trust besides the JDK's, readable on every worker.",
            g,
            ++n[0],
            Width.LONG,
            "CA file")
        .define(
            ACCOUNTS,
            Type.LIST,
            "",
            accountNames(),
            Importance.HIGH,
            "Names of several accounts ([a-z0-9_-]+), spread over tasks.max tasks. Each sets"
                + " docusign.accounts.<name>.account.id and .organization.id, and may set its own"
                + " integration.key, user.id, private.key, event.types, first.fetch,"
                + " api.budget.per.hour, api.burst.per.30s, server.url, monitor.url and"
                + " admin.url; other keys are shared. Empty: one account from"
                + " docusign.account.id.",
            a,
            ++n[1],
            Width.LONG,
            "Accounts")
        .define(
            TOPIC_CUSTOMER_EVENTS,
            Type.STRING,
            "docusign.customer_events",
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "The topic of the Monitor customer events (key: eventId).",
            o,
            ++n[2],
            Width.MEDIUM,
            "Customer events topic")
        .define(
            TOPIC_AUDIT_USERS,
            Type.STRING,
            "docusign.audit_users",
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "The topic of the audit users (key: the user id).",
            o,
            ++n[2],
            Width.MEDIUM,
            "Audit users topic")
        .define(
            OUTPUT_FORMAT,
            Type.STRING,
            "raw",
            ConfigDef.CaseInsensitiveValidString.in("raw", "ocsf", "ecs"),
            Importance.MEDIUM,
            "The events' shape: raw (as collected), ocsf or ecs.",
            o,
            ++n[2],
            Width.SHORT,
            "Output format")
        .define(
            VALUE_TYPE,
            Type.STRING,
            "string",
            ConfigDef.CaseInsensitiveValidString.in("string", "map"),
            Importance.MEDIUM,
            "The record value: string (the event's JSON text, for StringConverter) or map (the"
                + " event as a schemaless map, for JsonConverter with schemas.enable=false).",
            o,
            ++n[2],
            Width.SHORT,
            "Record value")
        .defineInternal(TASK_ACCOUNTS, Type.STRING, "", Importance.LOW);
  }

  /** One account of the connector: its name, configuration and event tag (null: none). */
  record AccountConfig(String name, CollectorConfig config, String eventTag) {}

  /** The connector's settings after parsing, and every problem by key. */
  record Parsed(
      List<AccountConfig> accounts,
      OutputFormat format,
      boolean mapValues,
      String customerEventsTopic,
      String auditUsersTopic,
      Map<String, List<String>> problems) {
    boolean ok() {
      return problems.isEmpty();
    }

    /** Every problem on one line each, {@code key: why; what to do.} */
    String describe() {
      StringBuilder sb = new StringBuilder();
      problems.forEach(
          (k, list) -> list.forEach(p -> sb.append('\n').append(k).append(": ").append(p)));
      return sb.toString();
    }

    Optional<AccountConfig> account(String name) {
      return accounts.stream().filter(x -> x.name().equals(name)).findFirst();
    }
  }

  /**
   * Parses the properties into one configuration per account. Never throws for bad input: each
   * problem is listed under its key. No secret enters a problem's text.
   */
  static Parsed parse(Map<String, String> props) {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    Map<String, Object> values;
    try {
      values = CONFIG_DEF.parse(props);
    } catch (ConfigException e) {
      // The per-key messages come from validate(); here one message is enough.
      String name = e.getMessage() == null ? "configuration" : e.getMessage();
      problems.computeIfAbsent(keyOf(name), k -> new ArrayList<>()).add(Secrets.redact(name));
      return new Parsed(List.of(), OutputFormat.RAW, false, null, null, problems);
    }
    Run run = new Run(props, values, problems);
    List<AccountConfig> accounts = run.accounts();
    OutputFormat format =
        OutputFormat.fromKey((String) values.get(OUTPUT_FORMAT)).orElse(OutputFormat.RAW);
    return new Parsed(
        accounts,
        format,
        "map".equalsIgnoreCase((String) values.get(VALUE_TYPE)),
        (String) values.get(TOPIC_CUSTOMER_EVENTS),
        (String) values.get(TOPIC_AUDIT_USERS),
        problems);
  }

  /** The {@code docusign.*} keys nothing declares, each with its problem. */
  @SuppressWarnings("unchecked")
  static Map<String, List<String>> unknownKeys(Map<String, String> props) {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    Object names;
    try {
      names = ConfigDef.parseType(ACCOUNTS, props.getOrDefault(ACCOUNTS, ""), Type.LIST);
    } catch (ConfigException e) {
      names = List.of();
    }
    new Run(props, Map.of(), problems).unknownKeys((List<String>) names);
    return problems;
  }

  /** The key a ConfigException's message names ("Invalid value x for configuration KEY: ..."). */
  private static String keyOf(String message) {
    for (String name : CONFIG_DEF.names()) {
      if (message.contains("configuration " + name)
          || message.contains("\"" + name + "\"")
          || message.contains(name + " which")) {
        return name;
      }
    }
    return "configuration";
  }

  /** Cross-key checks and the per-account keys, which one ConfigDef cannot declare. */
  private static final class Run {
    private final Map<String, String> props;
    private final Map<String, Object> values;
    private final Map<String, List<String>> problems;

    Run(Map<String, String> props, Map<String, Object> values, Map<String, List<String>> problems) {
      this.props = props;
      this.values = values;
      this.problems = problems;
    }

    void problem(String key, String why) {
      List<String> list = problems.computeIfAbsent(key, k -> new ArrayList<>());
      if (!list.contains(why)) {
        list.add(why);
      }
    }

    @SuppressWarnings("unchecked")
    List<AccountConfig> accounts() {
      List<String> names = (List<String>) values.get(ACCOUNTS);
      unknownKeys(names);
      List<AccountConfig> out = new ArrayList<>();
      if (names.isEmpty()) {
        if (props.containsKey(TASK_ACCOUNTS)
            && !props.get(TASK_ACCOUNTS).isBlank()
            && !props.get(TASK_ACCOUNTS).equals(DEFAULT_ACCOUNT)) {
          problem(TASK_ACCOUNTS, "names accounts, but docusign.accounts is empty");
        }
        AccountConfig c = account(DEFAULT_ACCOUNT, null);
        if (c != null) {
          out.add(c);
        }
        return out;
      }
      for (String raw : names) {
        String name = raw.trim();
        AccountConfig c = account(name, PREFIX + "accounts." + name + ".");
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }

    /** A key under {@code docusign.} that nothing declares: a typo, reported on that key. */
    void unknownKeys(List<String> names) {
      for (String key : props.keySet()) {
        if (!key.startsWith(PREFIX) || CONFIG_DEF.names().contains(key)) {
          continue;
        }
        String accountsPrefix = PREFIX + "accounts.";
        if (key.startsWith(accountsPrefix)) {
          String rest = key.substring(accountsPrefix.length());
          int dot = rest.indexOf('.');
          String name = dot < 0 ? rest : rest.substring(0, dot);
          String sub = dot < 0 ? "" : rest.substring(dot + 1);
          if (!names.contains(name)) {
            problem(
                key,
                "\""
                    + name
                    + "\" is not one of docusign.accounts ("
                    + String.join(", ", names)
                    + "); add it there or remove this key.");
          } else if (!ACCOUNT_KEYS.contains(sub)) {
            problem(
                key,
                "an account cannot set \""
                    + sub
                    + "\"; it may set "
                    + String.join(", ", ACCOUNT_KEYS)
                    + " (the other keys are shared).");
          }
          continue;
        }
        problem(
            key,
            "not a key of this connector"
                + closest(key).map(c -> "; did you mean " + c + "?").orElse("; remove it."));
      }
    }

    private AccountConfig account(String name, String prefix) {
      boolean named = prefix != null;
      String label = named ? prefix : PREFIX;
      String accountId = guid(named ? prefix + "account.id" : ACCOUNT_ID, own(prefix, ACCOUNT_ID));
      String orgId =
          guid(named ? prefix + "organization.id" : ORGANIZATION_ID, own(prefix, ORGANIZATION_ID));
      String integrationKey = own(prefix, INTEGRATION_KEY);
      String userId = own(prefix, USER_ID);
      List<EventType> types = eventTypes(prefix);
      FirstFetch firstFetch = firstFetchOf(prefix);
      int budget = intOf(prefix, BUDGET, 1, 100_000);
      int burst = intOf(prefix, BURST, 1, 100_000);
      MonitorApi monitorApi =
          ((String) values.get(MONITOR_API)).equalsIgnoreCase("org_v1")
              ? MonitorApi.ORG_V1
              : MonitorApi.LENS_V2;
      String where = named ? " for account " + name : "";
      if (types.contains(EventType.AUDIT_USERS)) {
        if (accountId == null && !problems.containsKey(label + "account.id")) {
          problem(
              named ? prefix + "account.id" : ACCOUNT_ID,
              "required when event.types includes audit_users"
                  + where
                  + "; set it to the eSignature account GUID (eSignature Admin > Apps and Keys"
                  + " > API Account ID).");
        }
        if (orgId == null && !problems.containsKey(label + "organization.id")) {
          problem(
              named ? prefix + "organization.id" : ORGANIZATION_ID,
              "required when event.types includes audit_users"
                  + where
                  + "; set it to the organization GUID (DocuSign Admin > Overview).");
        }
      } else if (monitorApi == MonitorApi.ORG_V1 && orgId == null) {
        problem(
            named ? prefix + "organization.id" : ORGANIZATION_ID,
            "required when docusign.monitor.api is org_v1" + where + "; set it, or use lens_v2.");
      }
      SigningKey key = privateKey(prefix);
      URI server = uri(prefix, SERVER_URL);
      required(
          prefix,
          SERVER_URL,
          server,
          "https://account-d.docusign.com or https://account.docusign.com");
      required(prefix, INTEGRATION_KEY, integrationKey, "the app's integration key");
      required(prefix, USER_ID, userId, "the GUID of the user the app acts as");
      if (server == null || key == null || integrationKey == null || userId == null) {
        return null;
      }
      boolean developer = server.getHost().equalsIgnoreCase("account-d.docusign.com");
      URI monitorUrl = uri(prefix, MONITOR_URL);
      if (monitorUrl == null) {
        monitorUrl =
            URI.create(
                monitorApi == MonitorApi.ORG_V1
                    ? (developer ? "https://api-d.docusign.com" : "https://api.docusign.com")
                    : (developer ? "https://lens-d.docusign.net" : "https://lens.docusign.net"));
      }
      URI adminUrl = uri(prefix, ADMIN_URL);
      if (adminUrl == null) {
        adminUrl =
            URI.create(developer ? "https://api-d.docusign.net" : "https://api.docusign.net");
      }
      Path caFile = caFile();
      CollectorConfig config =
          new CollectorConfig(
              server,
              integrationKey,
              userId,
              null,
              key,
              accountId,
              orgId,
              types,
              (Integer) values.get(MAX_CUSTOMER),
              (Integer) values.get(MAX_USER),
              firstFetch,
              ConfigLoader.parseDuration((String) values.get(INTERVAL)),
              ConfigLoader.parseDuration((String) values.get(MAX_WAIT)),
              ConfigLoader.parseDuration((String) values.get(CONNECT_TIMEOUT)),
              ConfigLoader.parseDuration((String) values.get(REQUEST_TIMEOUT)),
              monitorApi,
              monitorUrl,
              adminUrl,
              (Boolean) values.get(INSECURE),
              caFile,
              false,
              budget,
              burst,
              null,
              null);
      return new AccountConfig(name, config, named ? name : null);
    }

    private void required(String prefix, String sharedKey, Object value, String what) {
      if (value != null || problems.containsKey(keyFor(prefix, sharedKey))) {
        return;
      }
      String shared = sharedKey;
      String own = prefix == null ? null : prefix + sharedKey.substring(PREFIX.length());
      problem(
          shared,
          "required but not set"
              + (own == null ? "" : " (for account " + prefix.split("\\.")[2] + ")")
              + "; set it to "
              + what
              + (own == null ? "." : ", or set " + own + "."));
    }

    /** The account's own value of a shared key, else the shared one (null when neither). */
    private String own(String prefix, String sharedKey) {
      if (prefix != null) {
        String v = props.get(prefix + sharedKey.substring(PREFIX.length()));
        if (v != null && !v.isBlank()) {
          return v.trim();
        }
      }
      Object v = values.get(sharedKey);
      if (v == null) {
        return null;
      }
      String s = v instanceof Password p ? p.value() : v.toString().trim();
      return s.isEmpty() ? null : s;
    }

    private String keyFor(String prefix, String sharedKey) {
      if (prefix != null && props.containsKey(prefix + sharedKey.substring(PREFIX.length()))) {
        return prefix + sharedKey.substring(PREFIX.length());
      }
      return sharedKey;
    }

    private String guid(String key, String v) {
      if (v != null && !GUID.matcher(v).matches()) {
        problem(
            key,
            "\"" + v + "\" is not a GUID; write it like 12345678-abcd-1234-abcd-1234567890ab.");
        return null;
      }
      return v;
    }

    private List<EventType> eventTypes(String prefix) {
      String key = keyFor(prefix, EVENT_TYPES);
      String text = own(prefix, EVENT_TYPES);
      if (text == null) {
        return List.of(EventType.CUSTOMER_EVENTS, EventType.AUDIT_USERS);
      }
      String clean = text.replace("[", "").replace("]", "");
      List<EventType> out = new ArrayList<>();
      for (String t : clean.split(",")) {
        String word = t.trim();
        if (word.isEmpty()) {
          continue;
        }
        Optional<EventType> type = typeOf(word);
        if (type.isEmpty()) {
          problem(key, "\"" + word + "\" is not an event type; use customer_events, audit_users.");
        } else if (!out.contains(type.get())) {
          out.add(type.get());
        }
      }
      if (out.isEmpty() && !problems.containsKey(key)) {
        problem(key, "names no event type; use customer_events, audit_users or both.");
      }
      return out;
    }

    private FirstFetch firstFetchOf(String prefix) {
      String key = keyFor(prefix, FIRST_FETCH);
      String v = own(prefix, FIRST_FETCH);
      FirstFetch f = v == null ? FirstFetch.ago(Duration.ofHours(1)) : parseFirstFetch(v);
      if (f == null) {
        problem(
            key,
            "\""
                + v
                + "\" is neither a duration nor an ISO-8601 instant; "
                + DURATION_HINT
                + " back from now, or an instant like 2026-01-01T00:00:00Z.");
        return FirstFetch.ago(Duration.ofHours(1));
      }
      return f;
    }

    private int intOf(String prefix, String sharedKey, int min, int max) {
      String key = keyFor(prefix, sharedKey);
      if (key.equals(sharedKey)) {
        return (Integer) values.get(sharedKey);
      }
      String v = props.get(key).trim();
      try {
        int n = Integer.parseInt(v);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problem(key, "\"" + v + "\" is not a whole number from " + min + " to " + max + ".");
      return (Integer) values.get(sharedKey);
    }

    private SigningKey privateKey(String prefix) {
      String key = keyFor(prefix, PRIVATE_KEY);
      String text = own(prefix, PRIVATE_KEY);
      if (text == null) {
        problem(key, "required; paste the app's RSA private key in PEM form.");
        return null;
      }
      Secrets.register(text);
      try {
        return PemKeys.parse(text, key);
      } catch (CollectorException e) {
        String m = Secrets.redact(e.getMessage());
        problem(key, m.startsWith(key + ": ") ? m.substring(key.length() + 2) : m);
        return null;
      }
    }

    private URI uri(String prefix, String sharedKey) {
      String key = keyFor(prefix, sharedKey);
      String v = own(prefix, sharedKey);
      if (v == null) {
        return null;
      }
      if (!key.equals(sharedKey)) {
        try {
          url().ensureValid(key, v);
        } catch (ConfigException e) {
          problem(key, e.getMessage());
          return null;
        }
      }
      return URI.create(trimSlash(v));
    }

    private Path caFile() {
      Object v = values.get(CA_FILE);
      if (v == null || v.toString().isBlank()) {
        return null;
      }
      Path p = Path.of(v.toString().trim());
      if (!Files.isReadable(p)) {
        problem(CA_FILE, p + " cannot be read; give a PEM file readable on every worker.");
        return null;
      }
      return p;
    }
  }

  private static Optional<String> closest(String key) {
    return KeySuggestion.closest(key, CONFIG_DEF.names(), 3);
  }

  private static Optional<EventType> typeOf(String word) {
    for (EventType t : EventType.values()) {
      if (t.key().equals(word.toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  static FirstFetch parseFirstFetch(String v) {
    Duration d = ConfigLoader.parseDuration(v);
    if (d != null) {
      return FirstFetch.ago(d);
    }
    try {
      return FirstFetch.at(Instant.parse(v));
    } catch (DateTimeParseException e) {
      try {
        return FirstFetch.at(OffsetDateTime.parse(v).toInstant());
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.replaceAll("/+$", "") : s;
  }

  // ---- validators

  private static ConfigDef.Validator url() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null) {
          return;
        }
        String v = value.toString().trim();
        URI uri;
        try {
          uri = new URI(v);
        } catch (URISyntaxException e) {
          throw new ConfigException(name, v, "not a valid URL; write it like https://host[:port]");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("https") && !scheme.equals("http")) || uri.getHost() == null) {
          throw new ConfigException(name, v, "not an http(s) URL with a host; write https://host");
        }
        if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
          throw new ConfigException(
              name, v, "carries a query, fragment or user name; give the base URL only");
        }
        if (scheme.equals("http") && !ConfigLoader.isLoopback(uri.getHost())) {
          throw new ConfigException(
              name, v, "plain http:// is allowed only for a loopback host; use https://");
        }
      }

      @Override
      public String toString() {
        return "https://host[:port] (http only for a loopback host)";
      }
    };
  }

  private static ConfigDef.Validator duration(Duration min) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null) {
          throw new ConfigException(name, null, DURATION_HINT);
        }
        Duration d = ConfigLoader.parseDuration(value.toString());
        if (d == null) {
          throw new ConfigException(name, value, "not a duration; " + DURATION_HINT);
        }
        if (d.compareTo(min) < 0) {
          throw new ConfigException(name, value, "must be at least " + min.toMillis() + " ms");
        }
      }

      @Override
      public String toString() {
        return "a duration such as 90s, 15m, 1h, 7d (or 500ms)";
      }
    };
  }

  private static ConfigDef.Validator firstFetch() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || parseFirstFetch(value.toString().trim()) == null) {
          throw new ConfigException(
              name,
              value,
              "neither a duration nor an ISO-8601 instant; "
                  + DURATION_HINT
                  + " back from now, or an instant like 2026-01-01T00:00:00Z");
        }
      }

      @Override
      public String toString() {
        return "a duration back from now (1h, 7d) or an ISO-8601 instant";
      }
    };
  }

  private static ConfigDef.Validator eventTypes() {
    return (name, value) -> {
      if (!(value instanceof List<?> list) || list.isEmpty()) {
        throw new ConfigException(name, value, "name customer_events, audit_users or both");
      }
      for (Object o : list) {
        if (typeOf(o.toString().trim()).isEmpty()) {
          throw new ConfigException(
              name, o, "not an event type; use customer_events, audit_users or both");
        }
      }
    };
  }

  private static ConfigDef.Validator accountNames() {
    return (name, value) -> {
      if (!(value instanceof List<?> list)) {
        return;
      }
      List<String> seen = new ArrayList<>();
      for (Object o : list) {
        String n = o.toString().trim();
        if (!ACCOUNT_NAME.matcher(n).matches()) {
          throw new ConfigException(
              name, n, "an account name is lower-case letters, digits, '_' and '-'");
        }
        if (seen.contains(n)) {
          throw new ConfigException(name, n, "named twice; give each account once");
        }
        seen.add(n);
      }
    };
  }
}
