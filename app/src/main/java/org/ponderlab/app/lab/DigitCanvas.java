package org.ponderlab.app.lab;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;

/**
 * A 28×28 canvas to draw a digit on with the mouse: values in [0, 1] (1 = ink), as the MNIST task's
 * inputs, shown dark on white like the digit map. A soft round brush about two pixels wide, as
 * MNIST strokes are. {@link #stroke} is the brush in pixel coordinates, so tests and the mouse draw
 * alike.
 */
final class DigitCanvas extends Canvas {
  static final int SIDE = 28;
  private final float[] ink = new float[SIDE * SIDE];
  private final double cell;
  private Runnable onChange = () -> {};

  /**
   * Where the mouse was at the last press or drag (pixel units): a fast drag is joined by a line,
   * not dotted.
   */
  private double lastX;

  private double lastY;

  DigitCanvas(double cellSize) {
    super(SIDE * cellSize, SIDE * cellSize);
    this.cell = cellSize;
    setId("digitCanvas");
    addEventHandler(
        MouseEvent.MOUSE_PRESSED,
        e -> {
          lastX = e.getX() / cell;
          lastY = e.getY() / cell;
          stroke(lastX, lastY);
        });
    addEventHandler(
        MouseEvent.MOUSE_DRAGGED,
        e -> {
          double x = e.getX() / cell;
          double y = e.getY() / cell;
          line(lastX, lastY, x, y);
          lastX = x;
          lastY = y;
        });
    redraw();
  }

  /** Called after every change of the picture. */
  void setOnChange(Runnable r) {
    onChange = r;
  }

  /** Inks the brush centred at (x, y) in pixel units (0..28). */
  void stroke(double x, double y) {
    ink(x, y);
    redraw();
    onChange.run();
  }

  private void ink(double x, double y) {
    for (int py = (int) Math.floor(y - 2); py <= (int) Math.ceil(y + 2); py++) {
      for (int px = (int) Math.floor(x - 2); px <= (int) Math.ceil(x + 2); px++) {
        if (px < 0 || py < 0 || px >= SIDE || py >= SIDE) {
          continue;
        }
        double d = Math.hypot(px + 0.5 - x, py + 0.5 - y);
        float v = (float) Math.max(0, Math.min(1, 1.6 - d / 1.1));
        int i = py * SIDE + px;
        ink[i] = Math.max(ink[i], v);
      }
    }
  }

  /** Draws a straight line of strokes from (x0, y0) to (x1, y1), pixel units. */
  void line(double x0, double y0, double x1, double y1) {
    int n = (int) Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
    for (int k = 0; k <= n; k++) {
      ink(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n);
    }
    redraw();
    onChange.run();
  }

  void clear() {
    java.util.Arrays.fill(ink, 0);
    redraw();
    onChange.run();
  }

  /** Sets the picture (784 values in [0, 1]), e.g. a validation digit. */
  void setPixels(float[] pixels) {
    for (int i = 0; i < ink.length; i++) {
      ink[i] = Math.max(0, Math.min(1, pixels[i]));
    }
    redraw();
  }

  /** The picture as the task's input: 784 values, row-major. */
  float[] pixels() {
    return ink.clone();
  }

  boolean isBlank() {
    for (float v : ink) {
      if (v > 0) {
        return false;
      }
    }
    return true;
  }

  private void redraw() {
    GraphicsContext g = getGraphicsContext2D();
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double grey = 1 - ink[y * SIDE + x];
        g.setFill(Color.gray(grey));
        g.fillRect(x * cell, y * cell, cell, cell);
      }
    }
    g.setStroke(Color.gray(0.7));
    g.strokeRect(0.5, 0.5, getWidth() - 1, getHeight() - 1);
  }
}
