package io.github.docusigncollector.http;

import io.github.docusigncollector.auth.SigningKey;
import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.config.EventType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds {@link CollectorConfig} values for tests, with SPEC defaults for every key. */
public final class TestConfigs {
  private TestConfigs() {}

  public static Builder builder() {
    return new Builder();
  }

  /** A mutable builder; {@link #build()} gives the record. */
  public static final class Builder {
    private URI serverUrl = URI.create("https://account-d.docusign.com");
    private String integrationKey = "00000000-0000-0000-0000-000000000001";
    private String userId = "00000000-0000-0000-0000-000000000002";
    private String redirectUrl = "http://127.0.0.1/callback";
    private SigningKey privateKey;
    private String accountId;
    private String organizationId;
    private List<EventType> eventTypes = List.of(EventType.CUSTOMER_EVENTS);
    private int maxCustomerEventsPerFetch = 2000;
    private int maxUserEventsPerFetch = 1250;
    private CollectorConfig.FirstFetch firstFetch =
        CollectorConfig.FirstFetch.ago(Duration.ofHours(1));
    private Duration interval = Duration.ofSeconds(60);
    private Duration maxWait = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private CollectorConfig.MonitorApi monitorApi = CollectorConfig.MonitorApi.LENS_V2;
    private URI monitorUrl = URI.create("https://lens-d.docusign.net");
    private URI adminUrl = URI.create("https://api-d.docusign.net");
    private boolean insecure;
    private Path caFile;
    private boolean proxy;
    private int apiBudgetPerHour = 1000;
    private int apiBurstPer30s = 100;
    private Path stateDir = Path.of("state");
    private CollectorConfig.OutputConfig output;

    public Builder serverUrl(String u) {
      serverUrl = URI.create(u);
      return this;
    }

    public Builder monitorUrl(String u) {
      monitorUrl = URI.create(u);
      return this;
    }

    public Builder adminUrl(String u) {
      adminUrl = URI.create(u);
      return this;
    }

    /** server_url, monitor_url and admin_url all at {@code u} (the simulator serves all). */
    public Builder allUrls(String u) {
      return serverUrl(u).monitorUrl(u).adminUrl(u);
    }

    public Builder integrationKey(String v) {
      integrationKey = v;
      return this;
    }

    public Builder userId(String v) {
      userId = v;
      return this;
    }

    public Builder privateKey(SigningKey v) {
      privateKey = v;
      return this;
    }

    public Builder accountId(String v) {
      accountId = v;
      return this;
    }

    public Builder organizationId(String v) {
      organizationId = v;
      return this;
    }

    public Builder eventTypes(EventType... v) {
      eventTypes = List.of(v);
      return this;
    }

    public Builder maxWait(Duration v) {
      maxWait = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    public Builder insecure(boolean v) {
      insecure = v;
      return this;
    }

    public Builder caFile(Path v) {
      caFile = v;
      return this;
    }

    public Builder proxy(boolean v) {
      proxy = v;
      return this;
    }

    public Builder apiBudgetPerHour(int v) {
      apiBudgetPerHour = v;
      return this;
    }

    public Builder apiBurstPer30s(int v) {
      apiBurstPer30s = v;
      return this;
    }

    public Builder stateDir(Path v) {
      stateDir = v;
      return this;
    }

    public CollectorConfig build() {
      CollectorConfig.OutputConfig out =
          output != null
              ? output
              : CollectorConfig.OutputConfig.file(stateDir.resolve("events.jsonl"), 100L << 20, 10);
      return new CollectorConfig(
          serverUrl,
          integrationKey,
          userId,
          redirectUrl,
          privateKey,
          accountId,
          organizationId,
          eventTypes,
          maxCustomerEventsPerFetch,
          maxUserEventsPerFetch,
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
          apiBudgetPerHour,
          apiBurstPer30s,
          stateDir,
          out);
    }
  }
}
