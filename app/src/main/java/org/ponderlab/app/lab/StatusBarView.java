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
    node.getChildren().addAll(status, problem, error);
  }

  Node node() {
    return node;
  }
}
