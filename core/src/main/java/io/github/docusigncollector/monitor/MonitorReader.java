package io.github.docusigncollector.monitor;

import io.github.docusigncollector.config.CollectorConfig;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.http.ResponseBuffer;
import io.github.docusigncollector.sink.LineBuffer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * Reads the Monitor stream one page at a time through the {@link DocuSignClient}, normalizing the
 * answer's bytes while they are parsed. Knows nothing of sinks or checkpoints.
 */
public final class MonitorReader {
  private final DocuSignClient client;
  private final CollectorConfig config;
  private final Clock clock;
  private final MonitorPageNormalizer normalizer = new MonitorPageNormalizer();

  public MonitorReader(DocuSignClient client, CollectorConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
  }

  /** The cursor of a stream without a checkpoint: the {@code first_fetch} instant, ISO-8601. */
  public String firstCursor() {
    return config.firstFetch().resolve(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The URL of one page. */
  public URI pageUri(String cursor, int limit) {
    String base = trimSlash(config.monitorUrl().toString());
    String path =
        config.monitorApi() == CollectorConfig.MonitorApi.ORG_V1
            ? "/v1/organizations/" + enc(config.organizationId()) + "/stream"
            : "/api/v2.0/datasets/monitor/stream";
    return URI.create(base + path + "?cursor=" + enc(cursor) + "&limit=" + limit);
  }

  /**
   * Reads one page starting at {@code cursor}, leaving out events {@code alreadyDelivered} names.
   */
  public MonitorPage read(String cursor, int limit, Predicate<String> alreadyDelivered) {
    return read(cursor, limit, alreadyDelivered, null, null);
  }

  /**
   * As {@link #read(String, int, Predicate)}, receiving the answer into {@code received} and
   * normalizing it into {@code out} (emptied first) when both are given: a caller reading pages
   * back to back reuses one receive buffer and, delivering one page while the next is read,
   * alternates two output buffers, instead of allocating megabytes per page.
   */
  public MonitorPage read(
      String cursor,
      int limit,
      Predicate<String> alreadyDelivered,
      ResponseBuffer received,
      LineBuffer out) {
    URI uri = pageUri(cursor, limit);
    long now = Instant.now(clock).getEpochSecond();
    if (received == null || out == null) {
      return client.get(
          uri,
          (status, body) -> {
            notFound(status, uri);
            return normalizer.normalize(body, alreadyDelivered, now);
          });
    }
    return client.get(
        uri,
        received,
        (status, body, length) -> {
          notFound(status, uri);
          return normalizer.normalize(body, length, alreadyDelivered, now, out);
        });
  }

  private static void notFound(int status, URI uri) {
    if (status == 404) {
      throw new CollectorException(
          CollectorException.OPERATIONAL,
          "the Monitor stream was not found at "
              + uri.getHost()
              + uri.getPath()
              + " (HTTP 404): check monitor_url and monitor_api");
    }
  }

  static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
