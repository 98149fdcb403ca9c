package org.ponderlab.core.task;

import java.util.SplittableRandom;

/**
 * Parity (Graves 2016; HALTING.md "Tasks"): a vector of length D with k ~ U{1..D} positions set to
 * ±1 (each sign with probability ½) and the rest 0, the positions shuffled. The label is 1 when the
 * count of +1 is odd ({@code plus-ones}, the default) or, in one reference's easier variant, when
 * the count of non-zeros is odd ({@code nonzero}). Difficulty = k, the number of non-zeros.
 *
 * <p>With the extrapolation split (HALTING.md) training batches draw k ~ U{1..⌊D/2⌋} while the
 * validation set keeps k ~ U{1..D}, so the inputs with k &gt; D/2 are never seen in training.
 */
public final class ParityTask implements Task {
  /** Which count's parity is the label. */
  public enum Label {
    PLUS_ONES,
    NONZERO;

    public static Label parse(String text) {
      return switch (text) {
        case "plus-ones" -> PLUS_ONES;
        case "nonzero" -> NONZERO;
        default ->
            throw new IllegalArgumentException(
                "parity-label must be plus-ones or nonzero, got " + text);
      };
    }
  }

  private final int bits;
  private final Label label;

  /** Training batches draw k from 1..trainUpTo (D, or D/2 under the extrapolation split). */
  private final int trainUpTo;

  private final Batch validation;
  private final int[] positions;

  /**
   * @param bits vector length D (4..64)
   * @param label labelling rule
   * @param validationSize size of the fixed validation set
   * @param validationSeed seed of the validation set (fixed for a run)
   */
  public ParityTask(int bits, Label label, int validationSize, long validationSeed) {
    this(bits, label, false, validationSize, validationSeed);
  }

  /**
   * @param extrapolation train on k ≤ D/2 only (the validation set still covers k = 1..D)
   */
  public ParityTask(
      int bits, Label label, boolean extrapolation, int validationSize, long validationSeed) {
    if (bits < (extrapolation ? 2 : 1)) {
      throw new IllegalArgumentException("bits must be at least " + (extrapolation ? 2 : 1));
    }
    this.bits = bits;
    this.label = label;
    this.positions = new int[bits];
    this.validation = Batch.allocate(validationSize, bits);
    fill(new SplittableRandom(validationSeed), validation, bits);
    this.trainUpTo = extrapolation ? bits / 2 : bits;
  }

  @Override
  public String name() {
    return "parity";
  }

  @Override
  public int inputSize() {
    return bits;
  }

  @Override
  public OutputKind outputKind() {
    return OutputKind.BINARY;
  }

  @Override
  public int outputSize() {
    return 1;
  }

  @Override
  public void sample(SplittableRandom rng, Batch into) {
    fill(rng, into, trainUpTo);
  }

  /** Fills a batch with inputs of k ~ U{1..maxK} non-zeros. */
  private void fill(SplittableRandom rng, Batch into, int maxK) {
    float[] x = into.inputs();
    java.util.Arrays.fill(x, 0, into.size() * bits, 0f);
    for (int i = 0; i < into.size(); i++) {
      int k = 1 + rng.nextInt(maxK);
      for (int j = 0; j < bits; j++) {
        positions[j] = j;
      }
      int plusOnes = 0;
      for (int j = 0; j < k; j++) { // partial Fisher–Yates: k distinct, shuffled positions
        int r = j + rng.nextInt(bits - j);
        int tmp = positions[j];
        positions[j] = positions[r];
        positions[r] = tmp;
        boolean plus = rng.nextBoolean();
        x[i * bits + positions[j]] = plus ? 1f : -1f;
        if (plus) {
          plusOnes++;
        }
      }
      int counted = label == Label.PLUS_ONES ? plusOnes : k;
      into.labels()[i] = counted & 1;
      into.difficulty()[i] = k;
    }
  }

  @Override
  public Batch validation() {
    return validation;
  }

  @Override
  public String difficultyName() {
    return "non-zeros";
  }

  /** The largest k in training batches: D, or D/2 under the extrapolation split. */
  public int trainUpTo() {
    return trainUpTo;
  }

  /** Highest difficulty value (D). */
  public int bits() {
    return bits;
  }
}
