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
 * pauses, the JIT's compile time, every Java thread's CPU (the trainer's among them), and the
 * machine: how long its CPUs were busy and idle. What the FX figures do not cover is time the FX
 * thread was neither running nor runnable: idle in the toolkit's loop until the next pulse, or
 * blocked on the renderer or the X server; the machine figures then say whether the CPUs were busy
 * meanwhile, and with whom.
 *
 * @param fxCpuNanos the calling (FX) thread's CPU time
 * @param fxRunQueueNanos how long the calling thread has waited for a CPU (Linux's {@code
 *     /proc/thread-self/schedstat}, second field), or -1 where there is no such file
 * @param rendererCpuNanos the JavaFX renderer thread's CPU time, 0 if there is none
 * @param gcMillis the stop-the-world collectors' total time
 * @param jitMillis the JIT compilers' total time, summed over their threads
 * @param javaThreadsCpuNanos the CPU time of every live Java thread (not the JIT's or GC's own
 *     threads; a thread that ended takes its time with it). Not the process's CPU time from {@code
 *     times()}: Linux keeps that one monotonic by holding it still for a while, and it read 0 ms
 *     over a gap in which the FX thread alone used 102 ms.
 * @param cpusBusyMillis the machine's CPU time outside idle and I/O wait, every CPU ({@code
 *     /proc/stat}, in 10 ms ticks), or -1 where there is no such file
 * @param cpusIdleMillis the machine's idle and I/O-wait time, every CPU, or -1
 */
record PulseCounters(
    long fxCpuNanos,
    long fxRunQueueNanos,
    long rendererCpuNanos,
    long gcMillis,
    long jitMillis,
    long javaThreadsCpuNanos,
    long cpusBusyMillis,
    long cpusIdleMillis) {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long MILLIS_PER_TICK = 10; // USER_HZ is 100 on every Linux build

  /** The counters now; call on the FX thread. {@code rendererId} from {@link #rendererId()}. */
  static PulseCounters read(long rendererId) {
    long[] cpus = machineTicks();
    return new PulseCounters(
        THREADS.getCurrentThreadCpuTime(),
        runQueueNanos(),
        rendererId < 0 ? 0 : Math.max(0, THREADS.getThreadCpuTime(rendererId)),
        stopTheWorldGcMillis(),
        readJitMillis(),
        readJavaThreadsCpuNanos(),
        cpus[0] < 0 ? -1 : cpus[0] * MILLIS_PER_TICK,
        cpus[1] < 0 ? -1 : cpus[1] * MILLIS_PER_TICK);
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
    String machine =
        cpusBusyMillis < 0 || before.cpusBusyMillis < 0
            ? "the machine unknown"
            : String.format(
                Locale.ROOT,
                "CPUs busy %d ms, idle %d ms",
                cpusBusyMillis - before.cpusBusyMillis,
                cpusIdleMillis - before.cpusIdleMillis);
    return String.format(
        Locale.ROOT,
        "FX thread CPU %.0f ms, FX thread waiting for a CPU %s, renderer CPU %.0f ms, GC %d ms,"
            + " JIT %d ms, Java threads' CPU %d ms, %s; it ended %.3f s after the JVM started",
        (fxCpuNanos - before.fxCpuNanos) / 1e6,
        runQueue,
        (rendererCpuNanos - before.rendererCpuNanos) / 1e6,
        gcMillis - before.gcMillis,
        jitMillis - before.jitMillis,
        (javaThreadsCpuNanos - before.javaThreadsCpuNanos) / 1_000_000,
        machine,
        ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
  }

  private static long readJitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  /** One clock read per thread (about a microsecond each): cheap enough for every pulse. */
  private static long readJavaThreadsCpuNanos() {
    long sum = 0;
    for (long id : THREADS.getAllThreadIds()) {
      sum += Math.max(0, THREADS.getThreadCpuTime(id));
    }
    return sum;
  }

  /**
   * The machine's busy and idle ticks over every CPU, from {@code /proc/stat}'s first line (user
   * nice system idle iowait irq softirq steal …); {-1, -1} where it cannot be read.
   */
  static long[] machineTicks() {
    try (var in = Files.newBufferedReader(Path.of("/proc/stat"))) {
      String line = in.readLine();
      return line == null ? new long[] {-1, -1} : ticks(line);
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** Busy and idle ticks of one {@code cpu …} line of {@code /proc/stat}. */
  static long[] ticks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long busy = 0;
    long idle = 0;
    for (int i = 1; i < Math.min(f.length, 9); i++) { // guest time is already counted in user
      long v = Long.parseLong(f[i]);
      if (i == 4 || i == 5) {
        idle += v;
      } else {
        busy += v;
      }
    }
    return new long[] {busy, idle};
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
