package org.ponderlab.app.charts.fx;

import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The bounds of strings already measured in a font, most recently used kept. JFreeChart measures
 * every tick label, title and legend item at every draw, and FXGraphics2D's metrics build a new
 * JavaFX {@code Text} node for each measurement: profiled on this window, that was more than half
 * of a chart's draw time on the FX thread. The labels repeat from one draw to the next ("0.25",
 * "iteration"), so a small cache removes nearly all of it. FX thread only, like the canvases.
 */
final class MeasuredStrings {
  static final int CAPACITY = 4096;

  private record Key(String family, int style, float size, String text) {}

  private final Map<Key, Rectangle2D> bounds =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Rectangle2D> eldest) {
          return size() > CAPACITY;
        }
      };
  private long measured;

  /** The bounds of {@code text} in {@code font}: from the cache, or measured once and kept. */
  Rectangle2D bounds(Font font, String text, Function<String, Rectangle2D> measure) {
    Key key = new Key(font.getFamily(), font.getStyle(), font.getSize2D(), text);
    Rectangle2D r = bounds.get(key);
    if (r == null) {
      r = measure.apply(text);
      measured++;
      bounds.put(key, r);
    }
    // callers may change the rectangle they get (JFreeChart moves text bounds around)
    return (Rectangle2D) r.clone();
  }

  /** How many strings were measured for real (not answered from the cache). */
  long measured() {
    return measured;
  }

  int size() {
    return bounds.size();
  }
}
