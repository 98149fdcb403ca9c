package org.ponderlab.app.charts.mnist;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ponderlab.app.charts.StepMeasure;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.Snapshot;

/**
 * The MNIST ponder map: the evaluation's test digits (their real pixels, grey scale), ranked by a
 * per-input {@link StepMeasure} — by default the expected step E[n] = Σ n·p_n, deterministic, since
 * one sampled halting step is noise — most steps first (top left), each badged with that value in
 * the {@link StepColors} scale; a misclassified digit has a red frame and its "label→ prediction"
 * written under it. A legend below explains colours and frames.
 *
 * <p>The colours span the halting steps present in the picture (fewest dark, most bright), not
 * 1..N: a trained PonderNet often halts every digit within two or three neighbouring steps, and on
 * a 1..N scale those would all look alike. The legend shows that range and N.
 *
 * <p>Plain Java2D: {@link #paint} draws into any {@link Graphics2D}, so the same picture goes to a
 * PNG ({@link #render}, {@link #writePng}, headless) and to the window ({@link DigitPonderMapView}
 * draws it on a canvas). {@link #layout} says where every digit and badge lands, for hit tests.
 */
public final class DigitPonderMap {
  /** Frame colour of a misclassified digit. */
  public static final Color MISCLASSIFIED = new Color(222, 24, 24);

  /** Frame colour of a correctly classified digit. */
  static final Color CORRECT_FRAME = new Color(200, 200, 200);

  static final Color BACKGROUND = Color.WHITE;
  private static final int MARGIN = 12;
  private static final int HEADER = 48;
  private static final int LEGEND = 44;

  private final List<PonderRow> rows;
  private final int maxSteps;
  private final String subtitle;
  private final BufferedImage[] digits;
  private final StepMeasure measure;
  private final double[] values;
  private final double lowStep;
  private final double highStep;

  /** The map ranked by the expected step E[n]. */
  public DigitPonderMap(List<PonderRow> rows, int maxSteps, String subtitle) {
    this(rows, maxSteps, subtitle, StepMeasure.expected());
  }

