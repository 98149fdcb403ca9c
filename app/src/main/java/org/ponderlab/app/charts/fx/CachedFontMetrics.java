package org.ponderlab.app.charts.fx;

import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.fx.FXFontMetrics;

/**
 * FXGraphics2D's JavaFX font metrics, with every string's bounds remembered ({@link
 * MeasuredStrings}).
 */
final class CachedFontMetrics extends FXFontMetrics {
  private final transient MeasuredStrings cache;

  CachedFontMetrics(Font font, Graphics2D g2, MeasuredStrings cache) {
    super(font, g2);
    this.cache = cache;
  }

  @Override
  public Rectangle2D getStringBounds(String str, Graphics context) {
    return cache.bounds(getFont(), str, s -> super.getStringBounds(s, context));
  }
}
