package org.ponderlab.app.lab;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.ponderlab.app.charts.ChartStyle;
import org.ponderlab.app.charts.CompareCharts;
import org.ponderlab.core.train.Snapshot;

/**
 * The Compare tab: chosen runs overlaid on the same axes (halting distributions, accuracy and mean
 * steps over training) and a run table with show/hide, colour, name, baseline pin and the final
 * numbers. Removing a run from the table never deletes files; "Delete folder…" asks twice.
 */
final class CompareTab extends ChartTab {
  private final CompareModel compare;
  private final CompareCharts charts;
  private final TableView<CompareModel.Entry> table = new TableView<>();
  private final Label message = new Label();
  private final RunsMenu runsMenu;

  CompareTab(LabModel model, CompareModel compare, ChartStyle style, RunsMenu runsMenu) {
    super(model, "Compare", "tab-compare");
    this.compare = compare;
    this.runsMenu = runsMenu;
    charts = new CompareCharts(style);
    compare.versionProperty().addListener(o -> invalidate());
    // the window's run matters here only when it is in the comparison (a redraw costs up to 200 ms
    // of FX CPU)
    model
        .historyVersionProperty()
        .addListener(
            o -> {
              if (compare.entries().stream().anyMatch(CompareModel.Entry::isLive)) {
                invalidate();
              }
            });
    GridPane grid = new GridPane();
    grid.setHgap(6);
    grid.setVgap(6);
    grid.setPadding(new Insets(4));
    ColumnConstraints half = new ColumnConstraints();
    half.setPercentWidth(50);
    grid.getColumnConstraints().addAll(half, half);
    RowConstraints row = new RowConstraints();
    row.setPercentHeight(50);
    grid.getRowConstraints().addAll(row, row);
    grid.add(chartBox(charts.haltingChart(), "ponderlab-compare-halting.png"), 0, 0);
    grid.add(chartBox(charts.accuracyChart(), "ponderlab-compare-accuracy.png"), 1, 0);
    grid.add(createTablePane(), 0, 1);
    grid.add(chartBox(charts.stepsChart(), "ponderlab-compare-steps.png"), 1, 1);
    tab.setContent(grid);
  }

  private VBox chartBox(JFreeChart chart, String fileName) {
    ChartViewer viewer = ChartTab.viewer(chart);
    VBox.setVgrow(viewer, Priority.ALWAYS);
    HBox bar = new HBox(saveButtons(viewer, fileName));
    bar.getStyleClass().add("chart-toolbar");
    VBox box = new VBox(viewer, bar);
    box.setMinSize(0, 0);
    return box;
  }

