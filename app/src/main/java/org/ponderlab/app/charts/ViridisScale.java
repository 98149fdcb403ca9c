package org.ponderlab.app.charts;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * Viridis, a perceptually uniform sequential scale that stays readable for colour-blind viewers and
 * in greyscale, over [0, 1]. A gamma below 1 spreads the small probabilities that dominate a ponder
 * map over more of the scale; the legend bar shows the true values.
 */
final class ViridisScale implements PaintScale {
  private static final int[] STOPS = {
    0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
  };
  private final double gamma;

  public ViridisScale(double gamma) {
    this.gamma = gamma;
  }

  @Override
  public double getLowerBound() {
    return 0;
  }

  @Override
  public double getUpperBound() {
    return 1;
  }

  @Override
  public Paint getPaint(double value) {
    return colour(value);
  }

  public Color colour(double value) {
    double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    double t = Math.pow(v, gamma) * (STOPS.length - 1);
    int i = Math.min((int) t, STOPS.length - 2);
    double f = t - i;
    Color a = new Color(STOPS[i]);
    Color b = new Color(STOPS[i + 1]);
    return new Color(
        mix(a.getRed(), b.getRed(), f),
        mix(a.getGreen(), b.getGreen(), f),
        mix(a.getBlue(), b.getBlue(), f));
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + (b - a) * f);
  }
}
