package org.ponderlab.app.lab;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.ponderlab.core.lesson.ClaimResult;
import org.ponderlab.core.lesson.Lesson;
import org.ponderlab.core.lesson.LessonChart;
import org.ponderlab.core.lesson.LessonPage;
import org.ponderlab.core.lesson.LessonRun;
import org.ponderlab.core.lesson.Lessons;
import org.ponderlab.core.run.Preset;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The Lessons panel: the catalogue's lessons; opening one fills the setup from its preset and shows
 * its pages one at a time, each pointing at a chart the window highlights; when the lesson's run
 * finishes, the lesson's claim is checked on it through {@link BackgroundWork} (off the FX thread:
 * it may evaluate the weights under another rule) and the result is shown with its numbers.
 */
final class LessonsPanel {
  private final LabModel model;
  private final Consumer<LessonChart> highlight;
  private final VBox node = new VBox();
  private final ListView<Lesson> list = new ListView<>();
  private final Label lessonTitle = new Label();
  private final Label pageTitle = new Label();
  private final Label pageText = new Label();
  private final Label question = new Label();
  private final Label claim = new Label();
  private final Label result = new Label();
  private final Button previous = new Button("‹ Back");
  private final Button next = new Button("Next ›");
  private final VBox lessonBox;
  private Lesson open;
  private int page;
  private long checkedRun;

  /**
   * @param highlight shows a chart and frames it (null: clear the frame)
   */
  LessonsPanel(LabModel model, Consumer<LessonChart> highlight) {
    this.model = model;
    this.highlight = highlight;
    node.setId("lessonsPanel");
    node.getStyleClass().add("lesson-panel");
    node.setPrefWidth(320);
    node.setMinWidth(260);
    list.setId("lessonList");
    list.getItems().setAll(Lessons.all());
    list.setPrefHeight(190);
    list.setCellFactory(
        v ->
            new ListCell<>() {
              @Override
              protected void updateItem(Lesson l, boolean empty) {
                super.updateItem(l, empty);
                setText(
                    empty || l == null
                        ? null
                        : l.title() + "  (" + Lessons.runtime(l.secondsMeasured()) + ")");
              }
            });
    Button start = new Button("Open lesson");
    start.setId("lessonStart");
    start.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
    start.setOnAction(e -> open(list.getSelectionModel().getSelectedItem()));
    list.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
            open(list.getSelectionModel().getSelectedItem());
          }
        });
    lessonTitle.getStyleClass().add("help-title");
    lessonTitle.setWrapText(true);
    pageTitle.getStyleClass().add("help-section");
    pageTitle.setId("lessonPageTitle");
    pageText.getStyleClass().add("lesson-page");
    pageText.setId("lessonPageText");
    pageText.setWrapText(true);
    question.setWrapText(true);
    question.setId("lessonQuestion");
    question.setStyle("-fx-font-style: italic");
    claim.setWrapText(true);
    claim.setId("lessonClaim");
    result.getStyleClass().add("lesson-result");
    result.setId("lessonResult");
    previous.setId("lessonBack");
    next.setId("lessonNext");
    previous.setOnAction(e -> showPage(page - 1));
    next.setOnAction(e -> showPage(page + 1));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox pager = new HBox(6, previous, spacer, next);
    lessonBox = new VBox(6, lessonTitle, pageTitle, pageText, question, pager, claim, result);
    lessonBox.setVisible(false);
    lessonBox.managedProperty().bind(lessonBox.visibleProperty());
    Label heading = new Label("Lessons");
    heading.getStyleClass().add("setup-group");
    // the pages scroll rather than cut their text short when the window is low
    javafx.scene.control.ScrollPane pagesScroll = new javafx.scene.control.ScrollPane(lessonBox);
    pagesScroll.setFitToWidth(true);
    pagesScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
    pagesScroll.getStyleClass().add("lesson-pages");
    pagesScroll.visibleProperty().bind(lessonBox.visibleProperty());
    VBox.setVgrow(pagesScroll, Priority.ALWAYS);
    node.getChildren().addAll(heading, list, start, pagesScroll);
    model
        .trainerStateProperty()
        .addListener(
            (o, was, now) -> {
              if (now == TrainerState.FINISHED) {
                checkClaim();
              }
            });
  }

  VBox node() {
    return node;
  }

  /**
   * Opens a lesson: the run in the window (if any) is reset — it stays saved in its folder — the
   * setup is filled from the lesson, and its first page is shown.
   */
  void open(Lesson lesson) {
    if (model.transport().pendingProperty().get()) {
      model.showError("Wait a moment: a run is being prepared; open the lesson when it is ready.");
      return;
    }
    if (model.runConfig() != null || !model.history().isEmpty()) {
      model.reset();
    }
    Preset preset =
        new Preset(
            lesson.name(),
            lesson.title(),
            "lesson " + lesson.name(),
            lesson.settings(),
            List.of(),
            false,
            null);
    if (!model.applyPreset(preset)) {
      return;
    }
    open = lesson;
    list.getSelectionModel().select(lesson);
    lessonTitle.setText(lesson.title());
    claim.setText("At the end of the run the lab checks: " + lesson.claim().statement());
    result.setText("Press Play; the result appears here when the run has finished.");
    lessonBox.setVisible(true);
    showPage(0);
  }

  void showPage(int index) {
    if (open == null) {
      return;
    }
    List<LessonPage> pages = open.pages();
    page = Math.max(0, Math.min(index, pages.size() - 1));
    LessonPage p = pages.get(page);
    pageTitle.setText((page + 1) + " / " + pages.size() + "  " + p.title());
    pageText.setText(p.text());
    question.setText(p.question() == null ? "" : "Question: " + p.question());
    question.setVisible(p.question() != null);
    previous.setDisable(page == 0);
    next.setDisable(page == pages.size() - 1);
    highlight.accept(p.chart());
  }

  /** Checks the open lesson's claim on the finished run, once per run, off the FX thread. */
  private void checkClaim() {
    Lesson lesson = open;
    Snapshot last = model.getLatest();
    float[] params = model.trainedParameters();
    TrainingConfig config = model.configInForce();
    if (lesson == null
        || last == null
        || params == null
        || config == null
        || !sameSetup(lesson, config)) {
      return;
    }
    long run = System.identityHashCode(params);
    if (run == checkedRun) {
      return;
    }
    checkedRun = run;
    result.setText("Checking the lesson's claim on the finished run…");
    model
        .work()
        .run(
            "Checking the lesson's claim…",
            () -> lesson.claim().check(new LessonRun(config, last, params)),
            r -> showResult(lesson, r, null),
            failure -> showResult(lesson, null, failure));
  }

  /**
   * Whether the run is the lesson's setup: the iteration budget may differ (a short demo) and live
   * settings may have been changed on the way (the claim then measures what the student did).
   */
  private static boolean sameSetup(Lesson lesson, TrainingConfig config) {
    for (var e : lesson.settings().entrySet()) {
      if (e.getKey().equals("iterations")
          || org.ponderlab.core.train.Trainer.LIVE_SETTINGS.contains(e.getKey())) {
        continue;
      }
      String now = config.toText().get(e.getKey());
      String want = TrainingConfig.fromText(lesson.settings()).toText().get(e.getKey());
      if (now == null || !now.equals(want)) {
        return false;
      }
    }
    return true;
  }

  private void showResult(Lesson lesson, ClaimResult r, Throwable failure) {
    if (lesson != open) {
      return;
    }
    if (failure != null) {
      result.setText(
          "Could not check the claim: "
              + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
      return;
    }
    result.setText("Result: " + r.line());
  }

  Lesson openLesson() {
    return open;
  }
}
