package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A prebuilt table makes no row when its first item arrives: every row the visible area needs was
 * made while it was built. Seen failing with the placeholder step removed: no row was made at build
 * time, and the first add made 14.
 */
@ExtendWith(ApplicationExtension.class)
class TableRowsPrebuildTest {
  record Item(String name) {}

  private static TableView<Item> table(int[] rowsMade) {
    TableView<Item> table = new TableView<>();
    table.setFixedCellSize(28);
    table.setRowFactory(
        t -> {
          rowsMade[0]++;
          return new TableRow<>();
        });
    TableColumn<Item, Boolean> shown = new TableColumn<>("Show");
    shown.setCellValueFactory(c -> new javafx.beans.property.SimpleBooleanProperty(true));
    shown.setCellFactory(CheckBoxTableCell.forTableColumn(shown));
    TableColumn<Item, String> name = new TableColumn<>("Run");
    name.setCellValueFactory(
        c -> new javafx.beans.property.SimpleStringProperty(c.getValue().name));
    table.getColumns().add(shown);
    table.getColumns().add(name);
    return table;
  }

  @Test
  void theFirstItemAddedReusesTheRowsMadeAtBuildTime() throws Exception {
    int[] rowsMade = {0};
    int[] rowsBeforeAdd = {0};
    ObservableList<Item> items = FXCollections.observableArrayList();
    Stage[] stage = new Stage[1];
    WaitForAsyncUtils.asyncFx(
            () -> {
              TableView<Item> table = table(rowsMade);
              TableRowsPrebuild.rows(table, new Item("placeholder"), items, null);
              assertSame(items, table.getItems(), "the table shows the real list");
              assertTrue(table.getParent() == null, "the table left the scratch scene");
              stage[0] = new Stage();
              StackPane root = new StackPane(table);
              stage[0].setScene(new Scene(root, 640, 400));
              stage[0].show();
              root.applyCss();
              root.layout();
              rowsBeforeAdd[0] = rowsMade[0];
              items.add(new Item("run 1"));
              root.applyCss();
              root.layout();
            })
        .get();
    try {
      // 400 px at 28 px a row: the visible area needs about 14 rows
      assertTrue(rowsBeforeAdd[0] >= 10, "rows made at build time: " + rowsBeforeAdd[0]);
      assertEquals(rowsBeforeAdd[0], rowsMade[0], "rows made when the first item arrived");
    } finally {
      WaitForAsyncUtils.asyncFx(() -> stage[0].close()).get();
    }
  }

  @Test
  void aTableAlreadyInASceneIsRefused() throws Exception {
    WaitForAsyncUtils.asyncFx(
            () -> {
              TableView<Item> table = table(new int[1]);
              new Scene(new StackPane(table));
              assertThrows(
                  IllegalStateException.class,
                  () ->
                      TableRowsPrebuild.rows(
                          table, new Item("x"), FXCollections.observableArrayList(), null));
            })
        .get();
  }
}
