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

/** The catalogue: every lesson complete and its setup valid (the checks themselves train: see LessonCheckTest). */
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
      assertTrue(l.pages().stream().anyMatch(p -> p.chart() != null), l.name() + " points at no chart");
      assertTrue(l.pages().stream().anyMatch(p -> p.question() != null), l.name() + " asks no question");
      assertNotNull(l.config(), l.name()); // validates every setting
      var method = org.ponderlab.core.halting.HaltingMethods.create(l.config().method());
      assertTrue(method.rules().contains(l.config().evaluationRule(method.rules().get(0))),
          l.name() + ": its evaluation rule is one of its method's");
      assertFalse(l.claim().statement().isBlank());
      assertTrue(l.secondsMeasured() > 0, l.name());
    }
  }

  @Test
  void anUnknownLessonIsRefusedNamingTheKnownOnes() {
    ConfigException e = assertThrows(ConfigException.class, () -> Lessons.get("thermodynamics"));
    assertTrue(e.getMessage().contains("thermodynamics") && e.getMessage().contains("reading-the-prior"), e.getMessage());
  }

  @Test
  void runtimesReadAsSecondsOrMinutes() {
    assertEquals("45 s", Lessons.runtime(45));
    assertEquals("3 min", Lessons.runtime(170));
  }
}