  private BorderPane createTablePane() {
    table.setId("compareTable");
    // rows of one fixed height: the table need not make and measure a cell to size each row (the
    // first run added made and measured a screenful of rows in one pulse)
    table.setFixedCellSize(28);
    table.setEditable(true);
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    table.setPlaceholder(
        new Label(
            "No runs to compare yet: \"Add run…\" opens a saved run folder; \"Add this run\" adds the window's run."));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

    TableColumn<CompareModel.Entry, Boolean> shown = new TableColumn<>("Show");
    shown.setCellValueFactory(c -> c.getValue().shownProperty());
    shown.setCellFactory(CheckBoxTableCell.forTableColumn(shown));
    shown.setPrefWidth(48);
    shown.setMaxWidth(60);
    TableColumn<CompareModel.Entry, javafx.scene.paint.Color> colour = new TableColumn<>("Colour");
    colour.setCellValueFactory(c -> c.getValue().colourProperty());
    colour.setCellFactory(c -> new ColourCell());
    colour.setPrefWidth(64);
    colour.setMaxWidth(80);
    TableColumn<CompareModel.Entry, String> name = new TableColumn<>("Run");
    name.setGraphic(null);
    name.setCellValueFactory(c -> c.getValue().labelProperty());
    name.setCellFactory(TextFieldTableCell.forTableColumn());
    name.setPrefWidth(140);
    Label nameHeader = new Label("Run");
    nameHeader.setTooltip(
        new javafx.scene.control.Tooltip("Double-click a name to rename the run on the charts"));
    name.setText(null);
    name.setGraphic(nameHeader);
    TableColumn<CompareModel.Entry, Boolean> baseline = new TableColumn<>("Baseline");
    baseline.setCellValueFactory(c -> c.getValue().baselineProperty());
    baseline.setCellFactory(CheckBoxTableCell.forTableColumn(baseline));
    baseline.setPrefWidth(66);
    baseline.setMaxWidth(80);
    TableColumn<CompareModel.Entry, String> summary =
        new TableColumn<>("Status · it. · accuracy · steps");
    summary.setEditable(false);
    summary.setCellValueFactory(c -> c.getValue().summaryProperty());
    summary.setPrefWidth(260);
    table.getColumns().addAll(List.of(shown, colour, name, baseline, summary));
    TableRowsPrebuild.rows(
        table,
        new CompareModel.Entry("", javafx.scene.paint.Color.GRAY, null),
        compare.entries(),
        Theme.stylesheet());

    Button add = new Button("Add run…");
    add.setId("compareAdd");
    add.setOnAction(
        e -> {
          File dir =
              runsMenu.choose(
                  "Add a run folder to the comparison", model.runsDirectoryProperty().get());
          if (dir != null) {
            compare
                .add(dir.toPath())
                .thenAccept(problem -> say(problem, "Added " + dir.getName() + "."));
          }
        });
    Button addLive = new Button("Add this run");
    addLive.setId("compareAddLive");
    addLive.setOnAction(
        e -> say(compare.addLive(), "Added the window's run; it follows the training live."));
    Button remove = new Button("Remove");
    remove.setId("compareRemove");
    remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    remove.setOnAction(e -> removeSelected());
    Button delete = new Button("Delete folder…");
    delete.setId("compareDelete");
    delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    delete.setOnAction(e -> deleteSelected());
    Button export = new Button("Export selected as CSV…");
    export.setId("compareExport");
    export.setOnAction(e -> exportSelected());
    javafx.scene.layout.FlowPane buttons =
        new javafx.scene.layout.FlowPane(6, 4, add, addLive, remove, delete, export);
    for (javafx.scene.Node b : buttons.getChildren()) {
      ((Button) b)
          .setMinWidth(
              javafx.scene.layout.Region
                  .USE_PREF_SIZE); // wrap to a second line rather than cut "Remove"
    }
    buttons.getChildren().add(helpButton("compare"));
    buttons.getStyleClass().add("chart-toolbar");
    message.setId("compareMessage");
    message.setWrapText(true);
    VBox bottom = new VBox(4, buttons, message);
    BorderPane pane = new BorderPane(table);
    pane.setBottom(bottom);
    pane.setMinSize(0, 0);
    return pane;
  }

  private String summary(CompareModel.Entry e) {
    Snapshot s = compare.last(e);
    String status = e.isLive() ? "live" : e.run.status().label();
    if (s == null) {
      return status + ", no snapshots";
    }
    return String.format(
        Locale.ROOT,
        "%s · %s · %.3f · %.2f",
        status,
        StatusText.count(s.iteration()),
        s.accuracy(),
        s.meanSteps());
  }

  private void say(String problem, String done) {
    message.getStyleClass().remove("status-error");
    if (problem != null) {
      message.getStyleClass().add("status-error");
    }
    message.setText(problem == null ? done : problem);
  }

  private List<CompareModel.Entry> selected() {
    return List.copyOf(table.getSelectionModel().getSelectedItems());
  }

  private void removeSelected() {
    List<CompareModel.Entry> chosen = selected();
    if (chosen.isEmpty()
        || !confirm(
            "Remove from the comparison",
            "Remove " + names(chosen) + " from the comparison? The run folders stay on disk.")) {
      return;
    }
    chosen.forEach(compare::remove);
    say(null, "Removed " + names(chosen) + " from the comparison (files kept).");
  }

  private void deleteSelected() {
    CompareModel.Entry e = table.getSelectionModel().getSelectedItem();
    if (e == null) {
      return;
    }
    String where = e.isLive() ? "the window's run" : e.run.folder().toAbsolutePath().toString();
    if (!confirm(
            "Delete run folder",
            "Delete the folder of " + e.label.get() + " (" + where + ") from the disk?")
        || !confirm(
            "Delete run folder: are you sure?",
            "This cannot be undone. Delete " + where + " and everything in it?")) {
      return;
    }
    compare.deleteFolder(e).thenAccept(problem -> say(problem, "Deleted " + where + "."));
  }

