package org.ponderlab.app.lab;

import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import org.ponderlab.app.charts.ChartStyle;

/**
 * The lab window: setup on the left, transport on top, chart tabs in the centre, status at the
 * bottom. An {@link AnimationTimer} polls the model at most 20 times a second and redraws the
 * visible tab's charts once when new snapshots arrived; the trainer never calls into the FX
 * thread.
 */
public final class LabWindow {
  /** The timer polls the model and redraws at most this often (20 Hz). */
  static final long TICK_NANOS = 50_000_000L;

  private final LabModel model;
  private final BooleanProperty dark = new SimpleBooleanProperty();
  private final BooleanProperty presentation = new SimpleBooleanProperty();
  private final BorderPane root = new BorderPane();
  private final Scene scene;
  private final TabPane tabs = new TabPane();
  private final HaltingTab halting;
  private final CurvesTab curves;
  private final PonderMapTab ponderMap;
  private final DiagnosticsTab diagnostics;
  private final CompareModel compare;
  private CompareTab compareTab;
  private final List<ChartTab> chartTabs;
  private final SetupView setup;
  private RunsMenu runsMenu;
  private final AnimationTimer timer;
  private PulseStats pulseGaps;
  private PulseStats redrawTimes;
  private PulseStats redrawCpu;
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
  private long lastPulse;
  /** Gaps longer than this are listed with what preceded them (measurement mode). */
  static final long LONG_GAP_NANOS = 100_000_000L;
  private final java.util.List<String> longGaps = new java.util.ArrayList<>();
  private String lastWork = "";
  private long lastWorkNanos;
  private ChartTab switchedTo;
  private long lastTick;

  public LabWindow(LabModel model, double width, double height) {
    this.model = model;
    ChartStyle style = ChartStyle.LIGHT;
    halting = new HaltingTab(model, style);
    curves = new CurvesTab(model, style);
    ponderMap = new PonderMapTab(model, style);
    diagnostics = new DiagnosticsTab(model, style);
    compare = new CompareModel(model);
    setup = new SetupView(model);
    root.setTop(createTransport());
    compareTab = new CompareTab(model, compare, style, runsMenu);
    chartTabs = List.of(halting, curves, ponderMap, diagnostics, compareTab);
    for (ChartTab t : chartTabs) {
      t.onOpenLesson(this::openLesson);
    }
    root.setLeft(setup.node());
    root.setCenter(createCharts());
    root.setBottom(new StatusBarView(model).node());
    root.getStyleClass().add("lab");
    scene = new Scene(root, width, height);
    String css = Theme.stylesheet();
    if (css != null) {
      scene.getStylesheets().add(css);
    }
    // ControlsFX decorations may wrap the root in a decoration pane: keep the theme on whatever root is there
    scene.rootProperty().addListener((o, was, now) -> applyTheme());
    dark.addListener(o -> applyTheme());
    presentation.addListener(o -> applyTheme());
    applyTheme();
    new KeyboardShortcuts(new KeyboardShortcuts.Actions() {
      @Override
      public void togglePlay() {
        model.togglePlay();
      }

      @Override
      public void step() {
        model.step();
      }

      @Override
      public void reset() {
        model.reset();
      }

      @Override
      public void openRun() {
        runsMenu.openRunDialog();
      }

      @Override
      public void help() {
        HelpWindow.open(scene.getWindow(), LabWindow.this::openLesson);
      }
    }).install(scene);
    timer = new AnimationTimer() {
      @Override
      public void handle(long now) {
        tick(now);
      }
    };
  }

  private javafx.scene.Node createTransport() {
    javafx.scene.layout.HBox bar = new TransportView(model, setup.validation(), dark, presentation).node();
    runsMenu = new RunsMenu(model);
    bar.getChildren().add(0, runsMenu.node());
    javafx.scene.control.MenuItem addRun = new javafx.scene.control.MenuItem("Add run to Compare…");
    addRun.setId("addRunToCompare");
    addRun.setOnAction(e -> {
      java.io.File dir = runsMenu.choose("Add a run folder to the comparison", model.runsDirectoryProperty().get());
      if (dir != null) {
        compare.add(dir.toPath()).thenAccept(this::showCompare);
      }
    });
    javafx.scene.control.MenuItem addLive = new javafx.scene.control.MenuItem("Add this run to Compare");
    addLive.setId("addLiveToCompare");
    addLive.setOnAction(e -> showCompare(compare.addLive()));
    runsMenu.add(addRun, addLive);
    return bar;
  }

