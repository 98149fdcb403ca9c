package org.ponderlab.core.model.mnist;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.model.GruCell;
import org.ponderlab.core.model.LinearHeads;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.mnist.MnistData;
import org.ponderlab.core.task.mnist.MnistTask;

/**
 * Prints the cost of one training iteration (forward + backward) of the standard network at
 * batch 64 and N = 15 on real digits. A benchmark, not a check: it asserts nothing about time.
 */
class MnistNetworkTimingTest {
  @Test
  void printsMillisecondsPerIteration() throws IOException {
    MnistTask task = new MnistTask(MnistData.shipped(), 1);
    int batchSize = 64;
    int steps = 15;
    Batch batch = Batch.allocate(batchSize, task.inputSize());
    SplittableRandom rng = new SplittableRandom(2);
    try (MnistNetwork net = new MnistNetwork(MnistNetworkShape.standard(), steps, batchSize)) {
      float[] params = new float[net.parameterCount()];
      float[] grads = new float[params.length];
      net.initialize(params, 3, 0f);
      float[] dOut = new float[steps * batchSize * net.outputs()];
      float[] dHalt = new float[steps * batchSize];
      int warmup = 20;
      int measured = 40;
      long forwardNanos = 0;
      long backwardNanos = 0;
      long cpuNanos = 0;
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int it = 0; it < warmup + measured; it++) {
        task.sample(rng, batch);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        net.forward(params, batch.inputs(), batchSize, steps);
        long t1 = System.nanoTime();
        for (int i = 0; i < dOut.length; i++) {
          dOut[i] = 1e-3f * (i % 7 - 3);
        }
        java.util.Arrays.fill(dHalt, 1e-3f);
        long t2 = System.nanoTime();
        net.backward(params, dOut, dHalt, grads);
        long t3 = System.nanoTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        if (it >= warmup) {
          cpuNanos += cpu1 - cpu0;
          forwardNanos += t1 - t0;
          backwardNanos += t3 - t2;
        }
      }
      System.out.printf(
          "MNIST network, batch %d, N = %d, %d parameters: forward %.1f ms + backward %.1f ms = %.1f ms per iteration wall, %.1f ms thread CPU (mean of %d after %d warm-up)%n",
          batchSize,
          steps,
          net.parameterCount(),
          forwardNanos / 1e6 / measured,
          backwardNanos / 1e6 / measured,
          (forwardNanos + backwardNanos) / 1e6 / measured,
          cpuNanos / 1e6 / measured,
          measured,
          warmup);
      printParts(batch, batchSize, steps, measured);
    }
  }

  /**
   * The same work split by part (thread CPU time, which other processes on a busy machine do not
   * inflate as much as wall time).
   */
  private static void printParts(Batch batch, int batchSize, int steps, int measured) {
    MnistNetworkShape shape = MnistNetworkShape.standard();
    try (ConvEncoder encoder = new ConvEncoder(shape, batchSize)) {
      GruCell cell = new GruCell(shape.features(), shape.hidden(), steps, batchSize);
      LinearHeads heads = new LinearHeads(shape.hidden(), shape.classes(), steps, batchSize);
      SplittableRandom rng = new SplittableRandom(5);
      float[] pe = new float[encoder.parameterCount()];
      float[] pc = new float[cell.parameterCount()];
      float[] ph = new float[heads.parameterCount()];
      encoder.initialize(pe, 0, rng);
      cell.initialize(pc, 0, rng);
      heads.initialize(ph, 0, rng, 0f);
      float[] ge = new float[pe.length];
      float[] gc = new float[pc.length];
      float[] gh = new float[ph.length];
      int rows = steps * batchSize;
      float[] features = new float[batchSize * shape.features()];
      float[] dFeatures = new float[features.length];
      float[] dHidden = new float[cell.hiddenCapacity()];
      float[] dLogits = new float[rows * shape.classes()];
      float[] dHalting = new float[rows];
      java.util.Arrays.fill(dLogits, 1e-3f);
      java.util.Arrays.fill(dHalting, 1e-3f);
      long[] nanos = new long[6];
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int it = 0; it < 20 + measured; it++) {
        long t0 = threads.getCurrentThreadCpuTime();
        encoder.forward(pe, 0, batch.inputs(), batchSize, features);
        long t1 = threads.getCurrentThreadCpuTime();
        cell.begin(pc, 0, features, batchSize);
        for (int n = 0; n < steps; n++) {
          cell.step();
        }
        long t2 = threads.getCurrentThreadCpuTime();
        heads.forward(ph, 0, cell.hiddenArray(), cell.hiddenOffset(1), batchSize, steps);
        long t3 = threads.getCurrentThreadCpuTime();
        heads.backward(ph, 0, cell.hiddenArray(), cell.hiddenOffset(1), batchSize, steps, dLogits, dHalting, gh, 0,
            dHidden);
        long t4 = threads.getCurrentThreadCpuTime();
        cell.backward(pc, 0, dHidden, gc, 0, dFeatures);
        long t5 = threads.getCurrentThreadCpuTime();
        encoder.backward(pe, 0, features, dFeatures, ge);
        long t6 = threads.getCurrentThreadCpuTime();
        if (it >= 20) {
          nanos[0] += t1 - t0;
          nanos[1] += t2 - t1;
          nanos[2] += t3 - t2;
          nanos[3] += t4 - t3;
          nanos[4] += t5 - t4;
          nanos[5] += t6 - t5;
        }
      }
      System.out.printf(
          "  parts (ms thread CPU): encoder forward %.1f, cell forward %.1f, heads forward %.1f, heads backward %.1f, cell backward %.1f, encoder backward %.1f%n",
          nanos[0] / 1e6 / measured,
          nanos[1] / 1e6 / measured,
          nanos[2] / 1e6 / measured,
          nanos[3] / 1e6 / measured,
          nanos[4] / 1e6 / measured,
          nanos[5] / 1e6 / measured);
    }
  }
}
