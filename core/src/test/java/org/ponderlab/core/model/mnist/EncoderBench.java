package org.ponderlab.core.model.mnist;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Microbenchmark of the MNIST encoder on one thread: thread-CPU median ms of the whole encoder's
 * forward and backward ({@link ConvEncoder}, images pipelined through the layers), then of each
 * layer run alone over the batch (conv1, pool1, conv2, pool2 forward; pool2, conv2, pool1, conv1
 * backward), after a JIT warm-up, plus bytes allocated per iteration (should be 0). CPU time is
 * less disturbed than wall time when other processes share the cores. A command that prints
 * numbers, never a test.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes \
 *     org.ponderlab.core.model.mnist.EncoderBench [batch warmup iterations]
 * </pre>
 */
public final class EncoderBench {
  private static final String[] NAMES = {
    "encoder.fwd",
    "encoder.bwd",
    "conv1.fwd",
    "pool1.fwd",
    "conv2.fwd",
    "pool2.fwd",
    "pool2.bwd",
    "conv2.bwd",
    "pool1.bwd",
    "conv1.bwd"
  };

  private EncoderBench() {}

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    MnistNetworkShape s = MnistNetworkShape.standard();
    ConvEncoder encoder = new ConvEncoder(s, batch);
    ConvLayer conv1 = new ConvLayer(s.imageSize(), 1, s.conv1Channels());
    MaxPoolRelu pool1 = new MaxPoolRelu(s.conv1Side(), s.conv1Channels());
    ConvLayer conv2 = new ConvLayer(s.pool1Side(), s.conv1Channels(), s.conv2Channels());
    MaxPoolRelu pool2 = new MaxPoolRelu(s.conv2Side(), s.conv2Channels());
    float[] params = new float[encoder.parameterCount()];
    SplittableRandom rng = new SplittableRandom(5);
    encoder.initialize(params, 0, rng);
    int o2 = conv1.parameterCount();
    float[] grads = new float[params.length];
    float[] x = new float[batch * s.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    float[] f = new float[batch * s.features()];
    float[] dF = new float[f.length];
    for (int i = 0; i < dF.length; i++) {
      dF[i] = (float) rng.nextGaussian();
    }
    int n1 = conv1.outputSize();
    int m1 = pool1.outputSize();
    int n2 = conv2.outputSize();
    int m2 = pool2.outputSize();
    float[] c1 = new float[batch * n1];
    float[] a1 = new float[batch * m1];
    float[] c2 = new float[batch * n2];
    float[] a2 = new float[batch * m2];
    float[] w1 = a1.clone();
    float[] w2 = a2.clone();
    float[] dA2 = a2.clone();
    float[] dC2 = c2.clone();
    float[] dA1 = a1.clone();
    float[] dC1 = c1.clone();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long[][] t = new long[NAMES.length][iterations];
    long allocated = 0;
    long[] c = new long[NAMES.length + 1];
    int px = s.inputSize();
    for (int it = -warmup; it < iterations; it++) {
      long a0 = threads.getThreadAllocatedBytes(thread);
      int k = 0;
      c[k++] = threads.getCurrentThreadCpuTime();
      encoder.forward(params, 0, x, batch, f);
      c[k++] = threads.getCurrentThreadCpuTime();
      encoder.backward(params, 0, f, dF, grads);
      c[k++] = threads.getCurrentThreadCpuTime();
      for (int b = 0; b < batch; b++) {
        conv1.forward(params, 0, x, b * px, c1, b * n1);
      }
      c[k++] = threads.getCurrentThreadCpuTime();
      pool1.forward(c1, 0, batch, params, conv1.biasOffset(), a1, w1, 0);
      c[k++] = threads.getCurrentThreadCpuTime();
      for (int b = 0; b < batch; b++) {
        conv2.forward(params, o2, a1, b * m1, c2, b * n2);
      }
      c[k++] = threads.getCurrentThreadCpuTime();
      pool2.forward(c2, 0, batch, params, o2 + conv2.biasOffset(), a2, w2, 0);
      c[k++] = threads.getCurrentThreadCpuTime();
      System.arraycopy(a2, 0, dA2, 0, a2.length);
      for (int b = 0; b < batch; b++) {
        pool2.backward(w2, b * m2, dA2, b * m2, dC2, b * n2, grads, 0);
      }
      c[k++] = threads.getCurrentThreadCpuTime();
      conv2.prepareInputGradient(params, o2);
      for (int b = 0; b < batch; b++) {
        conv2.backward(o2, a1, b * m1, dC2, b * n2, grads, b > 0, dA1, b * m1);
      }
      c[k++] = threads.getCurrentThreadCpuTime();
      for (int b = 0; b < batch; b++) {
        pool1.backward(w1, b * m1, dA1, b * m1, dC1, b * n1, grads, 0);
      }
      c[k++] = threads.getCurrentThreadCpuTime();
      for (int b = 0; b < batch; b++) {
        conv1.backward(0, x, b * px, dC1, b * n1, grads, b > 0, null, 0);
      }
      c[k++] = threads.getCurrentThreadCpuTime();
      if (it >= 0) {
        for (int j = 0; j < NAMES.length; j++) {
          t[j][it] = c[j + 1] - c[j];
        }
        allocated += threads.getThreadAllocatedBytes(thread) - a0;
      }
    }
    StringBuilder line = new StringBuilder();
    for (int j = 0; j < NAMES.length; j++) {
      long[] v = t[j].clone();
      Arrays.sort(v);
      line.append(String.format(Locale.ROOT, "%s=%.3f ", NAMES[j], v[v.length / 2] / 1e6));
    }
    encoder.forward(params, 0, x, batch, f);
    encoder.backward(params, 0, f, dF, grads);
    double checksum = 0;
    for (float g : grads) {
      checksum += g;
    }
    System.out.printf(
        Locale.ROOT,
        "encoder batch=%d cpu ms medians: %s| alloc/iter=%d checksum=%.6g%n",
        batch,
        line,
        allocated / iterations,
        checksum);
  }
}
