package org.ponderlab.core.train;

/**
 * A speed limit for training (iterations per second), for slow demos on a projector. The trainer
 * asks {@link #delayBefore} how long to wait before its next iteration and reports each iteration
 * it starts with {@link #started}; times are the caller's nanosecond clock, so the arithmetic is
 * tested without waiting. After a pause (or a slow iteration) no burst catches up: the schedule
 * restarts from now.
 */
final class Pace {
  private volatile double maxPerSecond;
  private long next = Long.MIN_VALUE;

  /** No limit: the trainer goes as fast as it can. */
  public Pace() {}

  /**
   * Caps training at this many iterations per second; 0 (or less, or not finite) removes the cap.
   * May be called from any thread.
   */
  public void setMaxPerSecond(double perSecond) {
    this.maxPerSecond = Double.isFinite(perSecond) && perSecond > 0 ? perSecond : 0;
  }

  /** The cap in iterations per second, 0 when there is none. */
  public double maxPerSecond() {
    return maxPerSecond;
  }

  /** Nanoseconds to wait at {@code now} before the next iteration may start (0: start now). */
  public long delayBefore(long now) {
    if (maxPerSecond == 0 || next == Long.MIN_VALUE) {
      return 0;
    }
    return Math.max(0, next - now);
  }

  /** An iteration starts at {@code now}: the next may start one interval later. */
  public void started(long now) {
    double cap = maxPerSecond;
    if (cap == 0) {
      next = Long.MIN_VALUE;
      return;
    }
    long interval = (long) (1e9 / cap);
    // late (paused, or a slow iteration): count from now instead of letting iterations pile up
    next = (next == Long.MIN_VALUE || now - next > interval ? now : next) + interval;
  }
}