  private void exportSelected() {
    List<CompareModel.Entry> chosen =
        selected().isEmpty() ? List.copyOf(compare.entries()) : selected();
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export runs as CSV");
    chooser.setInitialFileName("ponderlab-runs.csv");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
    File file = chooser.showSaveDialog(table.getScene().getWindow());
    if (file != null) {
      say(null, "Exporting " + names(chosen) + " to " + file + "…");
      String done = "Exported " + names(chosen) + " to " + file + " (configs next to it).";
      compare
          .exportCsv(chosen, file.toPath(), false)
          .thenAccept(
              outcome -> {
                if (!outcome.asksToReplace()) {
                  say(outcome.problem(), done);
                } else if (confirm(
                    "Replace the configs file",
                    outcome.message() + ". It goes with the CSV; replace it too?")) {
                  compare
                      .exportCsv(chosen, file.toPath(), true)
                      .thenAccept(again -> say(again.problem(), done));
                } else {
                  say("Nothing exported: " + outcome.existing() + " kept.", done);
                }
              });
    }
  }

  private static String names(List<CompareModel.Entry> entries) {
    return String.join(", ", entries.stream().map(e -> e.label.get()).toList());
  }

  private boolean confirm(String title, String text) {
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.OK, ButtonType.CANCEL);
    alert.setTitle(title);
    alert.setHeaderText(null);
    if (table.getScene() != null) {
      alert.initOwner(table.getScene().getWindow());
    }
    Optional<ButtonType> answer = alert.showAndWait();
    return answer.isPresent() && answer.get() == ButtonType.OK;
  }

  /**
   * A colour swatch that opens a colour picker when clicked. A picker is a control with a skin and
   * CSS of its own: made for each run as it was added, its styling was most of the FX thread's work
   * in "Add to Compare" (JFR samples of {@code lab --measure-ui}). The swatch is a plain button
   * with a coloured square; the picker is made the first time the user asks for it, and then stays.
   */
  static final class ColourCell extends TableCell<CompareModel.Entry, javafx.scene.paint.Color> {
    private final javafx.scene.shape.Rectangle square = new javafx.scene.shape.Rectangle(14, 14);
    private final Button swatch = new Button(null, square);
    private ColorPicker picker;

    ColourCell() {
      swatch.getStyleClass().add("compare-colour");
      swatch.setTooltip(
          new javafx.scene.control.Tooltip("The run's colour on every chart; click to change"));
      swatch.setOnAction(e -> openPicker());
    }

    /** Replaces the swatch by a colour picker (made once) and opens its palette. */
    void openPicker() {
      if (picker == null) {
        picker = new ColorPicker();
        picker.getStyleClass().addAll(ColorPicker.STYLE_CLASS_BUTTON, "compare-colour");
        picker.setTooltip(swatch.getTooltip());
        picker.setOnAction(
            e -> {
              CompareModel.Entry entry = getTableRow() == null ? null : getTableRow().getItem();
              if (entry != null) {
                entry.colour.set(picker.getValue());
              }
            });
      }
      if (getItem() != null) {
        picker.setValue(getItem());
      }
      setGraphic(picker);
      picker.show();
    }

    /** The picker, once the user has opened it (null before): for tests. */
    ColorPicker picker() {
      return picker;
    }

    @Override
    protected void updateItem(javafx.scene.paint.Color item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setGraphic(null);
      } else if (picker != null) {
        picker.setValue(item);
        setGraphic(picker);
      } else {
        square.setFill(item);
        setGraphic(swatch);
      }
    }
  }

  /** Only the comparison's own changes (and the live run's, above) redraw this tab. */
  @Override
  protected long dataVersion() {
    return 0;
  }

  @Override
  protected void redraw() {
    charts.show(compare.chartRuns());
    // each row's status line is a property: only a changed line redraws its cell (table.refresh()
    // rebuilt every cell of the table, colour pickers included, at each redraw: most of the FX
    // time of "Add to Compare" in the profile)
    for (CompareModel.Entry e : compare.entries()) {
      e.summary.set(summary(e));
    }
  }

  @Override
  void setStyle(ChartStyle style) {
    charts.setStyle(style);
    invalidate();
  }

  @Override
  List<JFreeChart> charts() {
    return charts.charts();
  }

  CompareModel compare() {
    return compare;
  }
}
