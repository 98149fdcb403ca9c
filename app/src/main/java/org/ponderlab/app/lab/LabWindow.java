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
 * visible tab's charts once when new snapshots arrived; the trainer never calls into the FX thread.
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
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private long lastPulse;

  /** Gaps longer than this are listed with what preceded them (measurement mode). */
  static final long LONG_GAP_NANOS = 100_000_000L;

  private final java.util.List<String> longGaps = new java.util.ArrayList<>();
  private String lastWork = "";
  private long lastWorkNanos;
  private ChartTab switchedTo;
  private long lastTick;
  private RunInspector inspector;
  private float[] inspectedParams;
  private InputView inputView;
  private final LessonsPanel lessons;
  private javafx.scene.Node highlighted;
  private javafx.scene.control.ToggleButton leftTop;

  /** Whether the lessons panel is shown (the transport's "Lessons" toggle). */
  private final BooleanProperty lessonsShown = new SimpleBooleanProperty();

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
    ponderMap.onInspect(this::inspectValidationInput);
    ponderMap.onOwnInput(this::inputView);
    root.setLeft(setup.node());
    lessons = new LessonsPanel(model, this::highlight);
    lessonsShown.addListener((o, was, now) -> root.setRight(now ? lessons.node() : null));
    root.setCenter(createCharts());
    // the lessons toggle at the status bar's right end: it takes no height from the setup or the
    // charts
    BorderPane bottom = new BorderPane(new StatusBarView(model).node());
    bottom.setRight(leftTop);
    BorderPane.setAlignment(leftTop, javafx.geometry.Pos.CENTER);
    BorderPane.setMargin(leftTop, new javafx.geometry.Insets(2, 10, 2, 4));
    root.setBottom(bottom);
    root.getStyleClass().add("lab");
    scene = new Scene(root, width, height);
    String css = Theme.stylesheet();
    if (css != null) {
      scene.getStylesheets().add(css);
    }
    // ControlsFX decorations may wrap the root in a decoration pane: keep the theme on whatever
    // root is there
    scene.rootProperty().addListener((o, was, now) -> applyTheme());
    installDecorationPane();
    dark.addListener(o -> applyTheme());
    presentation.addListener(o -> applyTheme());
    applyTheme();
    new KeyboardShortcuts(
            new KeyboardShortcuts.Actions() {
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
            })
        .install(scene);
    timer =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            tick(now);
          }
        };
  }

  private javafx.scene.Node createTransport() {
    javafx.scene.layout.HBox bar =
        new TransportView(model, setup.validation(), dark, presentation).node();
    runsMenu = new RunsMenu(model);
    bar.getChildren().add(0, runsMenu.node());
    javafx.scene.control.MenuItem addRun = new javafx.scene.control.MenuItem("Add run to Compare…");
    addRun.setId("addRunToCompare");
    addRun.setOnAction(
        e -> {
          java.io.File dir =
              runsMenu.choose(
                  "Add a run folder to the comparison", model.runsDirectoryProperty().get());
          if (dir != null) {
            compare.add(dir.toPath()).thenAccept(this::showCompare);
          }
        });
    javafx.scene.control.MenuItem addLive =
        new javafx.scene.control.MenuItem("Add this run to Compare");
    addLive.setId("addLiveToCompare");
    addLive.setOnAction(e -> showCompare(compare.addLive()));
    runsMenu.add(addRun, addLive);
    javafx.scene.control.ToggleButton lessonsToggle =
        new javafx.scene.control.ToggleButton("Lessons");
    lessonsToggle.setId("lessonsToggle");
    lessonsToggle.setTooltip(
        new javafx.scene.control.Tooltip(
            "Guided lessons: a setup, what to watch, and a claim the lab checks at the end"));
    lessonsToggle.selectedProperty().bindBidirectional(lessonsShown);
    leftTop = lessonsToggle;
    return bar;
  }

  private javafx.scene.Node createCharts() {
    for (ChartTab t : chartTabs) {
      tabs.getTabs().add(t.tab());
    }
    tabs.setId("charts");
    // a newly shown tab redraws at the next tick, after its first layout has sized the canvases
    // (redrawing here would draw once at the old size and again when the canvas is resized)
    tabs.getSelectionModel()
        .selectedIndexProperty()
        .addListener(
            o ->
                switchedTo =
                    chartTabs.get(Math.max(0, tabs.getSelectionModel().getSelectedIndex())));
    return tabs;
  }

  /**
   * Makes ControlsFX's decoration pane the scene's root now, while the window is built. Otherwise
   * the first field error (a validation decoration) makes it the root then: the whole window is
   * re-parented under it in one pulse (CSS and layout of every node), and for a moment a lookup
   * from another thread finds no node at all (a window test once failed on exactly that).
   */
  private void installDecorationPane() {
    org.controlsfx.control.decoration.Decoration none =
        new org.controlsfx.control.decoration.StyleClassDecoration("decoration-pane-installed");
    org.controlsfx.control.decoration.Decorator.addDecoration(root, none);
    org.controlsfx.control.decoration.Decorator.removeDecoration(root, none);
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
        String cause =
            lastWorkNanos >= lastPulse ? lastWork : "no window work (waiting for a CPU, or GC)";
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
      lastWork =
          String.format(
              java.util.Locale.ROOT,
              "a redraw of '%s' (%.0f ms)%s",
              selected.tab().getText(),
              wall / 1e6,
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

  /**
   * The inspector of the model the window shows now: one per trained parameter set (a new snapshot
   * brings new parameters, hence a new inspector); null before there is a model.
   */
  InputInspector currentInspector() {
    float[] params = model.trainedParameters();
    if (params == null || model.configInForce() == null) {
      return null;
    }
    if (params != inspectedParams) {
      if (inspector != null) {
        inspector.close();
      }
      inspector = new RunInspector(model.configInForce(), params);
      inspectedParams = params;
    }
    return inspector;
  }

  /**
   * The input view, opened (or brought to the front) for the shown model's task; null without a
   * model.
   */
  InputView inputView() {
    InputInspector now = currentInspector();
    if (now == null) {
      model.showError(
          "There is no trained model yet: press Play or Step (or open a run), then click an input.");
      return null;
    }
    if (inputView == null || !inputView.isShowing() || !inputView.task().equals(now.task())) {
      inputView = InputView.open(scene.getWindow(), this::currentInspector);
    } else {
      inputView.toFront();
    }
    return inputView;
  }

  /** Opens validation input {@code index} step by step (a click on a ponder map or a digit). */
  void inspectValidationInput(int index) {
    InputView view = inputView();
    if (view != null) {
      view.showValidation(index);
    }
  }

  /** Opens a lesson by name in the lessons panel (shown if hidden); an unknown name says so. */
  void openLesson(String name) {
    org.ponderlab.core.lesson.Lesson lesson;
    try {
      lesson = org.ponderlab.core.lesson.Lessons.get(name);
    } catch (org.ponderlab.core.train.ConfigException e) {
      model.showError("No lesson '" + name + "': " + e.reason());
      return;
    }
    lessonsShown.set(true);
    lessons.open(lesson);
  }

  /** Shows a lesson's chart: selects its tab and frames it (null: removes the frame). */
  void highlight(org.ponderlab.core.lesson.LessonChart chart) {
    if (highlighted != null) {
      highlighted.getStyleClass().remove("lesson-highlight");
      highlighted = null;
    }
    if (chart == null) {
      return;
    }
    ChartTab tab =
        switch (chart.tab()) {
          case "curves" -> curves;
          case "map" -> ponderMap;
          case "diagnostics" -> diagnostics;
          case "compare" -> compareTab;
          default -> halting;
        };
    tabs.getSelectionModel().select(tab.tab());
    highlighted = tab.highlightNode(chart.id());
    highlighted.getStyleClass().add("lesson-highlight");
  }

  /** The node a lesson frames now, or null. */
  javafx.scene.Node highlighted() {
    return highlighted;
  }

  LessonsPanel lessons() {
    return lessons;
  }

  /** The input view last opened, or null (tests). */
  InputView inputViewForTests() {
    return inputView;
  }

  CompareModel compare() {
    return compare;
  }

  /** Every tab of charts, in tab order. */
  List<ChartTab> chartTabs() {
    return chartTabs;
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
    if (inspector != null) {
      inspector.close();
    }
    model.stop();
  }

  /** Starts recording the gaps between pulses and the redraw times (measurement mode). */
  void measure() {
    pulseGaps = new PulseStats();
    redrawTimes = new PulseStats();
    redrawCpu = new PulseStats();
    lastPulse = 0;
  }

  /**
   * The chart redraw the window did since {@code nanos} (System.nanoTime), or "" (measurement
   * mode).
   */
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
