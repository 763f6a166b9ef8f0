package io.github.docusigncollector.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DocuSignSourceConnectorTest {
  private static final String GUID = "12345678-abcd-1234-abcd-1234567890ab";
  private static String pem;

  @BeforeAll
  static void key() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
  }

  private static Map<String, String> good() {
    Map<String, String> c = new HashMap<>();
    c.put("name", "docusign");
    c.put("connector.class", DocuSignSourceConnector.class.getName());
    c.put("docusign.server.url", "https://account-d.docusign.com");
    c.put("docusign.integration.key", GUID);
    c.put("docusign.user.id", GUID);
    c.put("docusign.private.key", pem);
    c.put("docusign.account.id", GUID);
    c.put("docusign.organization.id", GUID);
    return c;
  }

  private static Map<String, List<String>> errors(Map<String, String> props) {
    Config config = new DocuSignSourceConnector().validate(props);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ConfigValue v : config.configValues()) {
      if (!v.errorMessages().isEmpty()) {
        out.put(v.name(), v.errorMessages());
      }
    }
    return out;
  }

  @Test
  void aGoodConfigurationHasNoErrors() {
    assertThat(errors(good())).isEmpty();
  }

  @Test
  void eachBadKeyIsReportedOnItself() {
    Map<String, String> c = good();
    c.put("docusign.server.url", "http://example.com");
    assertThat(errors(c)).containsOnlyKeys("docusign.server.url");
    assertThat(errors(c).get("docusign.server.url").get(0)).contains("loopback");

    c = good();
    c.put("docusign.interval", "often");
    c.put("docusign.max.customer.events.per.fetch", "5000");
    assertThat(errors(c))
        .containsOnlyKeys("docusign.interval", "docusign.max.customer.events.per.fetch");

    // A ConfigDef error and a typo are reported together.
    c.put("docusign.intrval", "5s");
    assertThat(errors(c))
        .containsOnlyKeys(
            "docusign.interval", "docusign.max.customer.events.per.fetch", "docusign.intrval");

    c = good();
    c.put("docusign.acount.id", GUID);
    c.put("docusign.organization.id", "org");
    Map<String, List<String>> e = errors(c);
    assertThat(e).containsOnlyKeys("docusign.acount.id", "docusign.organization.id");
    assertThat(e.get("docusign.acount.id").get(0)).contains("did you mean docusign.account.id?");
    assertThat(e.get("docusign.organization.id").get(0)).contains("not a GUID");

    c = good();
    c.remove("docusign.account.id");
    assertThat(errors(c).get("docusign.account.id").get(0)).contains("audit_users");
    c.put("docusign.event.types", "customer_events");
    assertThat(errors(c)).isEmpty();
  }

  @Test
  void accountsNeedTheirOwnKeysAndOnlyKnownOnes() {
    Map<String, String> c = good();
    c.remove("docusign.account.id");
    c.remove("docusign.organization.id");
    c.put("docusign.accounts", "eu,us");
    c.put("docusign.accounts.eu.account.id", GUID);
    c.put("docusign.accounts.eu.organization.id", GUID);
    c.put("docusign.accounts.us.account.id", GUID);
    c.put("docusign.accounts.us.colour", "blue");
    c.put("docusign.accounts.asia.account.id", GUID);
    Map<String, List<String>> e = errors(c);
    assertThat(e)
        .containsOnlyKeys(
            "docusign.accounts.us.organization.id",
            "docusign.accounts.us.colour",
            "docusign.accounts.asia.account.id");
    assertThat(e.get("docusign.accounts.asia.account.id").get(0)).contains("docusign.accounts");

    c.put("docusign.accounts", "eu,EU!");
    assertThat(errors(c)).containsKey("docusign.accounts");
    assertThat(errors(c).get("docusign.accounts").get(0)).contains("lower-case");
  }

  @Test
  void aBadPrivateKeyIsNamedWithoutEchoingIt() {
    Map<String, String> c = good();
    String secret =
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXNlY3JldC1zZWNyZXQ=\n-----END PRIVATE KEY-----";
    c.put("docusign.private.key", secret);
    Config config = new DocuSignSourceConnector().validate(c);
    ConfigValue v =
        config.configValues().stream()
            .filter(x -> x.name().equals("docusign.private.key"))
            .findFirst()
            .orElseThrow();
    assertThat(v.errorMessages()).isNotEmpty();
    assertThat(config.configValues().toString()).doesNotContain("c2VjcmV0LXNlY3JldC1zZWNyZXQ");
    assertThatThrownBy(() -> new DocuSignSourceConnector().start(c))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("docusign.private.key")
        .message()
        .doesNotContain("c2VjcmV0LXNlY3JldC1zZWNyZXQ");
  }

  @Test
  void accountsAreSpreadOverTheTasksWholeAndOnce() {
    Map<String, String> c = good();
    c.remove("docusign.account.id");
    c.remove("docusign.organization.id");
    List<String> names = List.of("a", "b", "c", "d", "e");
    c.put("docusign.accounts", String.join(",", names));
    for (String n : names) {
      c.put("docusign.accounts." + n + ".account.id", GUID);
      c.put("docusign.accounts." + n + ".organization.id", GUID);
    }
    DocuSignSourceConnector connector = new DocuSignSourceConnector();
    connector.start(c);
    List<Map<String, String>> tasks = connector.taskConfigs(3);
    assertThat(tasks).hasSize(3);
    List<String> assigned = new ArrayList<>();
    for (Map<String, String> t : tasks) {
      assigned.addAll(List.of(t.get("task.accounts").split(",")));
    }
    assertThat(assigned).containsExactlyInAnyOrderElementsOf(names);
    assertThat(connector.taskConfigs(10)).hasSize(5);
    assertThat(connector.exactlyOnceSupport(c)).isEqualTo(ExactlyOnceSupport.SUPPORTED);
  }

  @Test
  void oneAccountWithoutAccountsIsTheDefaultAccount() {
    DocuSignSourceConnector connector = new DocuSignSourceConnector();
    connector.start(good());
    assertThat(connector.taskConfigs(4))
        .singleElement()
        .satisfies(t -> assertThat(t.get("task.accounts")).isEqualTo("default"));
  }
}
