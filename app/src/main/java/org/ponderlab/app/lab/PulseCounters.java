package org.ponderlab.app.lab;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code lab --measure-ui} reads at each FX pulse, so that a long gap between two pulses can
 * say where its time went: the FX thread's own CPU (the window's work), how long the FX thread
 * waited runnable for a CPU, the renderer's CPU (the previous frame, in software under Xvfb) and GC
 * pauses. What none of them covers is time the FX thread was neither running nor runnable: idle in
 * the toolkit's loop until the next pulse, or blocked on the renderer.
 *
 * @param fxCpuNanos the calling (FX) thread's CPU time
 * @param fxRunQueueNanos how long the calling thread has waited for a CPU (Linux's {@code
 *     /proc/thread-self/schedstat}, second field), or -1 where there is no such file
 * @param rendererCpuNanos the JavaFX renderer thread's CPU time, 0 if there is none
 * @param gcMillis the stop-the-world collectors' total time
 */
record PulseCounters(long fxCpuNanos, long fxRunQueueNanos, long rendererCpuNanos, long gcMillis) {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The counters now; call on the FX thread. {@code rendererId} from {@link #rendererId()}. */
  static PulseCounters read(long rendererId) {
    return new PulseCounters(
        THREADS.getCurrentThreadCpuTime(),
        runQueueNanos(),
        rendererId < 0 ? 0 : Math.max(0, THREADS.getThreadCpuTime(rendererId)),
        stopTheWorldGcMillis());
  }

  /** The JavaFX renderer thread's id, or -1 if it has none. */
  static long rendererId() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("QuantumRenderer")) {
        return t.getId();
      }
    }
    return -1;
  }

  /** One line: where the time between {@code before} and these counters went. */
  String since(PulseCounters before) {
    String runQueue =
        fxRunQueueNanos < 0 || before.fxRunQueueNanos < 0
            ? "unknown"
            : String.format(
                Locale.ROOT, "%.0f ms", (fxRunQueueNanos - before.fxRunQueueNanos) / 1e6);
    return String.format(
        Locale.ROOT,
        "FX thread CPU %.0f ms, FX thread waiting for a CPU %s, renderer CPU %.0f ms, GC %d ms;"
            + " it ended %.3f s after the JVM started",
        (fxCpuNanos - before.fxCpuNanos) / 1e6,
        runQueue,
        (rendererCpuNanos - before.rendererCpuNanos) / 1e6,
        gcMillis - before.gcMillis,
        ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
  }

  /**
   * Read on the FX thread at each pulse during the measurement only: a procfs read of a few bytes,
   * not a disk.
   */
  private static long runQueueNanos() {
    try {
      String[] f = Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split(" ");
      return Long.parseLong(f[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long stopTheWorldGcMillis() {
    long sum = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!gc.getName().contains("Concurrent")) { // G1's concurrent cycles do not stop threads
        sum += Math.max(0, gc.getCollectionTime());
      }
    }
    return sum;
  }
}
