package org.ponderlab.core.task.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * With the digit as MNIST's difficulty, the trainer's per-difficulty numbers are per-class numbers
 * and the ponder rows are spread over the classes. Golden values come from the shipped test split's
 * label table (datasets/mnist/README.md: 200 225 198 206 196 173 203 214 189 196 digits 0..9), not
 * from the code: the evaluator picks rows r·2000/64 (r = 0..63) of the split sorted by digit, which
 * lands 7 7 6 7 6 6 6 7 6 6 rows on the digits 0..9 (counted by hand from the cumulative table).
 */
class MnistPerClassTest {
  private static final int[] TEST_DIGITS = {200, 225, 198, 206, 196, 173, 203, 214, 189, 196};
  private static final int[] ROWS_PER_DIGIT = {7, 7, 6, 7, 6, 6, 6, 7, 6, 6};

  @Test
  void shortRealRunReportsPerClassAccuracyAndStepsAndPonderRowsOverAllDigits()
      throws InterruptedException {
    TrainingConfig config =
        TrainingConfig.fromText(
            Map.of(
                "task",
                "mnist",
                "max-steps",
                "8",
                "batch",
                "64",
                "beta",
                "0.05",
                "lr",
                "0.002",
                "iterations",
                "40",
                "eval-every",
                "40",
                "seed",
                "3"));
    Experiment experiment = Experiments.create(config);
    assertEquals("digit", experiment.task().difficultyName());
    Snapshot[] last = new Snapshot[1];
    Trainer trainer =
        new Trainer(
            config,
            experiment,
            new TrainingListener() {
              @Override
              public void onSnapshot(Snapshot s) {
                last[0] = s;
              }

              @Override
              public void onStateChanged(TrainerState state, String message) {}
            });
    trainer.start().play();
    trainer.join(80_000);
    assertEquals(TrainerState.FINISHED, trainer.state());
    Snapshot s = last[0];
    assertEquals(40, s.iteration());

    // ten classes, each with a real accuracy and mean step count
    assertEquals(10, s.accuracyByDifficulty().length);
    assertEquals(10, s.meanStepsByDifficulty().length);
    double accuracy = 0;
    double steps = 0;
    for (int d = 0; d < 10; d++) {
      double a = s.accuracyByDifficulty()[d];
      double n = s.meanStepsByDifficulty()[d];
      assertTrue(a >= 0 && a <= 1, "digit " + d + " accuracy " + a);
      assertTrue(n >= 1 && n <= 8, "digit " + d + " mean steps " + n);
      accuracy += a * TEST_DIGITS[d] / 2000;
      steps += n * TEST_DIGITS[d] / 2000;
    }
    // weighted by the class sizes of the split, the per-class numbers are the overall ones
    assertEquals(s.accuracy(), accuracy, 1e-9);
    assertEquals(s.meanSteps(), steps, 1e-9);
    assertTrue(s.accuracy() > 0.5, "40 iterations at lr 2e-3 learn something: " + s.accuracy());

    // 64 ponder rows, sorted by digit, spread over all ten classes
    List<PonderRow> rows = s.ponderRows();
    assertEquals(64, rows.size());
    int[] perDigit = new int[10];
    for (int r = 0; r < rows.size(); r++) {
      PonderRow row = rows.get(r);
      assertEquals(row.label(), row.difficulty());
      assertEquals(784, row.input().length);
      if (r > 0) {
        assertTrue(rows.get(r - 1).difficulty() <= row.difficulty());
      }
      perDigit[row.label()]++;
    }
    assertArrayEquals(ROWS_PER_DIGIT, perDigit);
  }
}
