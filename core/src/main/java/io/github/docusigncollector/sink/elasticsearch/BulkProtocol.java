package io.github.docusigncollector.sink.elasticsearch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.docusigncollector.sink.EnvelopeFields;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.Answers;
import io.github.docusigncollector.sink.remote.Body;
import io.github.docusigncollector.sink.remote.Events;
import io.github.docusigncollector.sink.remote.Exchange;
import io.github.docusigncollector.sink.remote.Protocol;
import io.github.docusigncollector.sink.remote.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Elasticsearch / OpenSearch {@code _bulk} API: NDJSON, one {@code create} action with the
 * event's own {@code _id} (see {@link DocumentIds}) and the event with {@code @timestamp} = {@code
 * _time}, per event. {@code create} is the one action a data stream accepts, and it makes a re-sent
 * event a per-item 409, which counts as delivered: each event is in the index once. The answer is
 * read item by item (see {@link BulkAnswer}) only when it says {@code "errors":true}.
 *
 * <p>With several URLs, requests go to the first until it cannot be reached (or answers 502, 503,
 * 504), then to the next, in a ring.
 */
final class BulkProtocol implements Protocol {
  static final String FILTER =
      "filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";

  private static final byte[] CREATE_ID = ascii("{\"create\":{\"_id\":\"");
  private static final byte[] CREATE_ID_END = ascii("\"}}\n");
  private static final byte[] CREATE = ascii("{\"create\":{}}\n");
  private static final byte[] TIMESTAMP = ascii("{\"@timestamp\":\"");

  private final List<URI> bulkUris;
  private final String authorization;
  private final String credentialKey;
  private final String indexKeyHint;
  private final EnvelopeFields fields = new EnvelopeFields("@timestamp");
  private final DocumentIds ids = new DocumentIds();
  private final JsonStringEncoder encoder = JsonStringEncoder.getInstance();
  private int current;
  private boolean awaitingAnswer;

  /**
   * @param urls the cluster's URLs (a path prefix of a proxy kept)
   * @param index the data stream, index or alias written to
   * @param authorization the {@code Authorization} header value, or null for none
   * @param credentialKey the key a 401/403 names
   */
  BulkProtocol(List<URI> urls, String index, String authorization, String credentialKey) {
    this.bulkUris = urls.stream().map(u -> bulkUri(u, index)).toList();
    this.authorization = authorization;
    this.credentialKey = credentialKey;
    this.indexKeyHint = "output.index (\"" + index + "\")";
  }

  static URI bulkUri(URI base, String index) {
    String s = base.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(
        s + "/" + URLEncoder.encode(index, StandardCharsets.UTF_8) + "/_bulk?" + FILTER);
  }

  /** The URI requests go to now. */
  URI currentUri() {
    return bulkUris.get(current);
  }

  @Override
  public void frame(Events events, int[] idx, int count, Body out) {
    byte[] data = events.data();
    for (int k = 0; k < count; k++) {
      int i = idx[k];
      int start = events.start(i);
      int end = events.end(i);
      fields.scan(data, start, end);
      if (!fields.isObject()) {
        // Not a JSON object: sent as it is, so that the receiver refuses this one event alone.
        out.write(CREATE).write(data, start, end - start).write('\n');
        continue;
      }
      out.write(CREATE_ID);
      out.write(encoder.quoteAsUTF8(ids.id(fields, data, start, end)));
      out.write(CREATE_ID_END);
      if (fields.time() == null || fields.hasExtra()) {
        out.write(data, start, end - start);
      } else {
        out.write(TIMESTAMP).write(encoder.quoteAsUTF8(fields.time())).write('"');
        int open = indexOfBrace(data, start, end);
        if (!isEmptyObject(data, open + 1, end)) {
          out.write(',');
        }
        out.write(data, open + 1, end - open - 1);
      }
      out.write('\n');
    }
  }

  /** The action line with a derived {@code _id} (64 characters) and {@code "@timestamp":"…",}. */
  @Override
  public int framingBytesPerEvent() {
    return CREATE_ID.length + 64 + CREATE_ID_END.length + TIMESTAMP.length + 35 + 3;
  }

  private static int indexOfBrace(byte[] data, int from, int end) {
    for (int i = from; i < end; i++) {
      if (data[i] == '{') {
        return i;
      }
    }
    throw new IllegalStateException("an object without '{'");
  }

  private static boolean isEmptyObject(byte[] data, int from, int end) {
    for (int i = from; i < end; i++) {
      byte b = data[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '}';
      }
    }
    return true;
  }

  @Override
  public HttpRequest.Builder request() {
    if (awaitingAnswer && bulkUris.size() > 1) {
      // The last request got no answer at all (refused, reset, timed out): the next node.
      current = (current + 1) % bulkUris.size();
    }
    awaitingAnswer = true;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(bulkUris.get(current))
            .header("Content-Type", "application/x-ndjson")
            .header("Accept", "application/json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  @Override
  public Answer read(Response response, Events events, int[] idx, int count, Exchange exchange) {
    awaitingAnswer = false;
    int s = response.status();
    if (s == 502 || s == 503 || s == 504) {
      current = (current + 1) % bulkUris.size();
    }
    if (s == 404) {
      return Answer.fatal(
          s,
          "no such index or _bulk endpoint (HTTP 404"
              + Answers.snippet(response)
              + "); check output.url and "
              + indexKeyHint);
    }
    if (s != 200) {
      return Answers.byStatus(response, credentialKey);
    }
    return BulkAnswer.read(response, count, credentialKey, indexKeyHint);
  }

  @Override
  public String credentialKey() {
    return credentialKey;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
