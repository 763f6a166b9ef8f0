package io.github.docusigncollector.connect;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.connect.DocuSignSourceConfig.AccountConfig;
import io.github.docusigncollector.connect.DocuSignSourceConfig.Parsed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * The DocuSign source connector (SPEC §12): Monitor customer events and audit users of one or
 * several accounts into Kafka topics, with the source offsets as the collector's checkpoints. The
 * accounts are spread over {@code tasks.max} tasks; both streams of an account stay in one task, so
 * that one client keeps the account's API budget.
 */
public final class DocuSignSourceConnector extends SourceConnector {
  private Map<String, String> props;
  private List<String> accounts;

  @Override
  public String version() {
    return Version.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    Parsed parsed = DocuSignSourceConfig.parse(props);
    if (!parsed.ok()) {
      throw new ConnectException("invalid configuration:" + Secrets.redact(parsed.describe()));
    }
    this.props = new HashMap<>(props);
    this.accounts = new ArrayList<>();
    for (AccountConfig a : parsed.accounts()) {
      accounts.add(a.name());
    }
  }

  @Override
  public Class<? extends Task> taskClass() {
    return DocuSignSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    int groups = Math.max(1, Math.min(maxTasks, accounts.size()));
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<String> group : ConnectorUtils.groupPartitions(accounts, groups)) {
      Map<String, String> c = new HashMap<>(props);
      c.put(DocuSignSourceConfig.TASK_ACCOUNTS, String.join(",", group));
      configs.add(c);
    }
    return configs;
  }

  @Override
  public void stop() {
    // nothing held
  }

  @Override
  public ConfigDef config() {
    return DocuSignSourceConfig.CONFIG_DEF;
  }

  /**
   * The ConfigDef's own checks, then what needs several keys (per-account keys, required GUIDs, the
   * private key's PEM, unknown {@code docusign.*} keys), each reported on the key it concerns.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config base = super.validate(connectorConfigs);
    Map<String, ConfigValue> byName = new LinkedHashMap<>();
    boolean anyError = false;
    for (ConfigValue v : base.configValues()) {
      byName.put(v.name(), v);
      anyError |= !v.errorMessages().isEmpty();
    }
    // With the ConfigDef's own errors, only unknown keys are added (the checks across keys need
    // valid values); otherwise every problem found across keys.
    Map<String, List<String>> found =
        anyError
            ? DocuSignSourceConfig.unknownKeys(connectorConfigs)
            : DocuSignSourceConfig.parse(connectorConfigs).problems();
    found.forEach(
        (key, problems) -> {
          ConfigValue v = byName.computeIfAbsent(key, k -> new ConfigValue(k));
          if (v.value() == null && connectorConfigs.containsKey(key)) {
            ConfigDef.ConfigKey declared = DocuSignSourceConfig.CONFIG_DEF.configKeys().get(key);
            boolean secret =
                key.endsWith("private.key")
                    || (declared != null && declared.type == ConfigDef.Type.PASSWORD);
            v.value(secret ? "[hidden]" : connectorConfigs.get(key));
          }
          problems.forEach(p -> v.addErrorMessage(Secrets.redact(p)));
        });
    return new Config(new ArrayList<>(byName.values()));
  }

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    // Every record carries its partition's offset, and a poll returns one page with the offset
    // after it: the default transaction boundary (poll) commits them together.
    return ExactlyOnceSupport.SUPPORTED;
  }
}
