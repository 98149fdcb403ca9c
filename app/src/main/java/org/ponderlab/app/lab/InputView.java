package org.ponderlab.app.lab;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.jfree.chart.fx.ChartViewer;
import org.ponderlab.app.charts.ChartStyle;
import org.ponderlab.app.charts.InputStepsChart;

/**
 * One input, step by step: for n = 1 … N, λ_n, p_n, the cumulative halting probability, ŷ_n with
 * its confidence, and where each rule stops, revealed one step at a time (Play / Step / Restart).
 * The input comes from a click on a ponder map or the digit map, or is entered here: a typed parity
 * vector or C-PVR list, or a digit drawn on a 28×28 canvas. The numbers are computed by an {@link
 * InputInspector} off the FX thread; they come back to the FX thread in {@link #apply} only.
 */
final class InputView {
  /** Steps revealed per second while playing. */
  static final double STEPS_PER_SECOND = 2.5;

  private final java.util.function.Supplier<InputInspector> inspectors;
  private final String task;
  private final InputStepsChart chart = new InputStepsChart(ChartStyle.LIGHT);
  private final ChartViewer viewer = ChartTab.viewer(chart.chart());
  private final BorderPane root = new BorderPane();
  private final Label what =
      new Label("Choose an input: click one in a ponder map, or enter one here.");
  private final Label message = new Label();
  private final GridPane table = new GridPane();
  private final Timeline player =
      new Timeline(new KeyFrame(Duration.seconds(1 / STEPS_PER_SECOND), e -> advance()));
  private DigitCanvas canvas;
  private Inspected shown;
  private int upTo;

  /**
   * @param inspectors the inspector of the model shown now (asked at every request: training may
   *     have moved on since the view opened); never null for the view's first use
   */
  InputView(java.util.function.Supplier<InputInspector> inspectors) {
    this.inspectors = inspectors;
    InputInspector first = inspectors.get();
    this.task = first.task();
    root.setId("inputView");
    root.setTop(createInput());
    root.setCenter(viewer);
    viewer.setPrefSize(620, 360);
    root.setRight(createTable());
    root.setBottom(createTransport());
    player.setCycleCount(Timeline.INDEFINITE);
  }

