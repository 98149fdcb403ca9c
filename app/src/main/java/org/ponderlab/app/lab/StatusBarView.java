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
    status.setWrapText(true);
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
    activity.managedProperty().bind(activity.visibleProperty());
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
    error.managedProperty().bind(error.visibleProperty());
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
    problem.visibleProperty().bind(model.setup().problemProperty().isNotNull());
    problem.managedProperty().bind(problem.visibleProperty());
    Label folder = new Label();
    folder.setId("runFolder");
    folder.getStyleClass().add("run-folder");
    folder
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.runFolderProperty().get() == null
                        ? ""
                        : "Run folder: " + model.runFolderProperty().get(),
                model.runFolderProperty()));
    folder.visibleProperty().bind(model.runFolderProperty().isNotNull());
    folder.managedProperty().bind(folder.visibleProperty());
    node.getChildren().addAll(status, activity, problem, error, folder);
  }

  Node node() {
    return node;
  }
}
