package io.github.docusigncollector.sink.xsiam;

import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkKeys;
import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;
import io.github.docusigncollector.sink.SinkSettings;
import io.github.docusigncollector.sink.SinkType;
import io.github.docusigncollector.sink.remote.Answer;
import io.github.docusigncollector.sink.remote.Answers;
import io.github.docusigncollector.sink.remote.Body;
import io.github.docusigncollector.sink.remote.Events;
import io.github.docusigncollector.sink.remote.Exchange;
import io.github.docusigncollector.sink.remote.Protocol;
import io.github.docusigncollector.sink.remote.RemoteKeys;
import io.github.docusigncollector.sink.remote.RemoteSink;
import io.github.docusigncollector.sink.remote.Response;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * {@code output.type: xsiam}: a Cortex XSIAM HTTP log collector. JSON Lines bodies, the raw API key
 * in {@code Authorization}, gzip; a 2xx with the collector's JSON (or no body) is the
 * acknowledgement (it has no other).
 */
public final class XsiamSinkType implements SinkType {
  public static final String URL = "url";
  public static final String API_KEY = "api_key";

  // 1 MB of JSON Lines per request, as XSIAM's own integrations send (the documented limit is 10
  // MB).
  static final SinkKeys KEYS =
      RemoteKeys.common(5000, 1_000_000)
          .with(
              Key.required(
                  URL, Kind.URL, "the HTTP log collector's API URL, ending in /logs/v1/event"),
              Key.required(
                  API_KEY, Kind.SECRET, "the collector's API key (Save & Generate Token)"));

  @Override
  public String type() {
    return "xsiam";
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    URI url = s.uri(URL);
    return new RemoteSink(s, context, new XsiamProtocol(url, s.secret(API_KEY)), url);
  }

  /** Newline-separated JSON records; 2xx delivered. */
  static final class XsiamProtocol implements Protocol {
    private final URI url;
    private final String apiKey;

    XsiamProtocol(URI url, String apiKey) {
      this.url = url;
      this.apiKey = apiKey;
    }

    @Override
    public void frame(Events events, int[] idx, int count, Body out) {
      for (int i = 0; i < count; i++) {
        out.write(events, idx[i]).write('\n');
      }
    }

    @Override
    public HttpRequest.Builder request() {
      return HttpRequest.newBuilder(url)
          .header("Authorization", apiKey)
          .header("Content-Type", "application/json");
    }

    @Override
    public Answer read(Response r, Events events, int[] idx, int count, Exchange exchange) {
      if (r.ok() && !isJsonObjectOrEmpty(r.body())) {
        // The collector answers JSON; anything else (a proxy's page) is no acknowledgement.
        return Answer.retry(
            r.status(),
            "an answer that is not the collector's (HTTP " + r.status() + Answers.snippet(r) + ")",
            null);
      }
      return Answers.byStatus(r, "output.api_key");
    }

    private static boolean isJsonObjectOrEmpty(byte[] b) {
      int i = 0;
      while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
        i++;
      }
      return i == b.length || b[i] == '{';
    }

    @Override
    public String credentialKey() {
      return "output.api_key";
    }
  }
}
