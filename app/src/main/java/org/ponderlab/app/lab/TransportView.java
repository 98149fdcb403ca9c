package org.ponderlab.app.lab;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * The transport bar (top): Play/Pause, Step, Reset, the stop conditions (the iteration budget from
 * the setup, an optional target accuracy), the iteration counter, iterations per second and the
 * elapsed training time; on the right the theme and presentation switches.
 */
final class TransportView {
  private final HBox node = new HBox();

  TransportView(
      LabModel model,
      ValidationSupport validation,
      BooleanProperty dark,
      BooleanProperty presentation) {
    node.getStyleClass().add("transport");

    Button play = new Button();
    play.setId("play");
    play.getStyleClass().add("play-button");
    play.textProperty()
        .bind(Bindings.when(model.runningProperty()).then("Pause").otherwise("Play"));
    Node playIcon = playIcon();
    Node pauseIcon = pauseIcon();
    play.graphicProperty()
        .bind(Bindings.when(model.runningProperty()).then(pauseIcon).otherwise(playIcon));
    play.disableProperty().bind(model.runningProperty().not().and(model.canPlayProperty().not()));
    play.setOnAction(e -> model.togglePlay());
    play.setDefaultButton(false);
    play.setTooltip(
        new Tooltip("Train until paused, the iteration budget or the target accuracy is reached"));

    Button step = new Button("Step");
    step.setId("step");
    step.disableProperty().bind(model.canStepProperty().not());
    step.setOnAction(e -> model.step());
    step.setTooltip(new Tooltip("Train exactly one batch, then evaluate"));

    Button reset = new Button("Reset");
    reset.setId("reset");
    reset.disableProperty().bind(model.canResetProperty().not());
    reset.setOnAction(e -> model.reset());
    reset.setTooltip(new Tooltip("Throw the run away: fresh weights, same setup and seed"));

    Label stopAt = new Label();
    stopAt.getStyleClass().add("transport-label");
    stopAt.setText("stop at accuracy ≥");
    stopAt.setTooltip(
        new Tooltip(
            "Training stops at the iteration budget (the Iterations setting) or, if set, once validation accuracy reaches this"));
    TextField target = new TextField();
    target.setId("targetAccuracy");
    target.setPromptText("off");
    target.setPrefColumnCount(4);
    target.textProperty().bindBidirectional(model.targetAccuracyProperty());
    target.setTooltip(
        new Tooltip("Stop once validation accuracy reaches this, e.g. 0.99 (empty: no target)"));
    validation.registerValidator(
        target,
        false,
        (Validator<String>)
            (c, v) -> {
              String reason = model.targetAccuracyErrorProperty().get();
              return ValidationResult.fromErrorIf(c, reason == null ? "" : reason, reason != null);
            });
    model.targetAccuracyErrorProperty().addListener(o -> validation.revalidate(target));

    Label counter = new Label();
    counter.setId("iteration");
    counter.getStyleClass().add("counter");
    counter
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    "iteration "
                        + StatusText.count(model.getIteration())
                        + " / "
                        + StatusText.count(model.maxIterationsProperty().get()),
                model.iterationProperty(),
                model.maxIterationsProperty()));
    ProgressBar progress = new ProgressBar();
    progress.setPrefWidth(170);
    progress
        .progressProperty()
        .bind(
            Bindings.createDoubleBinding(
                () ->
                    model.maxIterationsProperty().get() == 0
                        ? 0
                        : (double) model.getIteration() / model.maxIterationsProperty().get(),
                model.iterationProperty(),
                model.maxIterationsProperty()));
    VBox count = new VBox(2, counter, progress);
    count.setAlignment(Pos.CENTER_LEFT);

    Label rate = new Label();
    rate.setId("rate");
    rate.getStyleClass().add("rate");
    rate.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    String.format(
                        Locale.ROOT, "%.0f it/s", model.iterationsPerSecondProperty().get()),
                model.iterationsPerSecondProperty()));
    rate.setTooltip(new Tooltip("training iterations (batches) per second"));
    Label elapsed = new Label();
    elapsed.setId("elapsed");
    elapsed.getStyleClass().add("elapsed");
    elapsed
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> "elapsed " + clock(model.elapsedSecondsProperty().get()),
                model.elapsedSecondsProperty()));
    elapsed.setTooltip(new Tooltip("time spent training (paused time not counted)"));

    javafx.scene.control.ComboBox<String> speed =
        new javafx.scene.control.ComboBox<>(
            javafx.collections.FXCollections.observableArrayList(SpeedChoice.LABELS));
    speed.setId("speed");
    speed.setValue(SpeedChoice.label(model.speedLimitProperty().get()));
    speed
        .valueProperty()
        .addListener((o, was, now) -> model.speedLimitProperty().set(SpeedChoice.perSecond(now)));
    model
        .speedLimitProperty()
        .addListener((o, was, now) -> speed.setValue(SpeedChoice.label(now.doubleValue())));
    speed.setTooltip(
        new Tooltip(
            "Speed: cap training at so many iterations per second, for slow demos on a projector"));
    speed.setPrefWidth(118);
    speed.getStyleClass().add("speed-choice");

    // the cap under the measured rate: one column, so the bar still fits 1280 pixels in
    // presentation mode
    VBox rateAndCap = new VBox(0, rate, speed);
    rateAndCap.setAlignment(Pos.CENTER_LEFT);

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    ToggleButton darkToggle = new ToggleButton("Dark");
    darkToggle.setId("dark");
    darkToggle.selectedProperty().bindBidirectional(dark);
    ToggleButton presentationToggle = new ToggleButton("Presentation");
    presentationToggle.setId("presentation");
    presentationToggle.selectedProperty().bindBidirectional(presentation);
    presentationToggle.setTooltip(new Tooltip("Larger text and thicker lines, for a projector"));

    node.getChildren()
        .addAll(
            play,
            step,
            reset,
            new Separator(Orientation.VERTICAL),
            stopAt,
            target,
            new Separator(Orientation.VERTICAL),
            count,
            rateAndCap,
            elapsed,
            spacer,
            darkToggle,
            presentationToggle);
    for (Node child : node.getChildren()) {
      if (child instanceof Region r && child != spacer) {
        r.setMinWidth(Region.USE_PREF_SIZE); // never cut a label to "Pau..."; the spacer gives way
      }
    }
  }

  HBox node() {
    return node;
  }

  /** Drawn icons: not every font has the media-control glyphs. */
  private static Node playIcon() {
    Polygon p = new Polygon(0, 0, 10, 6, 0, 12);
    p.getStyleClass().add("transport-icon");
    return p;
  }

  private static Node pauseIcon() {
    Rectangle a = new Rectangle(0, 0, 3.5, 12);
    Rectangle b = new Rectangle(6.5, 0, 3.5, 12);
    a.getStyleClass().add("transport-icon");
    b.getStyleClass().add("transport-icon");
    return new Group(a, b);
  }

  static String clock(double seconds) {
    long s = (long) seconds;
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
