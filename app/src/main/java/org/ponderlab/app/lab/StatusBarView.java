package org.ponderlab.app.lab;

import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The status bar (bottom): what the trainer is doing, and any error explained. */
final class StatusBarView {
  private final VBox node = new VBox();

  StatusBarView(LabModel model) {
    node.getStyleClass().add("status-bar");
    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(model.statusProperty());
    status.setWrapText(true);
    Label error = new Label();
    error.setId("error");
    error.getStyleClass().add("status-error");
    error.textProperty().bind(Bindings.createStringBinding(
        () -> model.errorProperty().get() == null ? "" : model.errorProperty().get(), model.errorProperty()));
    error.visibleProperty().bind(model.errorProperty().isNotNull());
    error.managedProperty().bind(error.visibleProperty());
    Label problem = new Label();
    problem.setId("problem");
    problem.getStyleClass().add("status-error");
    problem.textProperty().bind(Bindings.createStringBinding(
        () -> model.setup().problemProperty().get() == null ? "" : "Play is off until this is fixed: " + model.setup().problemProperty().get(),
        model.setup().problemProperty()));
    problem.visibleProperty().bind(model.setup().problemProperty().isNotNull());
    problem.managedProperty().bind(problem.visibleProperty());
    Label folder = new Label();
    folder.setId("runFolder");
    folder.getStyleClass().add("run-folder");
    folder.textProperty().bind(Bindings.createStringBinding(
        () -> model.runFolderProperty().get() == null ? "" : "Run folder: " + model.runFolderProperty().get(),
        model.runFolderProperty()));
    folder.visibleProperty().bind(model.runFolderProperty().isNotNull());
    folder.managedProperty().bind(folder.visibleProperty());
    node.getChildren().addAll(status, problem, error, folder);
  }

  Node node() {
    return node;
  }
}