  /**
   * @param rows the digits (any order; shown sorted by the measure, most first, then by expected
   *     step Σ n·p_n, then by index)
   * @param maxSteps N
   * @param subtitle the second title line (run, iteration, rule)
   * @param measure what ranks and badges the digits
   */
  public DigitPonderMap(List<PonderRow> rows, int maxSteps, String subtitle, StepMeasure measure) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps " + maxSteps + " must be positive");
    }
    this.maxSteps = maxSteps;
    this.subtitle = subtitle;
    this.measure = measure;
    List<PonderRow> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparingDouble(measure::of)
            .reversed()
            .thenComparing(Comparator.comparingDouble(PonderRow::expectedStep).reversed())
            .thenComparingInt(PonderRow::index));
    this.rows = List.copyOf(sorted);
    this.values = sorted.stream().mapToDouble(measure::of).toArray();
    this.lowStep = java.util.Arrays.stream(values).min().orElse(1);
    this.highStep = java.util.Arrays.stream(values).max().orElse(maxSteps);
    this.digits = new BufferedImage[sorted.size()];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = greyImage(sorted.get(i).input());
    }
  }

  /** The map of a snapshot's ponder rows, ranked by E[n]. */
  public static DigitPonderMap of(Snapshot s) {
    return of(s, StepMeasure.expected());
  }

  /** The map of a snapshot's ponder rows, ranked by {@code measure}. */
  public static DigitPonderMap of(Snapshot s, StepMeasure measure) {
    return new DigitPonderMap(
        s.ponderRows(),
        s.steps(),
        String.format(
            Locale.ROOT,
            "iteration %d, rule %s: accuracy %.1f%%, mean steps %.2f of %d",
            s.iteration(),
            s.rule(),
            100 * s.accuracy(),
            s.meanSteps(),
            s.steps()),
        measure);
  }

  /** What ranks and badges the digits. */
  public StepMeasure measure() {
    return measure;
  }

  /** The measure of each row, in display order. */
  public double valueOf(int displayIndex) {
    return values[displayIndex];
  }

  /** The rows in display order (most steps by the measure first). */
  public List<PonderRow> rows() {
    return rows;
  }

  public int maxSteps() {
    return maxSteps;
  }

  /** The colour of a value of the measure in this picture (lowest dark, highest bright). */
  public Color stepColor(double step) {
    double t = highStep <= lowStep ? 0 : (step - lowStep) / (highStep - lowStep);
    return StepColors.of(1 + t * 1000, 1, 1001);
  }

  /**
   * Where one digit lands: its image square and its step badge (inside the square's top-right
   * corner), in the coordinates of a {@link #paint} call of the layout's size.
   */
  public record Cell(PonderRow row, Rectangle digit, Rectangle badge) {
    public boolean misclassified() {
      return row.prediction() != row.label();
    }
  }

  /** Every cell of a picture of the given size, in display order, and the legend's strip. */
  public record Layout(int width, int height, int columns, List<Cell> cells, Rectangle legend) {
    /** The cell whose digit square contains (x, y), or null. */
    public Cell cellAt(double x, double y) {
      for (Cell c : cells) {
        if (c.digit().contains(x, y)) {
          return c;
        }
      }
      return null;
    }
  }

  /** Lays the digits out in the grid of columns that makes them largest. */
  public Layout layout(int width, int height) {
    int gridX = MARGIN;
    int gridY = MARGIN + HEADER;
    int gridW = Math.max(1, width - 2 * MARGIN);
    int gridH = Math.max(1, height - 2 * MARGIN - HEADER - LEGEND);
    int n = rows.size();
    int columns = 1;
    double best = -1;
    for (int c = 1; c <= Math.max(1, n); c++) {
      int r = (n + c - 1) / c;
      double size = Math.min((double) gridW / c, (double) gridH / Math.max(1, r));
      if (size > best) {
        best = size;
        columns = c;
      }
    }
    int cell = (int) Math.floor(best);
    int pad = Math.max(2, cell / 14);
    int side = Math.max(1, cell - 2 * pad);
    int badge = Math.max(12, (int) Math.round(side * 0.34));
    int badgeWidth =
        measure.fractional() ? Math.min(side - 2, (int) Math.round(badge * 1.6)) : badge;
    int used = columns * cell;
    int left = gridX + (gridW - used) / 2;
    List<Cell> cells = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int x = left + (i % columns) * cell + pad;
      int y = gridY + (i / columns) * cell + pad;
      Rectangle digit = new Rectangle(x, y, side, side);
      Rectangle mark = new Rectangle(x + side - badgeWidth - 1, y + 1, badgeWidth, badge);
      cells.add(new Cell(rows.get(i), digit, mark));
    }
    int rowsUsed = (n + columns - 1) / columns;
    int legendY = Math.min(gridY + rowsUsed * cell + 6, height - MARGIN - LEGEND);
    return new Layout(
        width, height, columns, List.copyOf(cells), new Rectangle(MARGIN, legendY, gridW, LEGEND));
  }

  /** Draws the whole picture (title, digits, badges, frames, legend) into a width × height area. */
  public void paint(Graphics2D g, int width, int height) {
    Layout layout = layout(width, height);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, width, height);
    paintHeader(g);
    for (int i = 0; i < layout.cells().size(); i++) {
      paintCell(g, layout.cells().get(i), digits[i], values[i]);
    }
    paintLegend(g, layout.legend());
  }

  private void paintHeader(Graphics2D g) {
    long wrong = rows.stream().filter(r -> r.prediction() != r.label()).count();
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(
        String.format(
            Locale.ROOT,
            "%d test digits ranked by %s, most first (%d misclassified)",
            rows.size(),
            measure.label(),
            wrong),
        MARGIN,
        MARGIN + 16);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.DARK_GRAY);
    g.drawString(subtitle, MARGIN, MARGIN + 36);
  }

  private void paintCell(Graphics2D g, Cell cell, BufferedImage digit, double value) {
    Rectangle d = cell.digit();
    Object interpolation = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.drawImage(digit, d.x, d.y, d.width, d.height, null);
    if (interpolation != null) {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
    }
    PonderRow row = cell.row();
    boolean wrong = cell.misclassified();
    float frame = wrong ? Math.max(3f, d.width / 16f) : 1f;
    g.setStroke(new BasicStroke(frame));
    g.setColor(wrong ? MISCLASSIFIED : CORRECT_FRAME);
    g.drawRect(d.x, d.y, d.width, d.height);
    Rectangle b = cell.badge();
    Color step = stepColor(value);
    g.setColor(step);
    g.fillRoundRect(b.x, b.y, b.width, b.height, b.height / 3, b.height / 3);
    g.setColor(StepColors.textOn(step));
    g.setFont(
        new Font(
            Font.SANS_SERIF,
            Font.BOLD,
            Math.max(9, (int) (b.height * (measure.fractional() ? 0.6 : 0.68)))));
    centered(g, measure.format(value), b);
    if (wrong) {
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, d.height / 5)));
      FontMetrics fm = g.getFontMetrics();
      String text = row.label() + "→" + row.prediction();
      int tw = fm.stringWidth(text);
      int th = fm.getAscent();
      g.setColor(MISCLASSIFIED);
      g.fillRect(d.x, d.y + d.height - th - 2, tw + 6, th + 2);
      g.setColor(Color.WHITE);
      g.drawString(text, d.x + 3, d.y + d.height - 3);
    }
    g.setStroke(new BasicStroke(1f));
  }

  private void paintLegend(Graphics2D g, Rectangle legend) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int y = legend.y + 6;
    int x = legend.x;
    g.setColor(Color.BLACK);
    String lead = measure.fractional() ? "E[n]:" : "step:";
    g.drawString(lead, x, y + 14);
    x += fm.stringWidth(lead) + 8;
    int box = 20;
    int swatches =
        measure.fractional() ? 6 : (int) Math.min(20, Math.round(highStep - lowStep) + 1);
    int wide = measure.fractional() ? 30 : box;
    for (int i = 0; i < swatches; i++) {
      double v = swatches == 1 ? lowStep : lowStep + (highStep - lowStep) * i / (swatches - 1);
      Color c = stepColor(v);
      g.setColor(c);
      g.fillRoundRect(x, y, wide, box, 6, 6);
      g.setColor(StepColors.textOn(c));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
      centered(g, measure.format(v), new Rectangle(x, y, wide, box));
      x += wide + 3;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    String of = "of N = " + maxSteps;
    g.drawString(of, x + 2, y + 14);
    x += fm.stringWidth(of) + 24;
    g.setStroke(new BasicStroke(3f));
    g.setColor(MISCLASSIFIED);
    g.drawRect(x, y + 1, box - 2, box - 2);
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.BLACK);
    g.drawString("misclassified (label→prediction)", x + box + 6, y + 14);
    g.setColor(Color.DARK_GRAY);
    g.drawString(
        "badge = "
            + measure.label()
            + "; most first; hover a digit for its p_n, click it to step through it",
        legend.x,
        y + box + 16);
  }

  private static void centered(Graphics2D g, String text, Rectangle r) {
    FontMetrics fm = g.getFontMetrics();
    int x = r.x + (r.width - fm.stringWidth(text)) / 2;
    int y = r.y + (r.height - fm.getHeight()) / 2 + fm.getAscent();
    g.drawString(text, x, y);
  }

  /** A grey picture of a square image with values in [0, 1]: ink (1) dark on white (0). */
  static BufferedImage greyImage(float[] pixels) {
    int side = (int) Math.round(Math.sqrt(pixels.length));
    if (side * side != pixels.length) {
      throw new IllegalArgumentException("not a square image: " + pixels.length + " values");
    }
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        float v = Math.max(0f, Math.min(1f, pixels[y * side + x]));
        int grey = Math.round(255 * (1 - v));
        img.setRGB(x, y, (grey << 16) | (grey << 8) | grey);
      }
    }
    return img;
  }

  /** The picture as an image (headless). */
  public BufferedImage render(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      paint(g, width, height);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Renders and writes a PNG (parent folders created). */
  public void writePng(Path file, int width, int height) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    ImageIO.write(render(width, height), "png", file.toFile());
  }

  /**
   * The hover text of a digit: its label and prediction, halting step, and p_n per step as a little
   * bar chart in text.
   */
  public static String describe(PonderRow row) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "digit %d (test image #%d): predicted %d %s%n",
            row.label(),
            row.index(),
            row.prediction(),
            row.prediction() == row.label() ? "(right)" : "(WRONG)"));
    b.append(
        String.format(
            Locale.ROOT,
            "E[n] = Σ n·p_n = %.2f; the rule halted it at step %d%n",
            row.expectedStep(),
            row.haltStep()));
    double[] p = row.haltingProb();
    for (int n = 1; n <= p.length; n++) {
      int bar = (int) Math.round(p[n - 1] * 30);
      b.append(
          String.format(
              Locale.ROOT,
              "p_%-2d %.3f %s%s%n",
              n,
              p[n - 1],
              "█".repeat(bar),
              n == row.haltStep() ? "  ← halted" : ""));
    }
    return b.toString().stripTrailing();
  }
}
