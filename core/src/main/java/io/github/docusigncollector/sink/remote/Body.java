package io.github.docusigncollector.sink.remote;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer a protocol frames a request body into; reused from request to request. */
public final class Body {
  private byte[] buf;
  private int size;

  public Body(int capacity) {
    buf = new byte[Math.max(capacity, 64)];
  }

  public void reset() {
    size = 0;
  }

  public int size() {
    return size;
  }

  /** The array (valid up to {@link #size}). */
  public byte[] array() {
    return buf;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  public Body write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  public Body write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  public Body write(byte[] b) {
    return write(b, 0, b.length);
  }

  /** Event {@code i} of {@code events}, as it is. */
  public Body write(Events events, int i) {
    return write(events.data(), events.start(i), events.length(i));
  }

  /** A string's UTF-8 bytes. */
  public Body write(String s) {
    return write(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A string of 7-bit characters (numbers, fixed keys), without encoding. */
  public Body ascii(CharSequence s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** A whole number in decimal. */
  public Body number(long v) {
    return ascii(Long.toString(v));
  }

  /**
   * Makes room for at least {@code more} bytes after {@link #size} (for a writer into the array).
   */
  void reserve(int more) {
    ensure(more);
  }

  /** Free bytes after {@link #size} in {@link #array}. */
  int free() {
    return buf.length - size;
  }

  /** Counts {@code n} bytes written straight into {@link #array} after {@link #size}. */
  void advance(int n) {
    size += n;
  }

  /** Drops everything after {@code length}. */
  public void truncate(int length) {
    size = length;
  }
}
