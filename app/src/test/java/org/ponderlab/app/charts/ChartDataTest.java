package org.ponderlab.app.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Golden numbers computed by hand (shown in the comments). */
class ChartDataTest {
  @Test
  void histogramFractionsSumToOne() {
    double[] f = ChartData.fractions(new int[] {1, 3, 0, 4});
    assertArrayEquals(new double[] {0.125, 0.375, 0, 0.5}, f, 1e-15);
    assertEquals(1.0, ChartData.sum(f), 1e-15);
    assertArrayEquals(new double[] {0, 0}, ChartData.fractions(new int[] {0, 0}));
  }

  @Test
  void expectedStepCountsFromOne() {
    // 1·0.2 + 2·0.4 + 3·0.4 = 2.2
    assertEquals(2.2, ChartData.expectedStep(new double[] {0.2, 0.4, 0.4}), 1e-12);
    // unnormalized geometric prior λ_p = 0.2, N = 3: g = 0.2, 0.16, 0.128 (sum 0.488);
    // (0.2 + 0.32 + 0.384) / 0.488 = 1.8524590...
    assertEquals(
        1.8524590163934427, ChartData.expectedStep(new double[] {0.2, 0.16, 0.128}), 1e-12);
  }

  @Test
  void debiasedEmaMatchesTensorBoard() {
    // w = 0.5: EMA 0.5, 1.25, 2.125; debias 1 − 0.5^t = 0.5, 0.75, 0.875 → 1, 1.6667, 2.428571
    assertArrayEquals(
        new double[] {1, 5.0 / 3, 17.0 / 7},
        ChartData.debiasedEma(new double[] {1, 2, 3}, 0.5),
        1e-12);
    // w = 0.9 on a constant stays the constant (the debiasing removes the start-at-zero bias)
    assertArrayEquals(
        new double[] {4, 4, 4, 4}, ChartData.debiasedEma(new double[] {4, 4, 4, 4}, 0.9), 1e-12);
    // NaN passes through and does not count: third value = (0.5·0.5·1 + 0.5·3) / (1 − 0.25) =
    // 2.3333
    double[] s = ChartData.debiasedEma(new double[] {1, Double.NaN, 3}, 0.5);
    assertEquals(1, s[0], 1e-12);
    assertTrue(Double.isNaN(s[1]));
    assertEquals(7.0 / 3, s[2], 1e-12);
    assertArrayEquals(new double[] {3, 1, 2}, ChartData.debiasedEma(new double[] {3, 1, 2}, 0), 0);
  }
}
