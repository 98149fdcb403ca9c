package org.ponderlab.core.train;

import java.util.Arrays;

/**
 * What one evaluation measured per difficulty beyond the means in {@link Snapshot}: how many
 * validation inputs each difficulty holds, the spread of their halting steps (quartiles, so "flat
 * with wide noise" looks like that), and the split into difficulties the training data held
 * (<em>seen</em>) and the ones above it (<em>unseen</em>: parity's extrapolation split, C-PVR's
 * hops past train-hops). Arrays are indexed by difficulty; NaN (or 0 counts) where the set has
 * none. Immutable by convention, like the snapshot that carries it.
 *
 * @param seenUpTo the largest difficulty in the training data ({@link TrainingConfig#seenUpTo()});
 *     {@link Integer#MAX_VALUE} when every difficulty is seen
 * @param count validation inputs per difficulty
 * @param stepsQ1 first quartile of the per-input steps (the rule's halting step; E[n] under
 *     expectation), linear interpolation between order statistics
 * @param stepsMedian median of the per-input steps
 * @param stepsQ3 third quartile of the per-input steps
 * @param seen accuracy and mean steps over the inputs of seen difficulties
 * @param unseen the same over unseen difficulties (count 0, NaN values when there are none)
 */
public record DifficultyStats(
    int seenUpTo,
    int[] count,
    double[] stepsQ1,
    double[] stepsMedian,
    double[] stepsQ3,
    Group seen,
    Group unseen) {

  /**
   * Accuracy and mean steps over a group of validation inputs.
   *
   * @param count inputs in the group
   * @param accuracy share predicted right (NaN when the group is empty)
   * @param meanSteps mean per-input steps (NaN when the group is empty)
   */
  public record Group(int count, double accuracy, double meanSteps) {
    public static final Group EMPTY = new Group(0, Double.NaN, Double.NaN);
  }

  /** Whether inputs of difficulty {@code d} were absent from training. */
  public boolean isUnseen(int d) {
    return d > seenUpTo;
  }

  /** Whether this evaluation has unseen difficulties at all. */
  public boolean hasSplit() {
    return seenUpTo != Integer.MAX_VALUE;
  }

  /**
   * Stats known only by their per-difficulty means (a run saved before counts and quartiles were
   * recorded): no counts, NaN quartiles, seen/unseen from the means with every difficulty weighted
   * alike.
   */
  public static DifficultyStats fromMeans(
      int seenUpTo, double[] accuracyByDifficulty, double[] meanStepsByDifficulty) {
    int size = accuracyByDifficulty.length;
    double[] nan = new double[size];
    Arrays.fill(nan, Double.NaN);
    int[] none = new int[size];
    return new DifficultyStats(
        seenUpTo,
        none,
        nan,
        nan.clone(),
        nan.clone(),
        unweighted(accuracyByDifficulty, meanStepsByDifficulty, 0, Math.min(seenUpTo, size - 1)),
        seenUpTo >= size - 1
            ? Group.EMPTY
            : unweighted(accuracyByDifficulty, meanStepsByDifficulty, seenUpTo + 1, size - 1));
  }

  private static Group unweighted(double[] acc, double[] steps, int from, int to) {
    double a = 0;
    double s = 0;
    int n = 0;
    for (int d = from; d <= to; d++) {
      if (!Double.isNaN(acc[d])) {
        a += acc[d];
        s += steps[d];
        n++;
      }
    }
    return n == 0 ? Group.EMPTY : new Group(0, a / n, s / n);
  }

  /**
   * Builds the stats from every validation input's difficulty, correctness and steps.
   *
   * @param difficulty per input
   * @param correct per input
   * @param steps per input (the value whose mean the snapshot reports)
   * @param size inputs
   * @param maxDifficulty the largest difficulty (arrays are sized maxDifficulty + 1)
   */
  public static DifficultyStats of(
      int seenUpTo,
      int[] difficulty,
      boolean[] correct,
      double[] steps,
      int size,
      int maxDifficulty) {
    int[] count = new int[maxDifficulty + 1];
    for (int i = 0; i < size; i++) {
      count[difficulty[i]]++;
    }
    double[][] byDifficulty = new double[maxDifficulty + 1][];
    for (int d = 0; d <= maxDifficulty; d++) {
      byDifficulty[d] = new double[count[d]];
    }
    int[] filled = new int[maxDifficulty + 1];
    int[] groupCount = new int[2];
    double[] groupCorrect = new double[2];
    double[] groupSteps = new double[2];
    for (int i = 0; i < size; i++) {
      int d = difficulty[i];
      byDifficulty[d][filled[d]++] = steps[i];
      int g = d > seenUpTo ? 1 : 0;
      groupCount[g]++;
      groupCorrect[g] += correct[i] ? 1 : 0;
      groupSteps[g] += steps[i];
    }
    double[] q1 = new double[maxDifficulty + 1];
    double[] median = new double[maxDifficulty + 1];
    double[] q3 = new double[maxDifficulty + 1];
    for (int d = 0; d <= maxDifficulty; d++) {
      double[] v = byDifficulty[d];
      Arrays.sort(v);
      q1[d] = quantile(v, 0.25);
      median[d] = quantile(v, 0.5);
      q3[d] = quantile(v, 0.75);
    }
    return new DifficultyStats(
        seenUpTo,
        count,
        q1,
        median,
        q3,
        group(groupCount[0], groupCorrect[0], groupSteps[0]),
        group(groupCount[1], groupCorrect[1], groupSteps[1]));
  }

  private static Group group(int n, double correct, double steps) {
    return n == 0 ? Group.EMPTY : new Group(n, correct / n, steps / n);
  }

  /**
   * The p-quantile of sorted values, interpolating linearly between order statistics; NaN if none.
   */
  static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
