package org.ponderlab.core.model;

/**
 * A {@link Network} that can also run one step at a time, so that a halting method which decides
 * while the steps run (LAC; PALBERT's truncated training) really stops the batch: the steps it does
 * not run cost nothing (HALTING.md "Step recurrence": executed compute is counted honestly).
 *
 * <p>After {@link #begin} and n calls of {@link #step}, every accessor of {@link Network} ({@link
 * #outputLogits()}, {@link #haltingLogits()}, {@link #hiddenNorms()}) and {@link #backward} cover
 * steps 1..n exactly as after {@code forward(params, x, batch, n)}; the logits of step n are
 * available as soon as step n has run, in the same layouts.
 */
public interface StepwiseNetwork extends Network {
  /**
   * Starts a pass over {@code batch} rows of x (kept by reference until the next pass); no step run
   * yet.
   */
  void begin(float[] params, float[] x, int batch);

  /**
   * Runs the next step, its output and halting heads and its state norms; returns its number n
   * (1-based).
   */
  int step(float[] params);

  /** Steps run in the current pass. */
  int stepsRun();

  /**
   * Inference only: after step n, keeps rows {@code rows[0..count)} (ascending, each below the
   * current batch) as rows 0..count−1 of the steps still to run, so examples that halted cost
   * nothing more. The next step's outputs, halting logits and norms are laid out for the new batch;
   * earlier steps' are gone and no {@link #backward} may follow (the next {@link #begin} starts
   * afresh).
   */
  void keepRows(int[] rows, int count);
}
