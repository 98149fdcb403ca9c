package org.ponderlab.core.lesson;

import java.util.function.Function;

/**
 * A lesson's observation as a measurable statement, checked on the lesson's finished run.
 *
 * @param statement what the lesson says the run shows, in words
 * @param check measures it on the run
 */
public record Claim(String statement, Function<LessonRun, ClaimResult> check) {
  public ClaimResult check(LessonRun run) {
    return check.apply(run);
  }
}
