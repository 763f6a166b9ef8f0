package io.github.docusigncollector.pipeline;

import io.github.docusigncollector.sink.Batch;
import io.github.docusigncollector.sink.LineBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Adds {@code "docusign_account":"<name>"} at the end of every event of a batch, for the accounts
 * of a configuration with {@code accounts:} (SPEC §9). The name is {@code [a-z0-9_-]+}, so it needs
 * no escaping. Not thread-safe: one tag per thread that tags.
 */
public final class AccountTag {
  /** The field's name, as events and recovered lines carry it. */
  public static final String FIELD = "docusign_account";

  private final byte[] suffix;

  public AccountTag(String name) {
    this.suffix = (",\"" + FIELD + "\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code in} with the field added to each line, written into {@code out} (emptied first); the
   * batch shares {@code out}'s array. A line that does not end in {@code }} (never one the
   * normalizers write) is copied unchanged.
   */
  public Batch tag(Batch in, LineBuffer out) {
    if (in.isEmpty()) {
      return in;
    }
    out.reset();
    byte[] data = in.data();
    int start = 0;
    for (int i = 0; i < in.length(); i++) {
      if (data[i] == '\n') {
        line(data, start, i, out);
        start = i + 1;
      }
    }
    if (start < in.length()) {
      line(data, start, in.length(), out);
    }
    return out.toBatch(in.events());
  }

  private void line(byte[] data, int from, int to, LineBuffer out) {
    int end = to;
    while (end > from && (data[end - 1] == ' ' || data[end - 1] == '\r' || data[end - 1] == '\t')) {
      end--;
    }
    if (end > from + 1 && data[end - 1] == '}') {
      out.write(data, from, end - 1 - from);
      // An object with no field at all ("{}") takes the field without the comma.
      int skip = data[end - 2] == '{' ? 1 : 0;
      out.write(suffix, skip, suffix.length - skip);
    } else {
      out.write(data, from, to - from);
    }
    out.write('\n');
  }
}
