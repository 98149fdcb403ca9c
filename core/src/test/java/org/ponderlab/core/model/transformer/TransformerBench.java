package org.ponderlab.core.model.transformer;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Microbenchmark of {@link TransformerKernel}'s forward and backward on one thread, shaped as
 * training runs it: a UT (d 32, 2 heads, MLP 128) on two fixed shards of half the batch each, the
 * lean memory policy. Prints the median thread CPU ms per iteration (less disturbed than wall time
 * when other processes share the cores), the median wall ms, and the bytes allocated per iteration.
 * A benchmark is a command that prints numbers, never a timed test assertion.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes \
 *     org.ponderlab.core.model.transformer.TransformerBench [length steps batch warmup iterations]
 * </pre>
 *
 * Defaults: the paper size, L 100, N 32, batch 128, 3 warm-up and 8 timed iterations.
 */
public final class TransformerBench {

  private TransformerBench() {}

  public static void main(String[] args) {
    int[] a = {100, 32, 128, 3, 8};
    for (int i = 0; i < args.length && i < a.length; i++) {
      a[i] = Integer.parseInt(args[i]);
    }
    int len = a[0];
    int steps = a[1];
    int batch = a[2];
    int warmup = a[3];
    int iterations = a[4];
    TransformerSpec spec =
        new TransformerSpec(TransformerSpec.Kind.UNIVERSAL, len, len, 32, 2, 128, len, steps, 1, 8);
    int half = (batch + 1) / 2;
    TransformerKernel[] shards = {
      new TransformerKernel(spec, half), new TransformerKernel(spec, batch - half)
    };
    System.out.println("policy " + shards[0].policy());
    int[] rows = {half, batch - half};
    float[] params = new float[shards[0].parameterCount()];
    shards[0].initialize(params, 1234, -1f);
    float[][] grads = {new float[params.length], new float[params.length]};
    SplittableRandom rng = new SplittableRandom(99);
    float[][] x = new float[2][];
    float[][] dY = new float[2][];
    float[][] dA = new float[2][];
    for (int s = 0; s < 2; s++) {
      x[s] = new float[rows[s] * len];
      for (int i = 0; i < x[s].length; i++) {
        x[s][i] = rng.nextInt(len);
      }
      dY[s] = new float[steps * rows[s] * len];
      dA[s] = new float[steps * rows[s]];
      for (int i = 0; i < dY[s].length; i++) {
        dY[s][i] = (float) rng.nextDouble(-1e-2, 1e-2);
      }
      for (int i = 0; i < dA[s].length; i++) {
        dA[s][i] = (float) rng.nextDouble(-1e-2, 1e-2);
      }
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    double[] cpu = new double[iterations];
    double[] wall = new double[iterations];
    long allocated = 0;
    for (int i = -warmup; i < iterations; i++) {
      long a0 = threads.getThreadAllocatedBytes(thread);
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int s = 0; s < 2; s++) {
        shards[s].forward(params, x[s], rows[s], steps);
        shards[s].backward(params, dY[s], dA[s], grads[s]);
      }
      if (i >= 0) {
        cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        wall[i] = (System.nanoTime() - t0) / 1e6;
        allocated += threads.getThreadAllocatedBytes(thread) - a0;
      }
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    System.out.printf(
        Locale.ROOT,
        "transformer L %d N %d batch %d: cpu_median_ms=%.1f cpu_min_ms=%.1f wall_median_ms=%.1f"
            + " bytes_per_iter=%d checksum=%s%n",
        len,
        steps,
        batch,
        cpu[iterations / 2],
        cpu[0],
        wall[iterations / 2],
        allocated / Math.max(1, iterations),
        Float.toString(grads[0][7] + grads[1][11]));
  }
}
