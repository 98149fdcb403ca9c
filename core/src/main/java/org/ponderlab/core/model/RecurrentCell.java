package org.ponderlab.core.model;

import java.util.SplittableRandom;

/**
 * A recurrent step function fed the same input x at every ponder step, with h_0 = 0 (HALTING.md,
 * "Step recurrence"): what a network built around a cell ({@code MnistNetwork}) needs from it. Two
 * implementations: {@link GruCell} and {@link MlpCell}. Both keep every state h_0..h_n of the pass
 * in one array (slot n at {@link #hiddenOffset(int)}, [batch×H] row-major) and run an
 * allocation-free forward and backprop through time.
 *
 * <p>Use: {@link #begin}, then {@link #step} up to maxSteps times, read states with {@link
 * #hiddenArray()} + {@link #hiddenOffset(int)}, then optionally {@link #backward}. Not thread-safe.
 */
public interface RecurrentCell {
  /** Values this cell takes in the flat parameter buffer. */
  int parameterCount();

  /** Length a buffer needs to hold every state or state gradient: (maxSteps+1)·maxBatch·H. */
  int hiddenCapacity();

  /** Draws the cell's parameters into {@code params[offset .. offset + parameterCount())}. */
  void initialize(float[] params, int offset, SplittableRandom rng);

  /**
   * Starts a pass over {@code batch} rows of x ([batch×inputSize], kept by reference until the next
   * begin); h_0 = 0, no step run yet.
   */
  void begin(float[] params, int offset, float[] x, int batch);

  /** Runs one more step and returns its number n (1-based). */
  int step();

  /** Steps run in the current pass. */
  int stepsRun();

  /**
   * Inference only: keeps rows {@code rows[0..count)} (ascending) as rows 0..count−1 of the steps
   * still to run; earlier states are gone, so no backward may follow.
   */
  void keepRows(int[] rows, int count);

  /**
   * What {@link #keepRows} accepts, checked before anything moves: {@code count} in 1..batch and
   * {@code rows[0..count)} strictly ascending within 0..batch−1.
   */
  static void checkKeptRows(int[] rows, int count, int batch) {
    if (count < 1 || count > batch) {
      throw new IllegalArgumentException("count must be in 1.." + batch + ": " + count);
    }
    int last = -1;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (r <= last || r >= batch) {
        throw new IllegalArgumentException(
            "rows must ascend within 0.." + (batch - 1) + ": row " + r + " at " + i);
      }
      last = r;
    }
  }

  /**
   * Moves row {@code rows[i]} of the [·×width] block at {@code from} to row i of the block at
   * {@code to}, in place: safe for ascending rows and {@code to <= from}, as every destination lies
   * at or before its source.
   */
  static void moveRows(float[] a, int from, int to, int width, int[] rows, int count) {
    for (int i = 0; i < count; i++) {
      System.arraycopy(a, from + rows[i] * width, a, to + i * width, width);
    }
  }

  /** Backing array of all states of the current pass. */
  float[] hiddenArray();

  /** Offset of h_n (n in 0..stepsRun()) in {@link #hiddenArray()}: n·batch·H. */
  int hiddenOffset(int n);

  /**
   * Backprop through time over the steps of the current pass.
   *
   * @param dHidden dL/dh_n in the layout of {@link #hiddenArray()} for n = 1..stepsRun; used as
   *     scratch (slots 1..stepsRun−1 receive the gradient flowing back through the recurrence)
   * @param grads parameter gradients, overwritten at {@code gradOffset ..}, in the parameter layout
   * @param dx if not null, receives dL/dx [batch×inputSize] summed over the steps (overwritten)
   */
  void backward(
      float[] params, int offset, float[] dHidden, float[] grads, int gradOffset, float[] dx);
}
