package org.ponderlab.app.lab;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * While {@code lab --measure-ui} runs: when the FX thread has gone {@code stallMillis} without a
 * pulse, a watcher thread records where the FX thread is (its state, the top of its stack, the lock
 * it waits for and that lock's owner with the top of the owner's stack). Counters say how a long
 * gap's time was spent; this says what the FX thread was waiting for, which the counters cannot (a
 * thread blocked on a lock is neither running nor waiting for a CPU).
 *
 * <p>The watcher only reads a timestamp every few milliseconds and takes one thread dump per stall;
 * it exists only during the measurement.
 */
final class StallWatch implements AutoCloseable {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int FRAMES = 6;

  private final long fxId;
  private final long stallNanos;
  private final Thread watcher;
  private volatile long lastPulse = System.nanoTime();
  private volatile long stallOfPulse = -1;
  private volatile String stall = "";
  private volatile boolean closed;

  /** Call on the FX thread. */
  StallWatch(long stallMillis) {
    this.fxId = Thread.currentThread().getId();
    this.stallNanos = stallMillis * 1_000_000L;
    this.watcher = new Thread(this::watch, "ponderlab-stall-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** The FX thread pulsed at {@code now} ({@link System#nanoTime()}). */
  void pulse(long now) {
    lastPulse = now;
  }

  /**
   * Where the FX thread was in the stall that followed the pulse at {@code pulse}, or "" if there
   * was none (the gap was shorter than the threshold, or the watcher did not see it).
   */
  String stallAfter(long pulse) {
    return stallOfPulse == pulse ? stall : "";
  }

  private void watch() {
    while (!closed) {
      long pulse = lastPulse;
      if (System.nanoTime() - pulse > stallNanos && stallOfPulse != pulse) {
        stall = describe(THREADS.getThreadInfo(fxId, FRAMES));
        stallOfPulse = pulse;
      }
      try {
        Thread.sleep(4);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String describe(ThreadInfo fx) {
    if (fx == null) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "the FX thread, %s, at %s",
                fx.getThreadState().name().toLowerCase(Locale.ROOT),
                frames(fx.getStackTrace())));
    if (fx.getLockName() != null) {
      out.append(", waiting for ").append(fx.getLockName());
    }
    if (fx.getLockOwnerName() != null) {
      ThreadInfo owner = THREADS.getThreadInfo(fx.getLockOwnerId(), FRAMES);
      out.append(" held by ").append(fx.getLockOwnerName());
      if (owner != null) {
        out.append(" at ").append(frames(owner.getStackTrace()));
      }
    }
    return out.toString();
  }

  /** The top frames, innermost first, each as Class.method. */
  static String frames(StackTraceElement[] stack) {
    return Arrays.stream(stack)
        .limit(FRAMES)
        .map(f -> simple(f.getClassName()) + "." + f.getMethodName())
        .collect(Collectors.joining(" < "));
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  @Override
  public void close() {
    closed = true;
    watcher.interrupt();
  }
}
