package org.ponderlab.app.lab;

import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;

/**
 * The status bar (bottom): what the trainer is doing, what runs in the background (building an
 * experiment, reading or writing a run folder) with a spinner, and any error explained.
 */
final class StatusBarView {
  private final VBox node = new VBox();

  StatusBarView(LabModel model) {
    node.getStyleClass().add("status-bar");
    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(model.statusProperty());
    // One line, whatever the message: a status bar that grows and shrinks resizes the chart area
    // above it, and every chart redraws at the new size (measured: the spinner line appearing and
    // going with each background job cost each UI action a redraw of the visible charts, twice).
    // A message longer than the line ends in "…", in full in the tooltip.
    status.setWrapText(false);
    status.setMinWidth(0);
    status.setMaxWidth(Double.MAX_VALUE);
    status.setTooltip(fullText(status));
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setPrefSize(14, 14);
    Label activity = new Label("", spinner);
    activity.setId("activity");
    activity.getStyleClass().add("status-activity");
    activity
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> model.activityProperty().get() == null ? "" : model.activityProperty().get(),
                model.activityProperty()));
    activity.visibleProperty().bind(model.activityProperty().isNotNull());
    activity.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    // on the status's line, always laid out (invisible when idle): its coming and going moves
    // nothing
    Label error = new Label();
    error.setId("error");
    error.getStyleClass().add("status-error");
    error
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> model.errorProperty().get() == null ? "" : model.errorProperty().get(),
                model.errorProperty()));
    error.visibleProperty().bind(model.errorProperty().isNotNull());
    Label problem = new Label();
    problem.setId("problem");
    problem.getStyleClass().add("status-error");
    problem
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.setup().problemProperty().get() == null
                        ? ""
                        : "Play is off until this is fixed: "
                            + model.setup().problemProperty().get(),
                model.setup().problemProperty()));
    problem
        .visibleProperty()
        .bind(model.setup().problemProperty().isNotNull().and(error.visibleProperty().not()));
    Label folder = new Label();
    folder.setId("runFolder");
    folder.getStyleClass().add("run-folder");
    folder
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.runFolderProperty().get() == null
                        ? " " // a line's height even when there is none
                        : "Run folder: " + model.runFolderProperty().get(),
                model.runFolderProperty()));
    folder
        .visibleProperty()
        .bind(
            model
                .runFolderProperty()
                .isNotNull()
                .and(error.visibleProperty().not())
                .and(problem.visibleProperty().not()));
    javafx.scene.layout.HBox line = new javafx.scene.layout.HBox(12, status, activity);
    line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    javafx.scene.layout.HBox.setHgrow(status, javafx.scene.layout.Priority.ALWAYS);
    // The second line shows one thing, the most urgent (an error, else what stops Play, else the
    // run's folder), and is always laid out: with a row for each that came and went, the bar grew
    // by a line when Play created the run folder and every chart of every tab was resized and
    // redrawn in that pulse (nine charts, the largest FX work of Play and Add to Compare in the
    // profile).
    javafx.scene.layout.StackPane second =
        new javafx.scene.layout.StackPane(folder, problem, error);
    second.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    for (Label l : java.util.List.of(folder, problem, error)) {
      l.setMinWidth(0);
      l.setMaxWidth(Double.MAX_VALUE);
      l.setTooltip(fullText(l));
    }
    node.getChildren().addAll(line, second);
  }

  /** A tooltip with the label's whole text, for a line that may end in "…". */
  private static javafx.scene.control.Tooltip fullText(Label label) {
    javafx.scene.control.Tooltip full = new javafx.scene.control.Tooltip();
    full.textProperty().bind(label.textProperty());
    full.setWrapText(true);
    full.setMaxWidth(640);
    return full;
  }

  Node node() {
    return node;
  }
}
