package org.ponderlab.app.charts.mnist;

import java.awt.image.BufferedImage;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.util.Duration;
import org.ponderlab.core.train.Snapshot;

/**
 * The window's node for a {@link DigitPonderMap}: the very picture the PNG export draws (rendered
 * with Java2D at the node's size, shown as an image, redrawn when the size or the snapshot
 * changes), and a tooltip with the hovered digit's p_n per step. FX thread only.
 */
public final class DigitPonderMapView extends Region {
  private final ImageView image = new ImageView();
  private final Tooltip tooltip = new Tooltip();
  private DigitPonderMap map;
  private DigitPonderMap.Layout layout;
  private DigitPonderMap.Cell hovered;
  private java.util.function.Consumer<org.ponderlab.core.train.PonderRow> onDigitClicked;

  /** What a click on a digit does. */
  public void setOnDigitClicked(
      java.util.function.Consumer<org.ponderlab.core.train.PonderRow> action) {
    onDigitClicked = action;
  }

  /** The cell at (x, y) in this node's coordinates, or null (for tests and clicks). */
  public DigitPonderMap.Cell cellAtPoint(double x, double y) {
    return cellAt(x, y);
  }

  public DigitPonderMapView() {
    getStyleClass().add("digit-ponder-map");
    getChildren().add(image);
    tooltip.setShowDelay(Duration.ZERO);
    tooltip.getStyleClass().add("digit-ponder-tooltip");
    tooltip.setFont(Font.font("monospace", 12)); // the p_n bars line up
    setOnMouseMoved(this::hover);
    setOnMouseClicked(
        e -> {
          DigitPonderMap.Cell cell = cellAt(e.getX(), e.getY());
          if (cell != null && onDigitClicked != null) {
            onDigitClicked.accept(cell.row());
          }
        });
    setOnMouseExited(
        e -> {
          hovered = null;
          tooltip.hide();
        });
  }

  /** Shows a snapshot's ponder rows. */
  public void show(Snapshot s) {
    show(DigitPonderMap.of(s));
  }

  public void show(DigitPonderMap newMap) {
    this.map = newMap;
    this.layout = null;
    requestLayout();
  }

  /** The picture shown, or null before the first {@link #show}. */
  public DigitPonderMap map() {
    return map;
  }

  /** The hover text at (x, y) in this node's coordinates, or null off the digits. */
  public String tooltipTextAt(double x, double y) {
    DigitPonderMap.Cell cell = cellAt(x, y);
    return cell == null ? null : DigitPonderMap.describe(cell.row());
  }

  private DigitPonderMap.Cell cellAt(double x, double y) {
    return layout == null ? null : layout.cellAt(x, y);
  }

  private void hover(MouseEvent e) {
    DigitPonderMap.Cell cell = cellAt(e.getX(), e.getY());
    if (cell == hovered) {
      return;
    }
    hovered = cell;
    if (cell == null) {
      tooltip.hide();
      return;
    }
    tooltip.setText(DigitPonderMap.describe(cell.row()));
    tooltip.show(this, e.getScreenX() + 14, e.getScreenY() + 14);
  }

  @Override
  protected void layoutChildren() {
    int w = (int) Math.floor(getWidth());
    int h = (int) Math.floor(getHeight());
    if (map == null || w < 50 || h < 50) {
      image.setImage(null);
      layout = null;
      return;
    }
    if (layout == null || layout.width() != w || layout.height() != h) {
      BufferedImage picture = map.render(w, h);
      image.setImage(SwingFXUtils.toFXImage(picture, null));
      layout = map.layout(w, h);
    }
    image.relocate(0, 0);
  }

  @Override
  protected double computePrefWidth(double height) {
    return 960;
  }

  @Override
  protected double computePrefHeight(double width) {
    return 420;
  }
}
