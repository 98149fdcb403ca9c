package org.ponderlab.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.PonderRow;

class StepMeasureTest {
  /**
   * p = (0.1, 0.2, 0.3, 0.4): E[n] = 0.1 + 0.4 + 0.9 + 1.6 = 3.0; cumulative 0.1, 0.3, 0.6, 1.0.
   */
  static final PonderRow ROW =
      new PonderRow(7, 2, new float[] {1, 0}, 1, 1, 1, new double[] {0.1, 0.2, 0.3, 0.4});

  @Test
  void theDeterministicMeasuresComeFromPn() {
    assertEquals(3.0, StepMeasure.expected().of(ROW), 1e-12);
    assertEquals(3, StepMeasure.qExit(0.5).of(ROW));
    assertEquals(1, StepMeasure.qExit(0.05).of(ROW));
    assertEquals(2, StepMeasure.qExit(0.3 - 1e-9).of(ROW));
    assertEquals(1, StepMeasure.rule("sample").of(ROW)); // the row's one draw
  }

  @Test
  void aRandomDrawSaysSo() {
    assertTrue(StepMeasure.rule("sample").random());
    assertTrue(StepMeasure.rule("sample").label().contains("random draw"));
    assertFalse(StepMeasure.rule("q-exit").random());
    assertEquals("halting step under rule q-exit", StepMeasure.rule("q-exit").label());
    assertEquals("q-exit step (q = 0.5)", StepMeasure.qExit(0.5).choice());
    assertEquals("3.0", StepMeasure.expected().format(3.0));
    assertEquals("3", StepMeasure.qExit(0.5).format(3));
  }
}