  /** Opens the view in a window of its own. */
  static InputView open(Window owner, java.util.function.Supplier<InputInspector> inspectors) {
    InputView view = new InputView(inspectors);
    Stage stage = new Stage();
    if (owner != null) {
      stage.initOwner(owner);
    }
    stage.setTitle("One input, step by step");
    Scene scene = new Scene(view.root, 1120, 640);
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().addAll(owner.getScene().getStylesheets());
    }
    stage.setScene(scene);
    stage.setOnHidden(e -> view.player.stop());
    stage.show();
    return view;
  }

  private Node createInput() {
    what.setId("inputWhat");
    what.setWrapText(true);
    message.setId("inputMessage");
    message.getStyleClass().add("field-error");
    HBox editor = new HBox(8);
    editor.setPadding(new Insets(8));
    InputInspector inspector = inspectors.get();
    if (task.equals("mnist")) {
      canvas = new DigitCanvas(6);
      Button inspect = new Button("Inspect the drawing");
      inspect.setId("inspectDrawing");
      inspect.setOnAction(
          e -> {
            if (canvas.isBlank()) {
              message.setText("Draw a digit first (drag the mouse on the square).");
            } else {
              request(i -> i.drawn(canvas.pixels()));
            }
          });
      Button clear = new Button("Clear");
      clear.setId("clearDrawing");
      clear.setOnAction(e -> canvas.clear());
      editor.getChildren().addAll(canvas, new VBox(6, new Label("Draw a digit:"), inspect, clear));
    } else {
      TextField typed = new TextField();
      typed.setId("inputText");
      typed.setPromptText(inspector.typedExample());
      typed.setPrefColumnCount(36);
      Button inspect = new Button("Inspect");
      inspect.setId("inspectTyped");
      inspect.setDefaultButton(true);
      inspect.setOnAction(e -> request(i -> i.typed(typed.getText())));
      editor
          .getChildren()
          .addAll(new Label(task.equals("cpvr") ? "Your list:" : "Your input:"), typed, inspect);
    }
    VBox top = new VBox(4, editor, what, message);
    top.setPadding(new Insets(4, 8, 4, 8));
    return top;
  }

  private Node createTable() {
    table.setId("stepTable");
    table.setHgap(10);
    table.setVgap(2);
    table.setPadding(new Insets(8));
    return new javafx.scene.control.ScrollPane(table);
  }

  private Node createTransport() {
    Button play = new Button("Play");
    play.setId("inputPlay");
    play.setOnAction(
        e -> {
          if (player.getStatus() == javafx.animation.Animation.Status.RUNNING) {
            player.stop();
            play.setText("Play");
          } else if (shown != null) {
            if (upTo >= shown.steps()) {
              show(0);
            }
            player.play();
            play.setText("Pause");
          }
        });
    player
        .statusProperty()
        .addListener(
            (o, was, now) ->
                play.setText(now == javafx.animation.Animation.Status.RUNNING ? "Pause" : "Play"));
    Button step = new Button("Step");
    step.setId("inputStep");
    step.setOnAction(e -> advance());
    Button restart = new Button("Restart");
    restart.setId("inputRestart");
    restart.setOnAction(
        e -> {
          player.stop();
          show(0);
        });
    Button all = new Button("Show all steps");
    all.setId("inputAll");
    all.setOnAction(
        e -> {
          player.stop();
          show(shown == null ? 0 : shown.steps());
        });
    HBox bar = new HBox(8, play, step, restart, all, ChartHelpView.button("input-view", null));
    bar.getStyleClass().add("chart-toolbar");
    bar.setPadding(new Insets(6, 8, 6, 8));
    return bar;
  }

  /** Inspects a validation input of the run (a click on a ponder map or the digit map). */
  void showValidation(int index) {
    request(i -> i.validation(index));
  }

  private void request(
      java.util.function.Function<InputInspector, CompletableFuture<Inspected>> ask) {
    InputInspector inspector = inspectors.get();
    if (inspector == null) {
      message.setText("No trained model: train a little (Play or Step) or open a run first.");
      return;
    }
    CompletableFuture<Inspected> future = ask.apply(inspector);
    message.setText("");
    what.setText("Computing…");
    future.whenComplete((result, failure) -> Platform.runLater(() -> apply(result, failure)));
  }

  /** The one place results reach the FX thread. */
  private void apply(Inspected result, Throwable failure) {
    if (failure != null) {
      Throwable cause =
          failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      what.setText("");
      message.setText(
          cause instanceof IllegalArgumentException
              ? cause.getMessage()
              : "Can't inspect this input: " + cause);
      return;
    }
    player.stop();
    shown = result;
    if (canvas != null && result.input().length == DigitCanvas.SIDE * DigitCanvas.SIDE) {
      canvas.setPixels(result.input());
    }
    what.setText(describe(result));
    show(0);
    player.play();
  }

  private void advance() {
    if (shown == null) {
      return;
    }
    if (upTo >= shown.steps()) {
      player.stop();
      return;
    }
    show(upTo + 1);
  }

  /** Reveals steps 1 … n. */
  void show(int n) {
    upTo = shown == null ? 0 : Math.min(n, shown.steps());
    if (shown == null) {
      return;
    }
    chart.show(shown.chartSteps(), upTo, title(shown));
    fillTable();
  }

  private void fillTable() {
    table.getChildren().clear();
    String[] head = {"n", "λ_n", "p_n", "Σ p", "ŷ_n", "confidence", "stops here"};
    for (int c = 0; c < head.length; c++) {
      Label h = new Label(head[c]);
      h.getStyleClass().add("help-section");
      table.add(h, c, 0);
    }
    for (int n = 1; n <= upTo; n++) {
      String stops = stopsAt(n);
      Label[] cells = {
        new Label(Integer.toString(n)),
        number(shown.lambda()[n - 1]),
        number(shown.p()[n - 1]),
        number(shown.cumulative()[n - 1]),
        new Label(Integer.toString(shown.prediction()[n - 1])),
        number(shown.confidence()[n - 1]),
        new Label(stops)
      };
      for (int c = 0; c < cells.length; c++) {
        if (n == upTo) {
          cells[c].setStyle("-fx-font-weight: bold");
        }
        table.add(cells[c], c, n);
      }
    }
  }

  private String stopsAt(int n) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Integer> e : shown.stops().entrySet()) {
      if (e.getValue() == n) {
        b.append(b.length() == 0 ? "" : ", ").append(e.getKey());
      }
    }
    return b.toString();
  }

  private static Label number(double v) {
    return new Label(String.format(Locale.ROOT, "%.3f", v));
  }

  private static String title(Inspected r) {
    return String.format(Locale.ROOT, "E[n] = %.2f", r.expectedStep());
  }

  /**
   * The input in words: its values (or a digit), label, difficulty, and each rule's stop and
   * prediction.
   */
  static String describe(Inspected r) {
    StringBuilder b = new StringBuilder();
    if (r.task().equals("mnist")) {
      b.append("digit");
    } else {
      b.append(r.task()).append(" input [");
      for (int i = 0; i < r.input().length; i++) {
        float v = r.input()[i];
        b.append(i == 0 ? "" : " ")
            .append(
                r.task().equals("parity")
                    ? (v > 0 ? "+1" : v < 0 ? "−1" : "0")
                    : Integer.toString((int) v));
      }
      b.append("]");
    }
    b.append(r.label() < 0 ? ", label unknown" : ", label " + r.label());
    if (r.difficulty() >= 0) {
      b.append(", difficulty ").append(r.difficulty());
    }
    b.append(
        String.format(
            Locale.ROOT, ".  E[n] = %.2f;  q = %s.  Stops: ", r.expectedStep(), trim(r.q())));
    List<String> parts = new java.util.ArrayList<>();
    r.stops()
        .forEach(
            (rule, step) ->
                parts.add(rule + " at " + step + " → " + r.stopPredictions().get(rule)));
    b.append(String.join(";  ", parts));
    return b.toString();
  }

  private static String trim(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** The task whose inputs this view takes. */
  String task() {
    return task;
  }

  boolean isShowing() {
    return root.getScene() != null
        && root.getScene().getWindow() != null
        && root.getScene().getWindow().isShowing();
  }

  void toFront() {
    if (root.getScene() != null && root.getScene().getWindow() instanceof Stage s) {
      s.toFront();
    }
  }

  // ---- for tests ----

  Inspected shown() {
    return shown;
  }

  int shownSteps() {
    return upTo;
  }

  InputStepsChart chart() {
    return chart;
  }

  DigitCanvas canvas() {
    return canvas;
  }

  BorderPane root() {
    return root;
  }
}
