package io.github.docusigncollector.sink.elasticsearch;

import io.github.docusigncollector.http.HttpClients;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.SinkKeys;
import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;
import io.github.docusigncollector.sink.SinkSettings;
import io.github.docusigncollector.sink.SinkType;
import io.github.docusigncollector.sink.remote.RemoteKeys;
import io.github.docusigncollector.sink.remote.RemoteSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code output.type: elasticsearch}: Elasticsearch or OpenSearch 2.x through {@code _bulk}, into a
 * data stream or an index (SPEC §8).
 */
public final class ElasticsearchSinkType implements SinkType {
  public static final String TYPE = "elasticsearch";
  public static final String URL = "url";
  public static final String INDEX = "index";
  public static final String API_KEY = "api_key";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";

  /**
   * The default target: a data stream the default {@code logs-*-*} template of Elasticsearch makes.
   */
  public static final String DEFAULT_INDEX = "logs-docusign-default";

  /**
   * Lowercase, none of {@code \ / * ? " < > | , #}, space or {@code :}, not starting with - _ +.
   */
  private static final Pattern INDEX_NAME =
      Pattern.compile("[a-z0-9.][^A-Z\\\\/*?\"<>|,# :]{0,254}");

  private static final SinkKeys KEYS =
      RemoteKeys.common(5_000, 5L << 20)
          .with(
              Key.required(
                  URL,
                  Kind.URL_LIST,
                  "the cluster's URL, https://host:9200, or a list of them (failed over in turn)"),
              Key.optional(
                  INDEX,
                  Kind.STRING,
                  DEFAULT_INDEX,
                  "the data stream, index or alias written to (documents are created, never"
                      + " replaced)"),
              Key.optional(
                  API_KEY,
                  Kind.SECRET,
                  null,
                  "an API key, encoded as Elasticsearch shows it, sent as Authorization: ApiKey …"),
              Key.optional(USERNAME, Kind.STRING, null, "user for basic authentication"),
              Key.optional(PASSWORD, Kind.SECRET, null, "password for basic authentication"));

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public void validate(SinkSettings s, List<String> problems) {
    String index = s.string(INDEX);
    if (index != null
        && (!INDEX_NAME.matcher(index).matches() || index.equals(".") || index.equals(".."))) {
      problems.add(
          "output.index: \""
              + index
              + "\" is not a valid index or data stream name; use lowercase letters, digits, -"
              + " _ and ., not starting with - _ or +, e.g. "
              + DEFAULT_INDEX
              + ".");
    }
    boolean apiKey = s.has(API_KEY);
    boolean user = s.has(USERNAME);
    boolean password = s.has(PASSWORD);
    if (apiKey && (user || password)) {
      problems.add(
          "output.api_key: set together with output.username/output.password; keep one way to"
              + " authenticate.");
    } else if (user && !password) {
      problems.add(
          "output.password: output.username is set but no password; set output.password (or"
              + " output.password_file, or DOCUSIGN_OUTPUT_PASSWORD).");
    } else if (password && !user) {
      problems.add(
          "output.username: output.password is set but no user name; set output.username.");
    }
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    List<URI> urls = s.uris(URL);
    String authorization = null;
    String credentialKey = "output.api_key (or output.username + output.password)";
    if (s.has(API_KEY)) {
      authorization = "ApiKey " + s.secret(API_KEY);
      credentialKey = "output.api_key";
    } else if (s.has(USERNAME)) {
      String basic =
          Base64.getEncoder()
              .encodeToString(
                  (s.string(USERNAME) + ":" + s.secret(PASSWORD)).getBytes(StandardCharsets.UTF_8));
      io.github.docusigncollector.auth.Secrets.register(basic);
      authorization = "Basic " + basic;
      credentialKey = "output.username and output.password";
    }
    HttpClient client =
        HttpClients.build(
            "output (" + TYPE + ")",
            s.bool(RemoteKeys.INSECURE),
            s.path(RemoteKeys.CA_FILE),
            s.bool(RemoteKeys.PROXY),
            context.env(),
            context.connectTimeout());
    BulkProtocol protocol = new BulkProtocol(urls, s.string(INDEX), authorization, credentialKey);
    return new RemoteSink(s, context, protocol, urls.get(0), client);
  }
}
