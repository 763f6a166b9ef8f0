package io.github.docusigncollector.sink.sentinel;

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
import java.util.UUID;

/**
 * The Azure Monitor Logs Ingestion API (what Microsoft Sentinel reads custom logs from): a JSON
 * array of rows per call to {@code {endpoint}/dataCollectionRules/{dcr}/streams/{stream}}, each row
 * the event with {@code TimeGenerated} = {@code _time}; 204 = delivered. The API refuses a call
 * above 1 MB, counted both before and after compression: {@link #maxRequestBytes} keeps every call
 * within it. A refused token (401) is asked for again once before the cycle fails.
 */
final class IngestionProtocol implements Protocol {
  static final String API_VERSION = "2023-01-01";

  /** The API's limit per call: 1 MB (1,048,576 bytes), before and after compression. */
  static final long MAX_CALL_BYTES = 1_048_576;

  private static final byte[] TIME_GENERATED = ascii("{\"TimeGenerated\":\"");
  static final String CREDENTIAL_KEYS =
      "output.tenant_id, output.client_id and output.client_secret";

  private final URI uri;
  private final EntraToken token;
  private final EnvelopeFields fields = new EnvelopeFields("TimeGenerated");
  private final JsonStringEncoder encoder = JsonStringEncoder.getInstance();
  private int refusedTokens;

  IngestionProtocol(URI endpoint, String dcrImmutableId, String stream, EntraToken token) {
    this.uri = ingestionUri(endpoint, dcrImmutableId, stream);
    this.token = token;
  }

  static URI ingestionUri(URI endpoint, String dcr, String stream) {
    String e = endpoint.toString();
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    return URI.create(
        e
            + "/dataCollectionRules/"
            + URLEncoder.encode(dcr, StandardCharsets.UTF_8)
            + "/streams/"
            + URLEncoder.encode(stream, StandardCharsets.UTF_8)
            + "?api-version="
            + API_VERSION);
  }

  @Override
  public void frame(Events events, int[] idx, int count, Body out) {
    byte[] data = events.data();
    out.write('[');
    for (int k = 0; k < count; k++) {
      if (k > 0) {
        out.write(',');
      }
      int i = idx[k];
      int start = events.start(i);
      int end = events.end(i);
      fields.scan(data, start, end);
      if (!fields.isObject() || fields.time() == null || fields.hasExtra()) {
        out.write(data, start, end - start);
        continue;
      }
      out.write(TIME_GENERATED).write(encoder.quoteAsUTF8(fields.time())).write('"');
      int open = start;
      while (data[open] != '{') {
        open++;
      }
      int next = open + 1;
      while (next < end && (data[next] == ' ' || data[next] == '\t')) {
        next++;
      }
      if (next < end && data[next] != '}') {
        out.write(',');
      }
      out.write(data, open + 1, end - open - 1);
    }
    out.write(']');
  }

  /** {@code "TimeGenerated":"…",} (a time of up to 35 characters) and the array's comma. */
  @Override
  public int framingBytesPerEvent() {
    return TIME_GENERATED.length + 35 + 3;
  }

  @Override
  public long maxRequestBytes() {
    return MAX_CALL_BYTES;
  }

  @Override
  public HttpRequest.Builder request() {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token.get())
        .header("x-ms-client-request-id", UUID.randomUUID().toString());
  }

  @Override
  public Answer read(Response r, Events events, int[] idx, int count, Exchange exchange) {
    int s = r.status();
    if (s >= 200 && s < 300) {
      refusedTokens = 0;
      return Answer.delivered();
    }
    return switch (s) {
      case 401 -> {
        token.invalidate();
        if (refusedTokens++ == 0) {
          // A token may be revoked or rolled before its time: one new token before giving up.
          yield Answer.retry(
              401, "the Logs Ingestion API refused the token; asking for a new one", null);
        }
        refusedTokens = 0;
        yield Answer.fatal(
            401,
            "the Logs Ingestion API refused a fresh token (HTTP 401"
                + Answers.snippet(r)
                + "); check "
                + CREDENTIAL_KEYS
                + " (the app registration of the tenant the data collection rule is in)");
      }
      case 403 ->
          Answer.fatal(
              403,
              "the app may not send to this data collection rule (HTTP 403"
                  + Answers.snippet(r)
                  + "); check "
                  + CREDENTIAL_KEYS
                  + ", and give the app the role Monitoring Metrics Publisher on the rule"
                  + " output.dcr_immutable_id");
      case 404 ->
          Answer.fatal(
              404,
              "no such data collection rule or stream (HTTP 404"
                  + Answers.snippet(r)
                  + "); check output.endpoint, output.dcr_immutable_id and output.stream");
      default -> Answers.byStatus(r, CREDENTIAL_KEYS);
    };
  }

  @Override
  public String credentialKey() {
    return CREDENTIAL_KEYS;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
