package io.github.docusigncollector.http;

import java.io.IOException;

/**
 * Parses one HTTP answer's body held in the first {@code length} bytes of {@code body} (a reused
 * receive buffer); an IOException makes the client treat the answer as malformed and retry it.
 */
@FunctionalInterface
public interface BodySliceParser<T> {
  T parse(int status, byte[] body, int length) throws IOException;
}
