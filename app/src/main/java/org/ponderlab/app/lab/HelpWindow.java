package org.ponderlab.app.lab;

import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.ponderlab.app.help.ChartHelp;

/** F1: the keyboard shortcuts, and every chart's explanation one click away. */
final class HelpWindow {
  private HelpWindow() {}

  static Stage open(Window owner, Consumer<String> openLesson) {
    Stage stage = new Stage();
    if (owner != null) {
      stage.initOwner(owner);
    }
    stage.setTitle("PonderLab help");
    Scene scene = new Scene(new ScrollPane(content(owner, openLesson)), 520, 480);
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().addAll(owner.getScene().getStylesheets());
    }
    stage.setScene(scene);
    stage.show();
    return stage;
  }

  static VBox content(Window owner, Consumer<String> openLesson) {
    Label keysTitle = new Label("Keyboard");
    keysTitle.getStyleClass().add("help-title");
    GridPane keys = new GridPane();
    keys.setId("shortcutSheet");
    keys.setHgap(16);
    keys.setVgap(4);
    int row = 0;
    for (KeyboardShortcuts.Shortcut s : KeyboardShortcuts.SHEET) {
      Label key = new Label(s.keys());
      key.getStyleClass().add("shortcut-key");
      keys.addRow(row++, key, new Label(s.does()));
    }
    Label note =
        new Label("Space, → and R go to a text field, slider or list while it has the focus.");
    note.setWrapText(true);
    Label chartsTitle = new Label("What each chart shows");
    chartsTitle.getStyleClass().add("help-title");
    VBox charts = new VBox(2);
    for (ChartHelp h : ChartHelp.all().values()) {
      Hyperlink link = new Hyperlink(h.title());
      link.setOnAction(e -> ChartHelpView.open(h, owner, openLesson));
      charts.getChildren().add(link);
    }
    VBox box = new VBox(8, keysTitle, keys, note, chartsTitle, charts);
    box.getStyleClass().add("chart-help");
    box.setId("helpWindow");
    return box;
  }
}
