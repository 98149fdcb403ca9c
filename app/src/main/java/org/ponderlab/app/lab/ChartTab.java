package org.ponderlab.app.lab;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.control.Button;
import javafx.scene.control.Tab;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.ponderlab.app.charts.ChartStyle;

/**
 * One tab of charts. The window's timer asks the visible tab to {@link #refreshIfNeeded()}: it
 * redraws only when the history moved or a control of its own changed, so each chart is redrawn at
 * most once per timer tick.
 */
abstract class ChartTab {
  protected final LabModel model;
  protected final Tab tab;
  private long drawnVersion = -1;
  private boolean dirty = true;
  private ChartStyle pendingStyle;

  /**
   * What a help window's lesson link does (the window's lessons panel), or null before it is wired.
   */
  private java.util.function.Consumer<String> openLesson;

  ChartTab(LabModel model, String title, String id) {
    this.model = model;
    this.tab = new Tab(title);
    this.tab.setId(id);
    this.tab.setClosable(false);
  }

  Tab tab() {
    return tab;
  }

  /**
   * The node a lesson frames when it points at chart {@code chartId} (by default the whole tab).
   */
  javafx.scene.Node highlightNode(String chartId) {
    return tab.getContent();
  }

  /** Wires the lesson links of this tab's "?" windows. */
  final void onOpenLesson(java.util.function.Consumer<String> opener) {
    this.openLesson = opener;
  }

  /** The "?" of one of this tab's charts ({@link ChartHelpView}). */
  final Button helpButton(String chartId) {
    return ChartHelpView.button(
        chartId,
        name -> {
          if (openLesson != null) {
            openLesson.accept(name);
          }
        });
  }

  /**
   * Restyles the tab's charts: at once if the tab is showing, else when it is next shown (a hidden
   * chart restyled now would be drawn for nobody).
   */
  final void restyle(ChartStyle style) {
    pendingStyle = style;
    dirty = true;
    if (tab.isSelected()) {
      refreshIfNeeded();
    }
  }

  /** Redraws if the snapshot history changed since the last redraw or the tab was invalidated. */
  final boolean refreshIfNeeded() {
    if (pendingStyle != null) {
      setStyle(pendingStyle);
      pendingStyle = null;
    }
    long v = dataVersion();
    if (v == drawnVersion && !dirty) {
      return false;
    }
    drawnVersion = v;
    dirty = false;
    redraw();
    return true;
  }

  /** Moves whenever what the tab draws changed: by default the window run's history. */
  protected long dataVersion() {
    return model.historyVersionProperty().get();
  }

  /** Asks for a redraw at the next timer tick (a slider moved, a checkbox changed). */
  final void invalidate() {
    dirty = true;
  }

  protected abstract void redraw();

  abstract void setStyle(ChartStyle style);

  /** The tab's charts, for saving. */
  abstract List<JFreeChart> charts();

  /**
   * A viewer without tooltips (the charts have hover lines of their own). The canvas still makes a
   * new rendering info with an entity collection at every draw; the ponder map's renderer adds no
   * entity per cell.
   */
  static ChartViewer viewer(JFreeChart chart) {
    ChartViewer viewer = org.ponderlab.app.charts.fx.ChartCanvases.viewer(chart);
    viewer.getCanvas().setTooltipEnabled(false);
    return viewer;
  }

  /**
   * A "Save PNG…" button: the chart at the viewer's size with the same renderer, written in the
   * background.
   */
  final Button saveButton(ChartViewer viewer, String fileName) {
    Button save = new Button("Save PNG…");
    save.setOnAction(
        e -> {
          FileChooser chooser = new FileChooser();
          chooser.setTitle("Save chart as PNG");
          chooser.setInitialFileName(fileName);
          chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
          File file = chooser.showSaveDialog(viewer.getScene().getWindow());
          if (file != null) {
            saveInBackground(viewer, file, model);
          }
        });
    return save;
  }

  /** A "Save SVG…" button: the chart as SVG at the viewer's size, written in the background. */
  final Button saveSvgButton(ChartViewer viewer, String fileName) {
    Button save = new Button("Save SVG…");
    save.setOnAction(
        e -> {
          FileChooser chooser = new FileChooser();
          chooser.setTitle("Save chart as SVG");
          chooser.setInitialFileName(fileName.replaceAll("\\.png$", ".svg"));
          chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("SVG image", "*.svg"));
          File file = chooser.showSaveDialog(viewer.getScene().getWindow());
          if (file != null) {
            saveInBackground(viewer, file, model);
          }
        });
    return save;
  }

  /** "Save PNG…" and "Save SVG…" for one chart, side by side. */
  final javafx.scene.layout.HBox saveButtons(ChartViewer viewer, String fileName) {
    javafx.scene.layout.HBox box =
        new javafx.scene.layout.HBox(
            4, saveButton(viewer, fileName), saveSvgButton(viewer, fileName));
    box.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
    return box;
  }

  /**
   * Saves the viewer's chart as PNG or SVG (by the file's extension) at the viewer's size: drawn
   * here, on the FX thread that also draws it on screen (a chart is not safe to draw from two
   * threads), then encoded and written in the background; the status bar says when it is saved.
   */
  static void saveInBackground(ChartViewer viewer, File file, LabModel model) {
    int w = (int) Math.max(640, viewer.getWidth());
    int h = (int) Math.max(400, viewer.getHeight());
    Callable<File> write;
    if (file.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
      org.jfree.svg.SVGGraphics2D g2 = new org.jfree.svg.SVGGraphics2D(w, h);
      viewer.getChart().draw(g2, new java.awt.Rectangle(0, 0, w, h));
      String document = g2.getSVGElement();
      write =
          () -> {
            org.jfree.svg.SVGUtils.writeToSVG(file, document);
            return file;
          };
    } else {
      BufferedImage image = viewer.getChart().createBufferedImage(w, h);
      write =
          () -> {
            if (!ImageIO.write(image, "png", file)) {
              throw new IOException("no PNG writer");
            }
            return file;
          };
    }
    model
        .work()
        .run(
            "Saving " + file.getName() + "…",
            write,
            saved -> model.statusLine().say("Saved " + saved + "."),
            e -> model.showError("Could not write " + file + ": " + e.getMessage()));
  }
}