  private javafx.scene.Node createCharts() {
    for (ChartTab t : chartTabs) {
      tabs.getTabs().add(t.tab());
    }
    tabs.setId("charts");
    // a newly shown tab redraws at the next tick, after its first layout has sized the canvases
    // (redrawing here would draw once at the old size and again when the canvas is resized)
    tabs.getSelectionModel().selectedIndexProperty().addListener(o ->
        switchedTo = chartTabs.get(Math.max(0, tabs.getSelectionModel().getSelectedIndex())));
    return tabs;
  }

  private void applyTheme() {
    Parent r = scene.getRoot();
    Theme.apply(r, dark.get(), presentation.get());
    if (r != root) {
      Theme.apply(root, dark.get(), presentation.get());
    }
    ChartStyle style = new ChartStyle(dark.get(), presentation.get());
    for (ChartTab t : chartTabs) {
      t.restyle(style);
    }
  }

  /** One animation pulse: record its timing, and every {@link #TICK_NANOS} poll and redraw. */
  private void tick(long now) {
    if (pulseGaps != null && lastPulse != 0) {
      long gap = now - lastPulse;
      pulseGaps.add(gap);
      if (gap > LONG_GAP_NANOS) {
        // what the window itself did just before: a chart redraw, a tab switch, or nothing
        String cause = lastWorkNanos >= lastPulse ? lastWork : "no window work (waiting for a CPU, or GC)";
        longGaps.add(String.format(java.util.Locale.ROOT, "%.0f ms after %s", gap / 1e6, cause));
      }
    }
    lastPulse = now;
    if (now - lastTick < TICK_NANOS) {
      return;
    }
    lastTick = now;
    model.poll(now);
    refreshVisible();
  }

  /** Redraws the selected tab's charts if their data changed (at most once per tick). */
  void refreshVisible() {
    ChartTab selected = chartTabs.get(Math.max(0, tabs.getSelectionModel().getSelectedIndex()));
    long t0 = System.nanoTime();
    long cpu0 = redrawTimes == null ? 0 : THREADS.getCurrentThreadCpuTime();
    boolean drew = selected.refreshIfNeeded();
    if (drew && redrawTimes != null) {
      long wall = System.nanoTime() - t0;
      redrawTimes.add(wall);
      redrawCpu.add(THREADS.getCurrentThreadCpuTime() - cpu0);
      lastWork = String.format(java.util.Locale.ROOT, "a redraw of '%s' (%.0f ms)%s", selected.tab().getText(), wall / 1e6,
          selected == switchedTo ? " just after switching to it" : "");
      lastWorkNanos = System.nanoTime();
      switchedTo = null;
    }
  }

  /** Shows the Compare tab after adding to it, or the reason nothing was added. */
  private void showCompare(String problem) {
    if (problem != null) {
      model.showError(problem);
    } else {
      tabs.getSelectionModel().select(compareTab.tab());
    }
  }

  /** Opens a lesson by name (the lessons panel; wired once it exists). */
  void openLesson(String name) {
    model.showError("Lessons are not available in this build yet: " + name);
  }

  CompareModel compare() {
    return compare;
  }

  CompareTab compareTab() {
    return compareTab;
  }

  public Scene scene() {
    return scene;
  }

  public void start() {
    timer.start();
  }

  public void stop() {
    timer.stop();
    model.stop();
  }

  /** Starts recording the gaps between pulses and the redraw times (measurement mode). */
  void measure() {
    pulseGaps = new PulseStats();
    redrawTimes = new PulseStats();
    redrawCpu = new PulseStats();
    lastPulse = 0;
  }

  /** The chart redraw the window did since {@code nanos} (System.nanoTime), or "" (measurement mode). */
  String workSince(long nanos) {
    return lastWorkNanos >= nanos ? lastWork : "";
  }

  /** The gaps over 100 ms, each with what the window did just before it. */
  java.util.List<String> longGaps() {
    return longGaps;
  }

  PulseStats pulseGaps() {
    return pulseGaps;
  }

  PulseStats redrawTimes() {
    return redrawTimes;
  }

  /** CPU time of the FX thread per redraw (wall time minus waiting for the CPU). */
  PulseStats redrawCpu() {
    return redrawCpu;
  }

  SetupView setup() {
    return setup;
  }

  public LabModel model() {
    return model;
  }

  BooleanProperty darkProperty() {
    return dark;
  }

  BooleanProperty presentationProperty() {
    return presentation;
  }

  TabPane tabs() {
    return tabs;
  }

  HaltingTab haltingTab() {
    return halting;
  }

  CurvesTab curvesTab() {
    return curves;
  }

  PonderMapTab ponderMapTab() {
    return ponderMap;
  }

  DiagnosticsTab diagnosticsTab() {
    return diagnostics;
  }
}
