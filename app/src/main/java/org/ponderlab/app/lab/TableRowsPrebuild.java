package org.ponderlab.app.lab;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;

/**
 * Makes a table's rows while the window is being built, so that the first item the user adds reuses
 * them instead of making a screenful of rows in one pulse.
 *
 * <p>Why: a {@link TableView} makes no rows while it is empty. When its first item arrives, it
 * makes a row for that item <em>and</em> an empty row for every other row height of the visible
 * area, each with a skin, one cell per column and their CSS. For Compare's table that was 60–80 ms
 * of the FX thread in the one pulse after "Add to Compare" (JFR, {@code lab --measure-ui}). A table
 * that has once shown an item keeps its rows in its flow's pile when the item goes, and reuses
 * them. So the table is laid out once, in a scratch scene, with one placeholder item, and then
 * given its real (empty) list. Measured in a bare window: the first add fell from 111–144 ms to
 * 19–21 ms of FX CPU; the work moves to start-up, before the window is shown.
 */
final class TableRowsPrebuild {
  private TableRowsPrebuild() {}

  /**
   * Lays {@code table} out with {@code placeholder} as its only item, in a scratch scene as tall as
   * half the screen (the table never takes more than half the tab), then gives it {@code items}.
   * The table must not be in a scene yet; it leaves the scratch scene before this returns.
   *
   * @param stylesheet the window's stylesheet, so that the rows are sized and styled as they will
   *     be shown (null: the default style)
   */
  static <T> void rows(
      TableView<T> table, T placeholder, ObservableList<T> items, String stylesheet) {
    if (table.getParent() != null || table.getScene() != null) {
      throw new IllegalStateException("the table is already in a scene");
    }
    double height = Math.max(300, Screen.getPrimary().getVisualBounds().getHeight() / 2);
    StackPane holder = new StackPane(table);
    Scene scratch = new Scene(holder, 800, height);
    if (stylesheet != null) {
      scratch.getStylesheets().add(stylesheet);
    }
    table.setItems(FXCollections.observableArrayList(placeholder));
    holder.applyCss();
    holder.layout();
    table.setItems(items);
    holder.applyCss();
    holder.layout();
    holder.getChildren().clear();
  }
}
