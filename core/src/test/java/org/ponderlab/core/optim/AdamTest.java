package org.ponderlab.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamTest {
  @Test
  void firstStepMovesEachParameterByTheLearningRateAgainstItsGradientSign() {
    // m̂ = g, v̂ = g², so the first update is lr·g/(|g| + eps) = ±lr
    float[] p = {1f, -2f, 0.5f};
    float[] g = {0.3f, -4f, 1e-3f};
    Adam adam = new Adam(3);
    adam.step(p, g, 0.01, 0);
    assertEquals(0.99f, p[0], 1e-6);
    assertEquals(-1.99f, p[1], 1e-6);
    assertEquals(0.49f, p[2], 1e-5);
  }

  @Test
  void secondStepMatchesHandComputedAdam() {
    // g1 = 1, g2 = 0.5: m2 = 0.9·0.1 + 0.1·0.5 = 0.14, v2 = 0.999·0.001 + 0.001·0.25 = 0.001249
    // m̂ = 0.14/0.19 = 0.736842, v̂ = 0.001249/0.001999 = 0.624812, step = lr·m̂/√v̂ = 0.1·0.932183
    float[] p = {0f};
    Adam adam = new Adam(1);
    adam.step(p, new float[] {1f}, 0.1, 0);
    adam.step(p, new float[] {0.5f}, 0.1, 0);
    assertEquals(-0.1 - 0.0932183, p[0], 1e-5);
  }

  @Test
  void clippingScalesTheGlobalNormAndReportsItUnclipped() {
    float[] p = {0f, 0f};
    float[] g = {3f, 4f}; // norm 5
    Adam adam = new Adam(2);
    double norm = adam.step(p, g, 0.1, 1.0);
    assertEquals(5.0, norm, 1e-6);
    // first Adam step is scale-invariant in g, so both still move by lr
    assertEquals(-0.1f, p[0], 1e-5);
    assertEquals(-0.1f, p[1], 1e-5);
  }

  @Test
  void nonFiniteGradientUpdatesNothing() {
    float[] p = {1f, 2f};
    double norm = new Adam(2).step(p, new float[] {Float.NaN, 1f}, 0.1, 1.0);
    assertEquals(Double.NaN, norm);
    assertEquals(1f, p[0]);
    assertEquals(2f, p[1]);
  }
}
