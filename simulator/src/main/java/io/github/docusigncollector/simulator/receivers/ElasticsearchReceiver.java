package io.github.docusigncollector.simulator.receivers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An Elasticsearch (or OpenSearch) node's {@code _bulk} endpoint ({@code POST /_bulk}, {@code POST
 * /<index>/_bulk}) over {@link ElasticsearchBulk}: per-item statuses, 409 on an existing {@code
 * _id}, data streams for {@code logs-*-*}, {@code Authorization: ApiKey <key>} or basic
 * authentication (401 {@code security_exception} otherwise), 413 above {@code
 * http.max_content_length} (100 MB unless set with {@link #maxBodyBytes}). Events marked with
 * {@link #rejectEvents} get a per-item 400 {@code mapper_parsing_exception}; {@link #bulk} injects
 * other per-item statuses (429 {@code es_rejected_execution_exception}...). The answer honours
 * {@code filter_path}. The record's events are the documents created, as stored ({@code @timestamp}
 * included).
 */
public final class ElasticsearchReceiver extends Receiver {
  private final ElasticsearchBulk bulk = new ElasticsearchBulk();
  private final String authorization;

  /**
   * @param apiKey the key expected as {@code ApiKey <key>}, or null
   * @param username with {@code password}: basic authentication instead, or null
   */
  public ElasticsearchReceiver(
      String apiKey, String username, String password, boolean https, int port) {
    super(https, port);
    if (apiKey != null) {
      authorization = "ApiKey " + apiKey;
    } else if (username != null) {
      authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    } else {
      authorization = null;
    }
    maxBodyBytes(100L * 1024 * 1024);
  }

  /** A receiver on a free loopback port expecting {@code apiKey}. */
  public ElasticsearchReceiver(String apiKey) {
    this(apiKey, null, null, false, 0);
  }

  /** The documents and the per-item fault injection. */
  public ElasticsearchBulk bulk() {
    return bulk;
  }

  @Override
  public Receiver keepEvents(boolean keep) {
    bulk.keepSources(keep);
    return super.keepEvents(keep);
  }

  @Override
  protected Reply handle(Request r) {
    String path = r.path();
    if (path.equals("/") && r.method().equals("GET")) {
      return Reply.json(
          200,
          "{\"name\":\"receiver\",\"cluster_name\":\"docusign-simulator\","
              + "\"version\":{\"number\":\"8.15.0\",\"build_flavor\":\"default\"},"
              + "\"tagline\":\"You Know, for Search\"}");
    }
    String index;
    if (path.equals("/_bulk")) {
      index = null;
    } else if (path.endsWith("/_bulk") && path.indexOf('/', 1) == path.length() - 6) {
      index =
          java.net.URLDecoder.decode(path.substring(1, path.length() - 6), StandardCharsets.UTF_8);
    } else {
      return json(
          ElasticsearchBulk.error(404, "resource_not_found_exception", "no handler for " + path));
    }
    if (!r.method().equals("POST") && !r.method().equals("PUT")) {
      return json(ElasticsearchBulk.error(405, "illegal_argument_exception", "method not allowed"));
    }
    if (authorization != null && !authorization.equals(r.header("Authorization"))) {
      String reason =
          r.header("Authorization") == null
              ? "missing authentication credentials for REST request [" + path + "]"
              : "unable to authenticate with provided credentials and anonymous access is not allowed"
                  + " for this request";
      return json(ElasticsearchBulk.error(401, "security_exception", reason))
          .withHeader("WWW-Authenticate", "ApiKey");
    }
    String type = r.header("Content-Type");
    if (type == null
        || !(type.startsWith("application/x-ndjson") || type.startsWith("application/json"))) {
      return json(
          ElasticsearchBulk.error(
              406,
              "media_type_header_exception",
              "Content-Type header [" + type + "] is not supported"));
    }
    String filter = r.param("filter_path");
    ElasticsearchBulk.Reply b =
        bulk.bulk(
            index,
            r.body(),
            rejection(),
            filter == null ? null : java.net.URLDecoder.decode(filter, StandardCharsets.UTF_8));
    if (b.status() == 200) {
      if (keepsEvents()) {
        for (String doc : b.created()) {
          accepted(doc, doc);
        }
      } else {
        acceptedCount(b.created().size(), b.created().isEmpty() ? null : b.created().get(0));
      }
    }
    return json(b);
  }

  private static Reply json(ElasticsearchBulk.Reply b) {
    return Reply.json(b.status(), b.body());
  }

  @Override
  protected Reply tooLarge(int bytes) {
    return Reply.json(
        413,
        "{\"error\":{\"type\":\"content_too_long_exception\",\"reason\":\"request body is too large\"},"
            + "\"status\":413}");
  }
}
