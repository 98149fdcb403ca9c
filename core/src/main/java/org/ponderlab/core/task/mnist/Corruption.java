package org.ponderlab.core.task.mnist;

import java.util.SplittableRandom;

/**
 * Corrupted digits, for "does the network think longer about a harder input?": at level ℓ of {@link
 * #LEVELS}, each pixel is replaced, with probability {@code strongest · ℓ / (LEVELS − 1)}, by a
 * uniform random grey in [0, 1]. Level 0 is the clean digit. The level is the example's difficulty;
 * training draws only the mild levels (below {@link #MILDEST_UNSEEN}), validation holds every level
 * in equal numbers, so the strong levels are unseen in training. Every draw comes from a random
 * source the caller seeds from the run's seed.
 */
public final class Corruption {
  /** Levels 0 (clean) … 4 (the strongest). */
  public static final int LEVELS = 5;

  /** Training sees levels 0 … MILDEST_UNSEEN − 1. */
  public static final int MILDEST_UNSEEN = 3;

  private final double strongest;

  /**
   * @param strongest the share of pixels replaced at the strongest level, in (0, 1]
   */
  public Corruption(double strongest) {
    if (!(strongest > 0 && strongest <= 1)) {
      throw new IllegalArgumentException("noise " + strongest + " is not in (0, 1]");
    }
    this.strongest = strongest;
  }

  /** The share of pixels replaced at {@code level}. */
  public double share(int level) {
    return strongest * level / (LEVELS - 1);
  }

  /**
   * Corrupts {@code size} pixels of {@code pixels} from {@code offset}, in place, at {@code level}.
   */
  public void apply(float[] pixels, int offset, int size, int level, SplittableRandom rng) {
    double share = share(level);
    if (share == 0) {
      return;
    }
    for (int i = offset; i < offset + size; i++) {
      if (rng.nextDouble() < share) {
        pixels[i] = (float) rng.nextDouble();
      }
    }
  }
}
