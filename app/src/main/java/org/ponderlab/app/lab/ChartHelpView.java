package org.ponderlab.app.lab;

import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.ponderlab.app.help.ChartHelp;

/**
 * A chart's "?" and the small window it opens: what is plotted, the formula, a healthy and an
 * unhealthy picture, and a link to the lesson that shows it. The texts come from {@link ChartHelp}.
 */
final class ChartHelpView {
  private ChartHelpView() {}

  /**
   * The "?" button of a chart (id {@code help-<chart>}).
   *
   * @param openLesson what the lesson link does with the lesson's name (null: no link, the name is
   *     shown)
   */
  static Button button(String chartId, Consumer<String> openLesson) {
    ChartHelp help = ChartHelp.of(chartId);
    Button b = new Button("?");
    b.setId("help-" + chartId);
    b.getStyleClass().add("help-button");
    b.setTooltip(
        new Tooltip(
            "What does \""
                + help.title()
                + "\" show? (formula, healthy and unhealthy pictures, a lesson)"));
    b.setOnAction(
        e -> open(help, b.getScene() == null ? null : b.getScene().getWindow(), openLesson));
    return b;
  }

  /** Opens the explanation in a window of its own (not modal: the chart stays live beside it). */
  static Stage open(ChartHelp help, Window owner, Consumer<String> openLesson) {
    Stage stage = new Stage();
    if (owner != null) {
      stage.initOwner(owner);
    }
    stage.setTitle("About: " + help.title());
    ScrollPane scroll = new ScrollPane(content(help, openLesson, stage));
    scroll.setFitToWidth(true);
    Scene scene = new Scene(scroll, 560, 520);
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().addAll(owner.getScene().getStylesheets());
    }
    stage.setScene(scene);
    stage.show();
    return stage;
  }

  /** The explanation's nodes (id {@code chart-help-<chart>}). */
  static VBox content(ChartHelp help, Consumer<String> openLesson, Stage close) {
    Label title = new Label(help.title());
    title.getStyleClass().add("help-title");
    Label formula = new Label(help.formula());
    formula.getStyleClass().add("help-formula");
    formula.setId("help-formula");
    formula.setWrapText(true);
    Node lesson;
    if (openLesson == null) {
      lesson = new Label("Lesson: " + help.lesson());
    } else {
      Hyperlink link = new Hyperlink("Open the lesson " + help.lesson());
      link.setId("help-lesson");
      link.setOnAction(
          e -> {
            openLesson.accept(help.lesson());
            close.close();
          });
      lesson = link;
    }
    VBox box =
        new VBox(
            6,
            title,
            section("What is plotted"),
            text(help.plotted()),
            section("Formula"),
            formula,
            section("Healthy"),
            text(help.healthy()),
            section("Unhealthy"),
            text(help.unhealthy()),
            section("See it happen"),
            lesson);
    box.setId("chart-help-" + help.id());
    box.getStyleClass().add("chart-help");
    return box;
  }

  private static Label section(String name) {
    Label l = new Label(name);
    l.getStyleClass().add("help-section");
    return l;
  }

  private static Label text(String body) {
    Label l = new Label(body);
    l.setWrapText(true);
    return l;
  }
}
