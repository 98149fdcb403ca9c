package org.ponderlab.core.train;

/**
 * Derives the independent random streams of a run from its one seed, so that changing, say, how
 * often the run evaluates never changes its training data.
 */
public final class Seeds {
  public static final long TRAIN_DATA = 0x5EED_0001L;
  public static final long VALIDATION = 0x5EED_0002L;
  public static final long INIT = 0x5EED_0003L;
  public static final long EVALUATION = 0x5EED_0004L;
  public static final long METHOD_NOISE = 0x5EED_0005L;

  private Seeds() {}

  /** A well-mixed seed for one stream (SplitMix64 finaliser of seed and stream). */
  public static long derive(long seed, long stream) {
    long z = seed * 0x9E3779B97F4A7C15L + stream;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
