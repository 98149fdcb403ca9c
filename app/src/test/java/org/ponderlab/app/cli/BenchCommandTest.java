package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ponderlab bench}: what it prints and what it refuses (it never judges a time). */
class BenchCommandTest {
  @TempDir Path tmp;

  private static double figure(String out, String name) {
    Matcher m = Pattern.compile(name + "=([0-9.]+)").matcher(out);
    assertTrue(m.find(), name + " missing from:\n" + out);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void timesTrainingIterationsWithAMethodSetting() {
    TrainCommandTest.Result r =
        TrainCommandTest.run(
            "bench",
            "--method",
            "palbert",
            "--set",
            "lambda-width=8",
            "--warmup",
            "1",
            "--iterations",
            "3");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("method=palbert lambda-width=8"), r.out());
    assertTrue(figure(r.out(), "bench_median_ms_per_iter") > 0);

    TrainCommandTest.Result bad = TrainCommandTest.run("bench", "--set", "lambda-width=0");
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("lambda-width") && bad.err().contains("0"), bad.err());
  }

  @Test
  void timesASavedModelsInferenceStoppingEachInputAtItsHaltingStep() {
    Path run = tmp.resolve("run");
    TrainCommandTest.Result trained =
        TrainCommandTest.run(
            "train",
            "--iterations",
            "60",
            "--eval-every",
            "60",
            "--hidden",
            "8",
            "--max-steps",
            "6",
            "--validation-size",
            "256",
            "--quiet",
            "--out",
            run.toString());
    assertEquals(0, trained.status(), trained.err());
    TrainCommandTest.Result r =
        TrainCommandTest.run("bench", "--inference", run.toString(), "--repeats", "2");
    assertEquals(0, r.status(), r.err());
    Matcher steps =
        Pattern.compile("halting step: [0-9.]+ ms, ([0-9.]+) steps per input").matcher(r.out());
    assertTrue(steps.find(), r.out());
    double perInput = Double.parseDouble(steps.group(1));
    assertTrue(perInput >= 1 && perInput < 6, "steps per input " + perInput);
    assertTrue(
        figure(r.out(), "inference_ms_early_exit") > 0
            && figure(r.out(), "inference_ms_all_steps") > 0);

    Path expectation = tmp.resolve("expectation");
    TrainCommandTest.run(
        "train",
        "--iterations",
        "20",
        "--eval-every",
        "20",
        "--hidden",
        "8",
        "--max-steps",
        "6",
        "--validation-size",
        "128",
        "--eval-rule",
        "expectation",
        "--quiet",
        "--out",
        expectation.toString());
    TrainCommandTest.Result refused =
        TrainCommandTest.run("bench", "--inference", expectation.toString());
    assertEquals(2, refused.status());
    assertTrue(refused.err().contains("needs every step"), refused.err());

    TrainCommandTest.Result missing =
        TrainCommandTest.run("bench", "--inference", tmp.resolve("nothing").toString());
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("nothing"), missing.err());
  }
}
