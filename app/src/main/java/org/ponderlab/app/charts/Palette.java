package org.ponderlab.app.charts;

import java.awt.Color;

/**
 * The Okabe–Ito palette (Okabe &amp; Ito 2008): eight colours that stay distinguishable for the
 * common forms of colour blindness, used for every series in the lab. One meaning per colour across
 * charts: blue is the model, vermillion the prior, green accuracy, purple steps.
 */
public final class Palette {
  public static final Color BLACK = new Color(0x000000);
  public static final Color ORANGE = new Color(0xE69F00);
  public static final Color SKY_BLUE = new Color(0x56B4E9);
  public static final Color BLUISH_GREEN = new Color(0x009E73);
  public static final Color YELLOW = new Color(0xF0E442);
  public static final Color BLUE = new Color(0x0072B2);
  public static final Color VERMILLION = new Color(0xD55E00);
  public static final Color REDDISH_PURPLE = new Color(0xCC79A7);

  /** The model's halting distribution, mean p_n. */
  public static final Color MODEL = BLUE;

  /** The prior g_n. */
  public static final Color PRIOR = VERMILLION;

  public static final Color ACCURACY = BLUISH_GREEN;
  public static final Color STEPS = REDDISH_PURPLE;
  public static final Color RECONSTRUCTION = BLUE;
  public static final Color REGULARISATION = ORANGE;

  private Palette() {}

  /** The colour with an alpha (0..1), for the faint raw series under a smoothed one. */
  public static Color faded(Color c, double alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(alpha * 255));
  }
}
