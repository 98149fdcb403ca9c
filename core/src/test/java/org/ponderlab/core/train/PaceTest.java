package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The speed cap's schedule, on a made-up clock (no waiting, no wall time). */
class PaceTest {
  static final long MS = 1_000_000L;

  @Test
  void withoutACapNothingWaits() {
    Pace pace = new Pace();
    pace.started(0);
    assertEquals(0, pace.delayBefore(1));
    pace.setMaxPerSecond(0);
    assertEquals(0, pace.delayBefore(1));
  }

  @Test
  void tenPerSecondSpacesIterationsAHundredMillisecondsApart() {
    Pace pace = new Pace();
    pace.setMaxPerSecond(10);
    assertEquals(0, pace.delayBefore(0)); // the first iteration starts at once
    pace.started(0);
    assertEquals(70 * MS, pace.delayBefore(30 * MS)); // it took 30 ms: wait the other 70
    assertEquals(0, pace.delayBefore(100 * MS));
    pace.started(100 * MS);
    pace.started(200 * MS);
    assertEquals(100 * MS, pace.delayBefore(200 * MS));
  }

  @Test
  void afterAPauseItDoesNotBurstToCatchUp() {
    Pace pace = new Pace();
    pace.setMaxPerSecond(10);
    pace.started(0);
    pace.started(10_000 * MS); // ten seconds later (paused meanwhile)
    assertEquals(
        100 * MS, pace.delayBefore(10_000 * MS)); // the next is one interval later, not at once
  }

  @Test
  void aBadCapMeansNoCap() {
    Pace pace = new Pace();
    for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      pace.setMaxPerSecond(bad);
      assertEquals(0, pace.maxPerSecond());
    }
    pace.setMaxPerSecond(2);
    assertEquals(2, pace.maxPerSecond());
  }
}
