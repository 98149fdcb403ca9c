package org.ponderlab.app.lab;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.stage.DirectoryChooser;

/**
 * The "Runs" menu of the transport bar: open a saved run folder (its charts replay, Play continues
 * it), and choose where runs started in the window are saved.
 */
final class RunsMenu {
  private final LabModel model;
  private final MenuButton node = new MenuButton("Runs");

  RunsMenu(LabModel model) {
    this.model = model;
    node.setId("runsMenu");
    node.setTooltip(new Tooltip("Open a saved run, compare runs, choose where runs are saved"));
    MenuItem open = new MenuItem("Open run…");
    open.setId("openRun");
    open.setOnAction(e -> openRunDialog());
    MenuItem folder = new MenuItem();
    folder.setId("runsFolder");
    folder
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () ->
                    "Save runs in… (now "
                        + (model.runsDirectoryProperty().get() == null
                            ? "not saved"
                            : model.runsDirectoryProperty().get())
                        + ")",
                model.runsDirectoryProperty()));
    folder.setOnAction(
        e -> {
          File dir = choose("Folder for new runs", model.runsDirectoryProperty().get());
          if (dir != null) {
            model.runsDirectoryProperty().set(dir.toPath());
            remember(dir.toPath());
          }
        });
    node.getItems().addAll(open, new SeparatorMenuItem(), folder);
  }

  /** The user's preference key for the runs directory (java.util.prefs, per user). */
  static final String RUNS_DIR_KEY = "runsDirectory";

  /** The runs directory the user chose in an earlier session, or null. */
  static Path rememberedRunsDirectory() {
    try {
      String p =
          java.util.prefs.Preferences.userNodeForPackage(RunsMenu.class).get(RUNS_DIR_KEY, null);
      return p == null || p.isBlank() ? null : Path.of(p);
    } catch (RuntimeException e) {
      return null; // no preferences store: the default folder
    }
  }

  private static void remember(Path dir) {
    try {
      java.util.prefs.Preferences.userNodeForPackage(RunsMenu.class)
          .put(RUNS_DIR_KEY, dir.toAbsolutePath().toString());
    } catch (RuntimeException e) {
      // not remembered across sessions; this session uses it anyway
    }
  }

  /** Adds items (e.g. the Compare tab's) below the others. */
  /** Asks for a run folder and opens it (Runs ▸ Open run…, Ctrl+O). */
  void openRunDialog() {
    File dir = choose("Open a run folder", lastParent());
    if (dir != null && confirmReplace()) {
      model.openRun(dir.toPath());
    }
  }

  void add(MenuItem... items) {
    node.getItems().add(node.getItems().size() - 2, new SeparatorMenuItem());
    node.getItems().addAll(node.getItems().size() - 2, java.util.List.of(items));
  }

  /**
   * Opening a run ends the window's run: ask first while one exists (it stays saved in its folder).
   */
  private boolean confirmReplace() {
    if (model.runConfig() == null
        || model.openedRunProperty().get() != null && !model.isRunning()) {
      return true;
    }
    Path folder = model.runFolderProperty().get();
    javafx.scene.control.Alert alert =
        new javafx.scene.control.Alert(
            javafx.scene.control.Alert.AlertType.CONFIRMATION,
            "Opening a run ends the run in the window"
                + (folder == null ? " (it is not saved)." : "; it stays saved in " + folder + "."),
            javafx.scene.control.ButtonType.OK,
            javafx.scene.control.ButtonType.CANCEL);
    alert.setHeaderText(null);
    alert.setTitle("Open run");
    if (node.getScene() != null) {
      alert.initOwner(node.getScene().getWindow());
    }
    return alert.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent();
  }

  Node node() {
    return node;
  }

  private Path lastParent() {
    Path f = model.runFolderProperty().get();
    return f != null && f.getParent() != null ? f.getParent() : model.runsDirectoryProperty().get();
  }

  File choose(String title, Path initial) {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle(title);
    if (initial != null && Files.isDirectory(initial)) {
      chooser.setInitialDirectory(initial.toFile());
    }
    return chooser.showDialog(node.getScene() == null ? null : node.getScene().getWindow());
  }
}
