package org.ponderlab.core.model;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.VectorMath;

/**
 * Microbenchmark of {@link PonderNetwork}'s forward and backward on one thread: median ms over
 * timed iterations after a JIT warm-up (wall time, and thread CPU time, which is less disturbed
 * when other processes share the cores), plus bytes allocated per iteration (should be 0).
 *
 * <p>A benchmark is a command that prints numbers, never a timed test assertion. Default size is
 * the parity workload of the PyTorch peer (input 8, GRU 64, 1 output, 20 steps, batch 128).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/classes:$(cat cp.txt) \
 *     org.ponderlab.core.model.KernelBench [input hidden outputs steps batch warmup iterations]
 * </pre>
 */
public final class KernelBench {

  private KernelBench() {}

  public static void main(String[] args) {
    int[] a = {8, 64, 1, 20, 128, 50, 300};
    for (int i = 0; i < args.length && i < a.length; i++) {
      a[i] = Integer.parseInt(args[i]);
    }
    int in = a[0];
    int hidden = a[1];
    int outputs = a[2];
    int steps = a[3];
    int batch = a[4];
    int warmup = a[5];
    int iterations = a[6];

    PonderNetwork net = new PonderNetwork(in, hidden, outputs, steps, batch);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 1234, 0f);
    float[] grads = new float[params.length];
    SplittableRandom rng = new SplittableRandom(99);
    float[] x = new float[batch * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(3) - 1; // parity-like {-1, 0, 1}
    }
    float[] dY = new float[steps * batch * outputs];
    float[] dA = new float[steps * batch];
    for (int i = 0; i < dY.length; i++) {
      dY[i] = (float) rng.nextDouble(-1e-2, 1e-2);
    }
    for (int i = 0; i < dA.length; i++) {
      dA[i] = (float) rng.nextDouble(-1e-2, 1e-2);
    }

    for (int i = 0; i < warmup; i++) {
      net.forward(params, x, batch, steps);
      net.backward(params, dY, dA, grads, null);
    }
    long[] forward = new long[iterations];
    long[] backward = new long[iterations];
    long[] forwardCpu = new long[iterations];
    long[] backwardCpu = new long[iterations];
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    String loadBefore = loadAverage();
    long allocated0 = threads.getThreadAllocatedBytes(thread);
    long cpu0 = threads.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      net.forward(params, x, batch, steps);
      long t1 = System.nanoTime();
      long c1 = threads.getCurrentThreadCpuTime();
      net.backward(params, dY, dA, grads, null);
      long t2 = System.nanoTime();
      long c2 = threads.getCurrentThreadCpuTime();
      forward[i] = t1 - t0;
      backward[i] = t2 - t1;
      forwardCpu[i] = c1 - c0;
      backwardCpu[i] = c2 - c1;
    }
    long wall = System.nanoTime() - wall0;
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long allocated = threads.getThreadAllocatedBytes(thread) - allocated0;
    long[] total = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      total[i] = forward[i] + backward[i];
    }
    double checksum = 0;
    for (float g : grads) {
      checksum += g;
    }
    System.out.printf(
        Locale.ROOT,
        "kernel bench in=%d hidden=%d outputs=%d steps=%d batch=%d lanes=%d warmup=%d iters=%d%n",
        in,
        hidden,
        outputs,
        steps,
        batch,
        VectorMath.LANES,
        warmup,
        iterations);
    System.out.printf(
        Locale.ROOT,
        "forward_ms median=%.3f p10=%.3f p90=%.3f | backward_ms median=%.3f p10=%.3f p90=%.3f"
            + " | total_ms median=%.3f%n",
        median(forward),
        percentile(forward, 10),
        percentile(forward, 90),
        median(backward),
        percentile(backward, 10),
        percentile(backward, 90),
        median(total));
    // Thread CPU time excludes time descheduled by other processes on a shared machine.
    System.out.printf(
        Locale.ROOT,
        "cpu_time: forward_ms median=%.3f | backward_ms median=%.3f%n",
        median(forwardCpu),
        median(backwardCpu));
    System.out.printf(
        Locale.ROOT,
        "allocated_bytes_per_iter=%.1f cpu/wall=%.3f loadavg before=[%s] after=[%s]"
            + " grad_checksum=%.6g%n",
        (double) allocated / iterations,
        (double) cpu / wall,
        loadBefore,
        loadAverage(),
        checksum);
  }

  private static double median(long[] nanos) {
    return percentile(nanos, 50);
  }

  private static double percentile(long[] nanos, double pct) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int idx = (int) Math.round(pct / 100.0 * (s.length - 1));
    return s[Math.max(0, Math.min(s.length - 1, idx))] / 1e6;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
