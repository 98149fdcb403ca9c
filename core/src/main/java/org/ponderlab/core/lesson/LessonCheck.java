package org.ponderlab.core.lesson;

import java.util.function.LongConsumer;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * Trains a lesson's setup headless, to the end, and checks its claim (what {@code ponderlab lesson
 * NAME --check} and the tests run). The window checks the same claim on its own finished run
 * through {@link Lesson#claim()} with a {@link LessonRun}.
 */
public final class LessonCheck {
  private LessonCheck() {}

  /**
   * The outcome of a check.
   *
   * @param run the finished run
   * @param result the claim's verdict and numbers
   */
  public record Outcome(LessonRun run, ClaimResult result) {}

  /**
   * Trains and checks; {@code progress} hears the iteration at each snapshot.
   *
   * @throws IllegalStateException if training fails (the message says why)
   */
  public static Outcome run(Lesson lesson, LongConsumer progress) throws InterruptedException {
    return run(lesson.config(), lesson, progress);
  }

  /**
   * Trains {@code iterations} instead of the lesson's own budget (quick tests of the check itself;
   * the lesson's claim is stated for its own budget) and checks the claim on that run.
   */
  public static Outcome run(Lesson lesson, int iterations, LongConsumer progress)
      throws InterruptedException {
    TrainingConfig c = lesson.config().with("iterations", Integer.toString(iterations));
    if (c.evalEvery() > iterations) {
      c = c.with("eval-every", Integer.toString(iterations));
    }
    return run(c, lesson, progress);
  }

  private static Outcome run(TrainingConfig config, Lesson lesson, LongConsumer progress)
      throws InterruptedException {
    String[] ending = {""};
    Trainer trainer =
        new Trainer(
                config,
                Experiments.create(config),
                new TrainingListener() {
                  @Override
                  public void onSnapshot(org.ponderlab.core.train.Snapshot s) {
                    progress.accept(s.iteration());
                  }

                  @Override
                  public void onStateChanged(TrainerState state, String message) {
                    ending[0] = message;
                  }
                })
            .start();
    trainer.play();
    trainer.join();
    if (trainer.state() != TrainerState.FINISHED || trainer.latest() == null) {
      throw new IllegalStateException(
          "the lesson's run ended "
              + trainer.state().name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + ending[0]);
    }
    LessonRun run = new LessonRun(trainer.config(), trainer.latest(), trainer.parameters());
    return new Outcome(run, lesson.claim().check(run));
  }
}
