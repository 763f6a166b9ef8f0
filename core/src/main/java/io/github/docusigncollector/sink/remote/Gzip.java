package io.github.docusigncollector.sink.remote;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** gzip (RFC 1952) of a {@link Body} into another, with one reused {@link Deflater}. */
final class Gzip {
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();

  Gzip(int level) {
    deflater = new Deflater(level, true);
  }

  void compress(Body in, Body out) {
    out.reset();
    out.write(0x1f)
        .write(0x8b)
        .write(8)
        .write(0)
        .write(0)
        .write(0)
        .write(0)
        .write(0)
        .write(0)
        .write(0xff);
    deflater.reset();
    deflater.setInput(in.array(), 0, in.size());
    deflater.finish();
    // Straight into the output's array: level 1 makes JSON about 8 times smaller.
    out.reserve(in.size() / 4 + 64);
    while (!deflater.finished()) {
      if (out.free() < 8192) {
        out.reserve(out.array().length);
      }
      out.advance(deflater.deflate(out.array(), out.size(), out.free(), Deflater.NO_FLUSH));
    }
    crc.reset();
    crc.update(in.array(), 0, in.size());
    int c = (int) crc.getValue();
    int len = in.size();
    out.write(c).write(c >>> 8).write(c >>> 16).write(c >>> 24);
    out.write(len).write(len >>> 8).write(len >>> 16).write(len >>> 24);
  }

  void close() {
    deflater.end();
  }
}
