package io.github.docusigncollector.connect;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.config.EventType;
import io.github.docusigncollector.connect.DocuSignSourceConfig.AccountConfig;
import io.github.docusigncollector.connect.DocuSignSourceConfig.Parsed;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.error.ThrottledException;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.SharedHttp;
import io.github.docusigncollector.http.Sleeper;
import io.github.docusigncollector.state.InMemorySharedState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the accounts the connector gave this task ({@code task.accounts}). Each account has one
 * {@link DocuSignClient}, whose token and call counts live in memory ({@link InMemorySharedState}):
 * a worker needs no state directory. Each poll reads one page of one partition that is due, in
 * turn, and returns its records with the offset after the page, so that with exactly-once the
 * default transaction boundary ({@code poll}) commits a page and its offset together.
 */
public final class DocuSignSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(DocuSignSourceTask.class);

  /** The longest a poll waits for a partition to become due, so that stop() is seen soon. */
  static final Duration IDLE_POLL = Duration.ofMillis(500);

  private final Clock clock = Clock.systemUTC();
  private final Object wake = new Object();
  private volatile boolean stopping;
  private final List<PartitionSource> sources = new ArrayList<>();
  private final List<DocuSignClient> clients = new ArrayList<>();
  private int next;

  /** Waits that stop() cuts short. */
  private final Sleeper sleeper =
      d -> {
        long until = System.nanoTime() + d.toNanos();
        synchronized (wake) {
          while (!stopping) {
            long left = until - System.nanoTime();
            if (left <= 0) {
              return;
            }
            wake.wait(Math.max(1, left / 1_000_000));
          }
        }
        throw new InterruptedException("the task is stopping");
      };

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
    String names = props.getOrDefault(DocuSignSourceConfig.TASK_ACCOUNTS, "");
    List<Map<String, String>> partitions = new ArrayList<>();
    // The task's accounts share one JDK HTTP client per TLS/proxy settings, as in the collector.
    ClientOptions options = ClientOptions.defaults();
    SharedHttp http = new SharedHttp(options.random());
    for (String raw : names.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      AccountConfig account =
          parsed
              .account(name)
              .orElseThrow(
                  () -> new ConnectException("task.accounts names unknown account " + name));
      DocuSignClient client =
          new DocuSignClient(
              account.config(), new InMemorySharedState(), clock, sleeper, options, http);
      clients.add(client);
      for (EventType type : account.config().eventTypes()) {
        PartitionSource s =
            type == EventType.CUSTOMER_EVENTS
                ? new CustomerEventsSource(
                    name,
                    account.eventTag(),
                    account.config(),
                    client,
                    parsed.customerEventsTopic(),
                    parsed.format(),
                    clock)
                : new AuditUsersSource(
                    name,
                    account.eventTag(),
                    account.config(),
                    client,
                    parsed.auditUsersTopic(),
                    parsed.format(),
                    clock);
        s.mapValues = parsed.mapValues();
        sources.add(s);
        partitions.add(s.partition);
      }
    }
    Map<Map<String, String>, Map<String, Object>> stored =
        context.offsetStorageReader().offsets(partitions);
    for (PartitionSource s : sources) {
      s.restore(stored == null ? null : stored.get(s.partition));
    }
    LOG.info("collecting {} partitions of accounts [{}]", sources.size(), names);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (sources.isEmpty()) {
      sleeper.sleep(IDLE_POLL);
      return null;
    }
    Instant now = clock.instant();
    for (int i = 0; i < sources.size() && !stopping; i++) {
      PartitionSource s = sources.get(next);
      next = (next + 1) % sources.size();
      if (now.isBefore(s.dueAt)) {
        continue;
      }
      List<SourceRecord> records = read(s);
      if (!records.isEmpty()) {
        return records;
      }
    }
    Instant earliest = null;
    for (PartitionSource s : sources) {
      if (earliest == null || s.dueAt.isBefore(earliest)) {
        earliest = s.dueAt;
      }
    }
    Duration wait = earliest == null ? IDLE_POLL : Duration.between(clock.instant(), earliest);
    if (wait.compareTo(IDLE_POLL) > 0) {
      wait = IDLE_POLL;
    }
    if (!wait.isNegative() && !wait.isZero()) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        return null; // stopping
      }
    }
    return null;
  }

  /** One page of one partition; a failure postpones the partition and is logged, redacted. */
  private List<SourceRecord> read(PartitionSource s) {
    try {
      return s.poll();
    } catch (ThrottledException e) {
      Duration wait = e.waitNeeded() == null ? Duration.ofMinutes(1) : e.waitNeeded();
      s.dueAt = clock.instant().plus(wait);
      LOG.warn("{}/{}: throttled, next read in {}: {}", s.account, s.type.key(), wait, msg(e));
    } catch (CollectorException e) {
      if (stopping) {
        return List.of();
      }
      Duration wait = Duration.ofSeconds(30);
      s.dueAt = clock.instant().plus(wait);
      LOG.warn("{}/{}: {}; next read in {}", s.account, s.type.key(), msg(e), wait);
    } catch (RuntimeException e) {
      if (stopping) {
        return List.of();
      }
      // As the collector does: an unexpected failure of one stream postpones that stream only.
      Duration wait = Duration.ofSeconds(30);
      s.dueAt = clock.instant().plus(wait);
      LOG.warn(
          "{}/{}: unexpected failure: {}; next read in {}",
          s.account,
          s.type.key(),
          Secrets.redact(String.valueOf(e)),
          wait);
    }
    return List.of();
  }

  private static String msg(Exception e) {
    return Secrets.redact(String.valueOf(e.getMessage()));
  }

  @Override
  public void stop() {
    stopping = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    for (DocuSignClient c : clients) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a client: {}", msg(e));
      }
    }
  }
}
