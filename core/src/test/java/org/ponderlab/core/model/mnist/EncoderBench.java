package org.ponderlab.core.model.mnist;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Microbenchmark of the MNIST encoder's layers on one thread: thread-CPU median ms per call of each
 * of conv1, pool1, conv2, pool2, dense forward and backward, after a JIT warm-up (CPU time is less
 * disturbed than wall time when other processes share the cores), plus bytes allocated per
 * iteration (should be 0). A command that prints numbers, never a test.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes \
 *     org.ponderlab.core.model.mnist.EncoderBench [batch warmup iterations]
 * </pre>
 */
public final class EncoderBench {
  private static final String[] NAMES = {
    "conv1.fwd", "pool1.fwd", "conv2.fwd", "pool2.fwd", "dense.fwd",
    "dense.bwd", "pool2.bwd", "conv2.bwd", "pool1.bwd", "conv1.bwd"
  };

  private EncoderBench() {}

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    MnistNetworkShape s = MnistNetworkShape.standard();
    ConvLayer conv1 = new ConvLayer(s.imageSize(), 1, s.conv1Channels());
    MaxPoolRelu pool1 = new MaxPoolRelu(s.conv1Side(), s.conv1Channels());
    ConvLayer conv2 = new ConvLayer(s.pool1Side(), s.conv1Channels(), s.conv2Channels());
    MaxPoolRelu pool2 = new MaxPoolRelu(s.conv2Side(), s.conv2Channels());
    ReluDense dense = new ReluDense(s.flatSize(), s.features());
    int o1 = 0;
    int o2 = conv1.parameterCount();
    int o3 = o2 + conv2.parameterCount();
    float[] params = new float[o3 + dense.parameterCount()];
    SplittableRandom rng = new SplittableRandom(5);
    conv1.initialize(params, o1, rng);
    conv2.initialize(params, o2, rng);
    dense.initialize(params, o3, rng);
    float[] grads = new float[params.length];
    float[] x = new float[batch * s.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    int s1 = s.conv1Side();
    int p1 = s.pool1Side();
    int s2 = s.conv2Side();
    float[] c1 = new float[batch * s1 * s1 * s.conv1Channels()];
    float[] dC1 = new float[c1.length];
    float[] a1 = new float[batch * p1 * p1 * s.conv1Channels()];
    float[] dA1 = new float[a1.length];
    float[] c2 = new float[batch * s2 * s2 * s.conv2Channels()];
    float[] dC2 = new float[c2.length];
    float[] a2 = new float[batch * s.flatSize()];
    float[] dA2 = new float[a2.length];
    float[] f = new float[batch * s.features()];
    float[] dF = new float[f.length];
    for (int i = 0; i < dF.length; i++) {
      dF[i] = (float) rng.nextGaussian();
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long[][] t = new long[NAMES.length][iterations];
    long allocated = 0;
    long[] c = new long[NAMES.length + 1];
    for (int it = -warmup; it < iterations; it++) {
      long a0 = threads.getThreadAllocatedBytes(thread);
      int k = 0;
      c[k++] = threads.getCurrentThreadCpuTime();
      conv1.forward(params, o1, x, 0, batch, c1);
      c[k++] = threads.getCurrentThreadCpuTime();
      pool1.forward(c1, batch, params, o1 + conv1.biasOffset(), a1);
      c[k++] = threads.getCurrentThreadCpuTime();
      conv2.forward(params, o2, a1, 0, batch, c2);
      c[k++] = threads.getCurrentThreadCpuTime();
      pool2.forward(c2, batch, params, o2 + conv2.biasOffset(), a2);
      c[k++] = threads.getCurrentThreadCpuTime();
      dense.forward(params, o3, a2, batch, f, 0);
      c[k++] = threads.getCurrentThreadCpuTime();
      dense.backward(params, o3, f, dF, grads, dA2);
      c[k++] = threads.getCurrentThreadCpuTime();
      pool2.backward(c2, a2, dA2, dC2);
      c[k++] = threads.getCurrentThreadCpuTime();
      conv2.backward(params, o2, dC2, grads, dA1);
      c[k++] = threads.getCurrentThreadCpuTime();
      pool1.backward(c1, a1, dA1, dC1);
      c[k++] = threads.getCurrentThreadCpuTime();
      conv1.backward(params, o1, dC1, grads, null);
      c[k++] = threads.getCurrentThreadCpuTime();
      if (it >= 0) {
        for (int j = 0; j < NAMES.length; j++) {
          t[j][it] = c[j + 1] - c[j];
        }
        allocated += threads.getThreadAllocatedBytes(thread) - a0;
      }
    }
    double total = 0;
    StringBuilder line = new StringBuilder();
    for (int j = 0; j < NAMES.length; j++) {
      long[] v = t[j].clone();
      Arrays.sort(v);
      double ms = v[v.length / 2] / 1e6;
      total += ms;
      line.append(String.format(Locale.ROOT, "%s=%.3f ", NAMES[j], ms));
    }
    double checksum = 0;
    for (float g : grads) {
      checksum += g;
    }
    System.out.printf(
        Locale.ROOT,
        "encoder batch=%d cpu ms medians: %s| sum=%.3f alloc/iter=%d checksum=%.6g%n",
        batch,
        line,
        total,
        allocated / iterations,
        checksum);
  }
}
