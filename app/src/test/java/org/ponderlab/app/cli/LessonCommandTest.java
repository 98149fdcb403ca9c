package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ponderlab.app.cli.TrainCommandTest.Result;
import org.ponderlab.core.lesson.Lessons;

/**
 * {@code lessons} and {@code lesson NAME --check}. The lessons' own budgets take minutes on 2 cores
 * (their runtimes are in the README); here the checks run 300 iterations each (a few seconds): β =
 * 1's prior wins that early (exit 0), while ACT has not collapsed to one step yet, so its claim is
 * refused with its numbers (exit 1).
 */
class LessonCommandTest {
  @Test
  void lessonsListsOneLessonPerLineNameFirstWithTitleAndRuntime() {
    Result r = TrainCommandTest.run("lessons");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(Lessons.all().size(), lines.size());
    assertTrue(lines.size() >= 7);
    for (int i = 0; i < lines.size(); i++) {
      String name = Lessons.all().get(i).name();
      assertTrue(lines.get(i).startsWith(name + " "), lines.get(i));
      assertTrue(
          lines.get(i).contains(Lessons.all().get(i).title())
              && lines.get(i).contains("on 2 cores"),
          lines.get(i));
    }
  }

  @Test
  void aClaimThatHoldsExitsZeroWithItsNumbers() {
    Result r = TrainCommandTest.run("lesson", "beta-prior-wins", "--check", "--iterations", "300");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("against the prior's") && r.out().contains("✓"), r.out());
  }

  @Test
  void aClaimThatDoesNotHoldExitsOneWithItsNumbers() {
    Result r =
        TrainCommandTest.run("lesson", "act-tau-vs-pondernet", "--check", "--iterations", "300");
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("mean steps") && r.out().contains("✗"), r.out());
  }

  @Test
  void pagesNameTheirChartsAndAnUnknownLessonExitsTwo() {
    Result pages = TrainCommandTest.run("lesson", "parity-extrapolation", "--pages");
    assertEquals(0, pages.status(), pages.err());
    assertTrue(
        pages.out().contains("watch: per-difficulty") && pages.out().contains("question:"),
        pages.out());
    Result unknown = TrainCommandTest.run("lesson", "alchemy", "--check");
    assertEquals(2, unknown.status());
    assertTrue(
        unknown.err().contains("alchemy") && unknown.err().contains("reading-the-prior"),
        unknown.err());
    Result badBudget =
        TrainCommandTest.run("lesson", "reading-the-prior", "--check", "--iterations", "0");
    assertEquals(2, badBudget.status());
    assertTrue(badBudget.err().contains("iterations"), badBudget.err());
  }

  @Test
  void theWindowOpensOnTheLessonsSetupAndTab() {
    var lesson = Lessons.get("cpvr-depth-follows-hops");
    List<String> args = List.of(LessonCommand.lessonWindowArguments(lesson));
    assertEquals("cpvr", args.get(args.indexOf("--task") + 1));
    assertEquals("ut", args.get(args.indexOf("--model") + 1));
    assertEquals("diagnostics", args.get(args.indexOf("--tab") + 1));
    assertEquals("cpvr-depth-follows-hops", args.get(args.indexOf("--lesson") + 1));
    Result unknown = TrainCommandTest.run("lab", "--lesson", "alchemy");
    assertEquals(2, unknown.status());
    assertTrue(
        unknown.err().contains("--lesson") && unknown.err().contains("alchemy"), unknown.err());
  }
}
