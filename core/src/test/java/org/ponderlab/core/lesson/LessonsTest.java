package org.ponderlab.core.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.ConfigException;

/**
 * The catalogue: every lesson complete and its setup valid (the checks themselves train: see
 * LessonCheckTest).
 */
class LessonsTest {
  @Test
  void atLeastSevenCompleteLessonsWithTheFixedNames() {
    assertTrue(Lessons.all().size() >= 7, "lessons: " + Lessons.all().size());
    assertEquals("reading-the-prior", Lessons.get("reading-the-prior").name());
    assertEquals("parity-extrapolation", Lessons.get("parity-extrapolation").name());
    Set<String> names = new HashSet<>();
    for (Lesson l : Lessons.all()) {
      assertTrue(names.add(l.name()), "duplicate " + l.name());
      assertTrue(l.name().matches("[a-z0-9-]+"), l.name());
      assertFalse(l.title().isBlank());
      assertTrue(l.pages().size() >= 3, l.name() + " has " + l.pages().size() + " pages");
      assertTrue(
          l.pages().stream().anyMatch(p -> p.chart() != null), l.name() + " points at no chart");
      assertTrue(
          l.pages().stream().anyMatch(p -> p.question() != null), l.name() + " asks no question");
      assertNotNull(l.config(), l.name()); // validates every setting
      var method = org.ponderlab.core.halting.HaltingMethods.create(l.config().method());
      assertTrue(
          method.rules().contains(l.config().evaluationRule(method.rules().get(0))),
          l.name() + ": its evaluation rule is one of its method's");
      assertFalse(l.claim().statement().isBlank());
      assertTrue(l.secondsMeasured() > 0, l.name());
    }
  }

  @Test
  void anUnknownLessonIsRefusedNamingTheKnownOnes() {
    ConfigException e = assertThrows(ConfigException.class, () -> Lessons.get("thermodynamics"));
    assertTrue(
        e.getMessage().contains("thermodynamics") && e.getMessage().contains("reading-the-prior"),
        e.getMessage());
  }

  @Test
  void runtimesReadAsSecondsOrMinutes() {
    assertEquals("45 s", Lessons.runtime(45));
    assertEquals("3 min", Lessons.runtime(170));
  }

  @Test
  void expectedStepsOfThePriorAndOfTheModel() {
    // normalized geometric prior, λ_p 0.2, N 20: Σ n·g_n / Σ g_n = 4.7667 (by hand: 1/λ −
    // N(1−λ)^N/(1 − (1−λ)^N))
    double[] prior = org.ponderlab.core.halting.Prior.parse("normalized").probabilities(0.2, 20);
    double[] meanP = new double[20];
    meanP[2] = 1;
    org.ponderlab.core.train.Snapshot s =
        new org.ponderlab.core.train.Snapshot(
            10,
            1,
            0.5,
            0.1,
            0.5,
            3,
            3,
            "sample",
            new int[20],
            prior,
            meanP,
            new double[20],
            new double[] {Double.NaN, 0.5},
            new double[] {Double.NaN, 3},
            java.util.List.of(),
            1,
            java.util.List.of());
    LessonRun run =
        new LessonRun(org.ponderlab.core.train.TrainingConfig.defaults(), s, new float[0]);
    double byHand = 1 / 0.2 - 20 * Math.pow(0.8, 20) / (1 - Math.pow(0.8, 20));
    assertEquals(4.7667, byHand, 1e-4);
    assertEquals(byHand, run.priorExpectedStep(), 1e-9);
    assertEquals(3, run.modelExpectedStep(), 1e-12);
    ClaimResult r = Lessons.get("reading-the-prior").claim().check(run);
    assertFalse(r.holds(), "3 steps are left of the prior's 4.77: " + r.line());
    assertTrue(
        r.line().contains("3.00 against the prior's 4.77") && r.line().endsWith("✗"), r.line());
  }
}
