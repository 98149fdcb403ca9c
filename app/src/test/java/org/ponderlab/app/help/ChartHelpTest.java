package org.ponderlab.app.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartHelpTest {
  /** Every chart the window shows has a "?" with one of these ids. */
  static final List<String> WINDOW_CHARTS =
      List.of(
          "halting",
          "halting-history",
          "curves",
          "ponder-map",
          "digit-map",
          "step-diagnostics",
          "difficulty",
          "compare",
          "input-view");

  @Test
  void everyChartOfTheWindowIsExplainedInFull() {
    Map<String, ChartHelp> all = ChartHelp.all();
    for (String id : WINDOW_CHARTS) {
      ChartHelp h = ChartHelp.of(id);
      assertEquals(id, h.id());
      for (String part :
          List.of(h.title(), h.plotted(), h.formula(), h.healthy(), h.unhealthy(), h.lesson())) {
        assertFalse(part.isBlank(), id);
      }
      assertEquals(
          h.lesson(),
          org.ponderlab.core.lesson.Lessons.get(h.lesson()).name(),
          "the lesson of " + id + " exists");
    }
    assertEquals(
        WINDOW_CHARTS.size(), all.size(), "an explanation no chart shows: " + all.keySet());
    // the two lessons the issue fixes by name are where the reader is sent from the core charts
    assertEquals("reading-the-prior", ChartHelp.of("halting").lesson());
    assertEquals("parity-extrapolation", ChartHelp.of("difficulty").lesson());
    // continuation lines keep the formula one equation a line
    assertTrue(
        ChartHelp.of("ponder-map").formula().contains("\np_n = λ_n · Π_{j<n} (1 − λ_j)"),
        ChartHelp.of("ponder-map").formula());
  }

  @Test
  void aBlockWithoutAFieldIsRefusedNamingTheChartAndTheField() {
    String text = "[x]\ntitle: X\nplotted: p\nformula: f\nhealthy: h\nlesson: l\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChartHelp.parse(text));
    assertEquals("chart help [x] has no 'unhealthy'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ChartHelp.of("pie"));
  }
}
