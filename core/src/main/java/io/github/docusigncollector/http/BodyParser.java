package io.github.docusigncollector.http;

import java.io.IOException;

/**
 * Parses one HTTP answer's body; an IOException (e.g. Jackson's on truncated JSON) makes the client
 * treat the answer as malformed and retry it like a 5xx.
 */
@FunctionalInterface
public interface BodyParser<T> {
  T parse(int status, byte[] body) throws IOException;
}
