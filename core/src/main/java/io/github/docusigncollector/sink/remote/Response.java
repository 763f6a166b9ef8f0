package io.github.docusigncollector.sink.remote;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A receiver's answer to one request. */
@SuppressWarnings("ArrayRecordComponent")
public record Response(int status, HttpHeaders headers, byte[] body) {
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
