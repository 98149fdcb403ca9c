package org.ponderlab.core.lesson;

import java.util.List;
import java.util.Map;
import org.ponderlab.core.train.TrainingConfig;

/**
 * A guided lesson: a setup (its preset), a few short pages, and the observation as a {@link Claim}
 * the lab checks on the lesson's finished run. Claims say what the lab measured at the lesson's
 * budget, not what a paper reports.
 *
 * @param name command-line name ({@code reading-the-prior})
 * @param title one line
 * @param settings the setup, by setting name (the rest default); trains in minutes on 2 cores
 * @param pages what the model is, what to press, what to watch, a question
 * @param claim the observation the run is checked against
 * @param secondsMeasured how long {@code ponderlab lesson NAME --check} took on this 2-core machine
 *     (shared, so an upper figure), for the lessons list
 */
public record Lesson(
    String name,
    String title,
    Map<String, String> settings,
    List<LessonPage> pages,
    Claim claim,
    int secondsMeasured) {

  public Lesson {
    settings = Map.copyOf(settings);
    pages = List.copyOf(pages);
  }

  /** The lesson's setup, validated. */
  public TrainingConfig config() {
    return TrainingConfig.fromText(settings);
  }

  /** The chart of the first page that names one: where the window opens. */
  public LessonChart firstChart() {
    return pages.stream()
        .map(LessonPage::chart)
        .filter(c -> c != null)
        .findFirst()
        .orElse(LessonChart.HALTING_DISTRIBUTION);
  }
}
