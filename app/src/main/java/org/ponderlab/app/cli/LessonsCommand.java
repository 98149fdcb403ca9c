package org.ponderlab.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.ponderlab.core.lesson.Lesson;
import org.ponderlab.core.lesson.Lessons;
import picocli.CommandLine.Command;

/**
 * {@code ponderlab lessons}: one lesson per line: its name, its title, its measured runtime on 2
 * cores.
 */
@Command(
    name = "lessons",
    mixinStandardHelpOptions = true,
    description = {
      "List the guided lessons: name, title, and how long its run took on 2 shared cores.",
      "Open one with: ponderlab lesson NAME; check its claim headless with: ponderlab lesson NAME --check"
    })
public final class LessonsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    int width = Lessons.all().stream().mapToInt(l -> l.name().length()).max().orElse(10);
    for (Lesson l : Lessons.all()) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %s  (%s on 2 cores)",
              l.name(),
              l.title(),
              Lessons.runtime(l.secondsMeasured())));
    }
    return 0;
  }
}
