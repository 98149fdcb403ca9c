package org.ponderlab.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.ponderlab.core.lesson.Lesson;
import org.ponderlab.core.lesson.LessonCheck;
import org.ponderlab.core.lesson.LessonPage;
import org.ponderlab.core.lesson.Lessons;
import org.ponderlab.core.train.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ponderlab lesson NAME}: opens the window on a lesson's setup; {@code --check} trains it
 * headless instead, prints its pages' claim with the numbers measured, and exits 0 only if the
 * claim holds (1 if it does not, 2 for an unknown name).
 */
@Command(
    name = "lesson",
    mixinStandardHelpOptions = true,
    description = {
      "Open the window on a guided lesson (see: ponderlab lessons), or with --check train it headless and",
      "print its claim with the numbers measured; the exit status is 0 only if the claim holds."
    })
public final class LessonCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "the lesson (see: ponderlab lessons)")
  String name;

  @Option(
      names = "--check",
      description = "train headless and check the lesson's claim (exit 0 if it holds, 1 if not)")
  boolean check;

  @Option(names = "--pages", description = "print the lesson's pages and exit")
  boolean pages;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      description =
          "with --check: train N iterations instead of the lesson's own (a quick look; the claim is stated for the lesson's budget)")
  String iterations;

  @Override
  public Integer call() throws InterruptedException {
    Lesson lesson;
    try {
      lesson = Lessons.get(name);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    if (pages) {
      System.out.print(pagesText(lesson));
      return 0;
    }
    if (!check) {
      return openWindow(lesson);
    }
    Integer shorter = null;
    if (iterations != null) {
      try {
        shorter =
            (Integer) org.ponderlab.core.train.ConfigFields.get("iterations").parse(iterations);
      } catch (ConfigException e) {
        return Cli.badValue(e);
      }
    }
    System.out.println(lesson.name() + ": " + lesson.title());
    System.out.println("claim: " + lesson.claim().statement());
    long total = shorter != null ? shorter : lesson.config().iterations();
    long start = System.nanoTime();
    LessonCheck.Outcome outcome;
    try {
      java.util.function.LongConsumer progress =
          it ->
              System.err.print(
                  String.format(Locale.ROOT, "\rtraining: iteration %d of %d", it, total));
      outcome =
          shorter != null
              ? LessonCheck.run(lesson, shorter, progress)
              : LessonCheck.run(lesson, progress);
    } catch (IllegalStateException e) {
      System.err.println();
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    System.err.println();
    System.out.println(
        String.format(
            Locale.ROOT,
            "trained %d iterations in %.0f s",
            outcome.run().last().iteration(),
            (System.nanoTime() - start) / 1e9));
    System.out.println(outcome.result().line());
    return outcome.result().holds() ? 0 : 1;
  }

  static String pagesText(Lesson lesson) {
    StringBuilder b = new StringBuilder(lesson.name() + ": " + lesson.title() + "\n");
    int i = 1;
    for (LessonPage p : lesson.pages()) {
      b.append('\n')
          .append(i++)
          .append(". ")
          .append(p.title())
          .append('\n')
          .append(p.text())
          .append('\n');
      if (p.chart() != null) {
        b.append("   watch: ").append(p.chart().id()).append('\n');
      }
      if (p.question() != null) {
        b.append("   question: ").append(p.question()).append('\n');
      }
    }
    b.append("\nclaim: ").append(lesson.claim().statement()).append('\n');
    return b.toString();
  }

  /** The window, its setup filled from the lesson and the first page's chart's tab in front. */
  private static int openWindow(Lesson lesson) {
    String[] args = lessonWindowArguments(lesson);
    return org.ponderlab.app.lab.LabCommand.runWith(args);
  }

  /** {@code ponderlab lab} arguments that open the window on the lesson's setup. */
  static String[] lessonWindowArguments(Lesson lesson) {
    java.util.List<String> args = new java.util.ArrayList<>();
    lesson
        .settings()
        .forEach(
            (k, v) -> {
              args.add("--" + k);
              args.add(v);
            });
    args.add("--tab");
    args.add(lesson.firstChart().tab());
    args.add("--lesson");
    args.add(lesson.name());
    return args.toArray(String[]::new);
  }
}
