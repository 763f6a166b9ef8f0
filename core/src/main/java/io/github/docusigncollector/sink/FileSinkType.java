package io.github.docusigncollector.sink;

import io.github.docusigncollector.sink.SinkKeys.Key;
import io.github.docusigncollector.sink.SinkKeys.Kind;

/** {@code output.type: file} (SPEC §5). */
public final class FileSinkType implements SinkType {
  public static final String PATH = "path";
  public static final String ROTATE_BYTES = "rotate_bytes";
  public static final String KEEP = "keep";

  static final SinkKeys KEYS =
      SinkKeys.of(
          Key.optional(
              PATH, Kind.PATH, null, "the file to append to (default `<state_dir>/events.jsonl`)"),
          Key.range(
              ROTATE_BYTES,
              Kind.BYTES,
              104_857_600L,
              0,
              Long.MAX_VALUE,
              "rotate before the file would grow beyond this size; 0 = never"),
          Key.range(KEEP, Kind.INT, 10, 0, 10_000, "rotated files kept"));

  @Override
  public String type() {
    return "file";
  }

  @Override
  public SinkKeys keys() {
    return KEYS;
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    return new FileSink(s.path(PATH), s.bytes(ROTATE_BYTES), s.integer(KEEP));
  }
}
