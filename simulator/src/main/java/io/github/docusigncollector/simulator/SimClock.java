package io.github.docusigncollector.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A mutable clock shared by the simulator and the collector in tests. Thread-safe. */
public final class SimClock extends Clock {
  private final boolean followsWallClock;
  private final Object lock = new Object();
  // For a fixed clock: the current instant. For a system clock: the offset added to the wall clock.
  private Instant fixedNow;
  private Duration offset = Duration.ZERO;

  private SimClock(boolean followsWallClock, Instant start) {
    this.followsWallClock = followsWallClock;
    this.fixedNow = start;
  }

  /** A clock that follows the wall clock; {@link #advance} and {@link #set} shift it. */
  public static SimClock system() {
    return new SimClock(true, null);
  }

  /** A clock that stays at {@code start} until advanced or set. */
  public static SimClock fixed(Instant start) {
    return new SimClock(false, Objects.requireNonNull(start, "start"));
  }

  /** Moves the clock forward (or backward, for a negative duration). */
  public void advance(Duration d) {
    Objects.requireNonNull(d, "d");
    synchronized (lock) {
      if (followsWallClock) {
        offset = offset.plus(d);
      } else {
        fixedNow = fixedNow.plus(d);
      }
    }
  }

  /** Sets the clock to {@code t}; a system clock keeps running from there. */
  public void set(Instant t) {
    Objects.requireNonNull(t, "t");
    synchronized (lock) {
      if (followsWallClock) {
        offset = Duration.between(Instant.now(), t);
      } else {
        fixedNow = t;
      }
    }
  }

  @Override
  public Instant instant() {
    synchronized (lock) {
      return followsWallClock ? Instant.now().plus(offset) : fixedNow;
    }
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    return new Zoned(this, zone);
  }

  @Override
  public String toString() {
    return "SimClock[" + (followsWallClock ? "system" : "fixed") + ", now=" + instant() + "]";
  }

  /** A view of a SimClock in another zone; it moves with the original. */
  private static final class Zoned extends Clock {
    private final SimClock base;
    private final ZoneId zone;

    Zoned(SimClock base, ZoneId zone) {
      this.base = base;
      this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
      return base.withZone(z);
    }

    @Override
    public Instant instant() {
      return base.instant();
    }
  }
}
