package org.ponderlab.core.task;

import java.util.SplittableRandom;

/**
 * A supervised task the lab trains on. Implementations are deterministic given the random source
 * they are handed: the trainer seeds every source from the run's seed.
 */
public interface Task {
  /** Short machine name, as on the command line ({@code parity}, {@code mnist}, {@code cpvr}). */
  String name();

  /** Number of input values per example. */
  int inputSize();

  OutputKind outputKind();

  /** 1 for {@link OutputKind#BINARY}, the number of classes otherwise. */
  int outputSize();

  /** Fills {@code into} with fresh training examples drawn from {@code rng}. */
  void sample(SplittableRandom rng, Batch into);

  /** The fixed, seeded validation set (the same object on every call). */
  Batch validation();

  /** What the difficulty number means, for chart axes ("non-zeros", "hops"). */
  String difficultyName();
}
