package io.github.docusigncollector.simulator;

import java.util.UUID;

/** Deterministic pseudo-random numbers derived from (seed, index): the data set is a function. */
final class Mix {
  private Mix() {}

  static long splitmix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long mix(long seed, long stream, long index) {
    return splitmix(splitmix(seed * 0x632BE59BD9B4E019L + stream) ^ index);
  }

  /** A version-4-looking GUID for (seed, stream, index). */
  static UUID guid(long seed, long stream, long index) {
    long hi = mix(seed, stream, index);
    long lo = mix(seed, stream + 0x5151, index);
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(hi, lo);
  }

  /** A small sequential generator for drawing several values for one item. */
  static final class Seq {
    private long state;

    Seq(long start) {
      state = start;
    }

    void reseed(long start) {
      state = start;
    }

    long next() {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    int below(int bound) {
      return (int) Long.remainderUnsigned(next(), bound);
    }
  }
}
