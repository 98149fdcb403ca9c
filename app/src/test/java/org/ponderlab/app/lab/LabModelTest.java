package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.halting.LossParts;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingStep;

/** The presentation model without a window, driving the real trainer on a small parity network. */
class LabModelTest {
  static final Map<String, String> SMALL =
      Map.of(
          "hidden",
          "16",
          "batch",
          "32",
          "validation-size",
          "256",
          "max-steps",
          "8",
          "eval-every",
          "40",
          "iterations",
          "100000");

  final LabModel model = new LabModel();
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path runs;

  @org.junit.jupiter.api.BeforeEach
  void saveRunsInATemporaryFolder() {
    model.runsDirectoryProperty().set(runs);
  }

  @AfterEach
  void stopTrainer() throws InterruptedException {
    model.stop();
    model.awaitTrainer(10_000); // it writes its last snapshot into the temporary folder
  }

  /** Polls as the window's timer does until the condition holds (fails after 60 s). */
  static void pollUntil(LabModel m, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      m.poll(System.nanoTime());
      if (condition.getAsBoolean()) {
        return;
      }
      assertTrue(
          System.nanoTime() < deadline,
          "condition not reached; status: " + m.statusProperty().get());
      Thread.sleep(20);
    }
  }

  @Test
  void aValueOutOfRangeShowsItsReasonAndDisablesPlay() {
    assertTrue(model.canPlayProperty().get());
    FieldModel lambda = model.setup().field("lambda-p");
    lambda.setText("1.5");
    assertEquals("'1.5' is not allowed; allowed range (0, 1)", lambda.getError());
    assertFalse(model.canPlayProperty().get());
    assertFalse(model.canStepProperty().get());
    assertEquals(
        "λ_p (prior): '1.5' is not allowed; allowed range (0, 1)",
        model.setup().problemProperty().get());
    lambda.setText("abc");
    assertTrue(lambda.getError().contains("expected a number"), lambda.getError());
    lambda.setText("0.5");
    assertNull(lambda.getError());
    assertTrue(model.canPlayProperty().get());
    assertEquals(0.5, model.setup().getConfig().lambdaP());
  }

  @Test
  void theFormShowsOnlyTheChosenMethodsSettings() {
    SetupModel setup = model.setup();
    assertTrue(setup.field("lambda-p").isShown());
    assertFalse(setup.field("tau").isShown());
    setup.field("method").setText("act");
    assertFalse(setup.field("lambda-p").isShown());
    assertTrue(setup.field("tau").isShown());
    assertTrue(setup.field("act-epsilon").isShown());
    setup.field("lambda-p").setText("7"); // invalid, but ACT does not use it
    assertTrue(setup.isValid());
    setup.field("method").setText("pondernet");
    assertFalse(setup.isValid(), "shown again, the bad value counts");
  }

  @Test
  void aRuleAcrossSettingsNamesTheFieldItBlames() {
    model.setup().field("method").setText("pabee");
    model.setup().field("patience").setText("30");
    assertEquals(
        "'30' is not allowed; must be at most max-steps (20)",
        model.setup().field("patience").getError());
    assertFalse(model.canPlayProperty().get());
    model.setup().field("max-steps").setText("40");
    assertNull(model.setup().field("patience").getError());
    assertTrue(model.canPlayProperty().get());
  }

  /**
   * The cell is MNIST's setting: hidden for parity, but an mlp kept from MNIST blocks parity, so it
   * shows again with the reason. Seen failing (run once, then reverted) without {@code
   * named.setShown(true)} in {@code SetupModel.recompute}: the field stayed hidden.
   */
  @Test
  void anMlpCellKeptFromMnistIsShownWithItsReasonWhenTheTaskChanges() {
    SetupModel setup = model.setup();
    assertFalse(setup.field("cell").isShown(), "parity has no choice of cell");
    setup.field("task").setText("mnist");
    assertTrue(setup.field("cell").isShown());
    assertTrue(setup.field("mlp-hidden").isShown());
    setup.field("cell").setText("mlp");
    assertTrue(model.canPlayProperty().get());
    assertEquals("mlp", setup.getConfig().cell());
    setup.field("task").setText("parity");
    assertTrue(setup.field("cell").isShown(), "the value that blocks the run is shown");
    assertEquals(
        "'mlp' is not allowed; only the mnist task has a choice of cell; task parity allows gru only",
        setup.field("cell").getError());
    assertFalse(model.canPlayProperty().get());
    setup.field("cell").setText("gru");
    assertNull(setup.field("cell").getError());
    assertFalse(setup.field("cell").isShown(), "hidden again once it blocks nothing");
    assertTrue(model.canPlayProperty().get());
  }

  @Test
  void aTargetAccuracyOutsideZeroToOneIsRefused() {
    model.targetAccuracyProperty().set("2");
    assertTrue(model.targetAccuracyErrorProperty().get().contains("(0, 1]"));
    assertFalse(model.canPlayProperty().get());
    model.targetAccuracyProperty().set("");
    assertTrue(model.canPlayProperty().get());
  }

  @Test
  void dataThatCannotBeLoadedIsExplainedAndNothingStarts() {
    model.setup().field("task").setText("mnist");
    model.setup().field("data").setText("/nonexistent-mnist-folder");
    model.play();
    String error = model.errorProperty().get();
    assertTrue(
        error.startsWith(
            "Can't start: Data folder '/nonexistent-mnist-folder' does not work here: cannot load MNIST:"),
        error);
    assertTrue(error.contains("not found"), error);
    assertNull(model.trainerStateProperty().get());
    assertFalse(model.isRunning());
    assertTrue(model.setup().field("task").isEditable());
  }

  @Test
  void theEvaluationRuleMustBeOneTheMethodSupports() {
    model.setup().field("eval-rule").setText("threshold");
    assertEquals(
        "'threshold' is not allowed; PonderNet supports sample, q-exit, expectation, mode (default: sample)",
        model.setup().field("eval-rule").getError());
    assertFalse(model.canPlayProperty().get());
    model.setup().field("method").setText("pact");
    assertNull(model.setup().field("eval-rule").getError(), "PACT's default rule is threshold");
    assertTrue(model.canPlayProperty().get());
  }

  @Test
  void theCommandLineHasOnlyNonDefaultSettingsAndParsesBack() {
    assertEquals("./ponderlab train --out runs/parity-pondernet-seed1", model.commandLine());
    model.setup().load(Map.of("seed", "7", "lambda-p", "0.50", "tau", "0.5"));
    model.targetAccuracyProperty().set("0.9");
    String line = model.commandLine();
    assertEquals(
        "./ponderlab train --seed 7 --lambda-p 0.5 --target-accuracy 0.9 --out runs/parity-pondernet-seed7",
        line);
    // the options parse back to the same config (tau is not used by PonderNet, so it is left out)
    List<String> words = Arrays.asList(line.split(" "));
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 2; i < words.size(); i += 2) {
      String name = words.get(i).substring(2);
      if (!name.equals("out") && !name.equals("target-accuracy")) {
        options.put(name, words.get(i + 1));
      }
    }
    assertEquals(model.setup().getConfig().with("tau", "0.01"), TrainingConfig.fromText(options));
    assertEquals("'it''s'".replace("''", "'\\''"), SetupModel.shellQuote("it's"));
  }

  @Test
  void stepTrainsExactlyOneIterationAndResetKeepsTheSeed() throws InterruptedException {
    model.setup().load(SMALL);
    model.step();
    pollUntil(model, () -> model.history().size() == 1);
    Snapshot first = model.getLatest();
    assertEquals(1, first.iteration());
    assertEquals(1, model.getIteration());
    assertEquals(
        256, Arrays.stream(first.haltingHistogram()).sum(), "every validation input halts once");
    model.step();
    pollUntil(model, () -> model.history().size() == 2);
    assertEquals(2, model.getIteration());
    assertEquals(2, model.getLatest().iteration());

    model.reset();
    assertTrue(model.history().isEmpty());
    assertEquals(0, model.getIteration());
    assertNull(model.getLatest());
    assertTrue(model.setup().field("hidden").isEditable());
    assertEquals("1", model.setup().field("seed").getText());
    model.step();
    pollUntil(model, () -> model.history().size() == 1);
    Snapshot again = model.getLatest();
    assertEquals(1, again.iteration());
    assertEquals(
        first.reconstructionLoss(),
        again.reconstructionLoss(),
        "same seed, fresh weights: the same first step");
    assertEquals(first.regularisationLoss(), again.regularisationLoss());
    assertTrue(Arrays.equals(first.haltingHistogram(), again.haltingHistogram()));
  }

  @Test
  void playTrainsPauseStopsTheCounterAndOnlyLiveSettingsStayEditable() throws InterruptedException {
    model.setup().load(SMALL);
    model.play();
    assertTrue(model.isRunning());
    assertFalse(model.canStepProperty().get());
    assertFalse(
        model.setup().field("hidden").isEditable(), "the network size is fixed once a run exists");
    assertTrue(model.setup().field("beta").isEditable(), "β may change while training");
    pollUntil(model, () -> model.getIteration() >= 200 && model.history().size() >= 2);
    model.pause();
    pollUntil(model, () -> model.trainerStateProperty().get() == TrainerState.PAUSED);
    long paused = model.getIteration();
    Thread.sleep(300);
    model.poll(System.nanoTime());
    assertEquals(paused, model.getIteration(), "the counter stands still while paused");
    assertEquals(0.0, model.iterationsPerSecondProperty().get());
    assertTrue(model.elapsedSecondsProperty().get() > 0);
    assertTrue(
        model.statusProperty().get().startsWith("Paused at iteration"),
        model.statusProperty().get());

    // a live change while paused applies at the next iteration and is recorded in every later
    // snapshot
    model.setup().field("beta").setText("0.05");
    assertTrue(model.applyLiveSetting("beta"));
    assertFalse(model.applyLiveSetting("beta"), "the same value again is no change");
    model.step();
    pollUntil(model, () -> model.getLatest().iteration() == paused + 1);
    List<SettingChange> changes = model.getLatest().changes();
    assertEquals(List.of(new SettingChange(paused, "beta", "0.01", "0.05")), changes);
    assertEquals("0.05", model.settingAt(model.getLatest(), "beta"));
    assertEquals("0.01", model.settingAt(model.history().get(0), "beta"));
  }

  @Test
  void aRunThatReachesItsBudgetSaysSoAndCanOnlyBeReset() throws InterruptedException {
    model
        .setup()
        .load(
            Map.of(
                "hidden",
                "8",
                "batch",
                "16",
                "validation-size",
                "64",
                "max-steps",
                "4",
                "eval-every",
                "20",
                "iterations",
                "40"));
    model.play();
    pollUntil(model, () -> model.trainerStateProperty().get() == TrainerState.FINISHED);
    assertEquals("Finished 40 iterations. Reset to train again.", model.statusProperty().get());
    assertEquals(40, model.getIteration());
    assertEquals(List.of(20L, 40L), model.history().stream().map(Snapshot::iteration).toList());
    assertFalse(model.isRunning());
    assertFalse(model.canPlayProperty().get());
    assertFalse(model.canStepProperty().get());
    assertFalse(model.setup().field("beta").isEditable(), "nothing left to change live");
    assertTrue(model.canResetProperty().get());
    model.reset();
    assertTrue(model.canPlayProperty().get());
  }

  @Test
  void aBlownUpLossIsExplainedInPlainWords() {
    String trainerMessage =
        "Training stopped at iteration 12: "
            + new TrainingStep.TrainingDiverged(new LossParts(Double.NaN, 0.1), 1.0).getMessage()
            + ". Everything up to iteration 11 is kept.";
    String explained = StatusText.failed(trainerMessage);
    assertTrue(
        explained.startsWith("Training stopped at iteration 12 because the loss became NaN"),
        explained);
    assertTrue(explained.contains("lower the learning rate"), explained);
    assertNotNull(StatusText.failed(null));
  }

  @Test
  void aPresetFillsTheFormAndTheSetupSavesAsAPreset(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String was = System.getProperty("ponderlab.user.presets");
    System.setProperty("ponderlab.user.presets", dir.toString());
    System.setProperty(
        "ponderlab.home", java.nio.file.Path.of("..").toAbsolutePath().normalize().toString());
    try {
      model.refreshPresets();
      org.ponderlab.core.run.Preset shipped =
          model.presets().stream()
              .filter(p -> p.name().equals("beta-too-high"))
              .findFirst()
              .orElseThrow();
      model.setup().field("seed").setText("99"); // not in the preset: back to its default
      assertTrue(model.applyPreset(shipped));
      assertEquals(shipped.config(), model.setup().getConfig());
      assertTrue(
          model.statusProperty().get().contains(shipped.description()),
          model.statusProperty().get());

      model.setup().field("lambda-p").setText("0.35");
      assertEquals(
          "Can't save the preset: 'bad name!' is not allowed; a preset name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
          model.saveSetupAsPreset("bad name!", "x").join().message());
      assertTrue(model.saveSetupAsPreset("mine", "a prior of 0.35").join().isWritten());
      org.ponderlab.core.run.Preset mine =
          model.presets().stream().filter(p -> p.name().equals("mine")).findFirst().orElseThrow();
      assertEquals("a prior of 0.35", mine.description());
      assertTrue(mine.user());
      model.setup().field("lambda-p").setText("0.9");
      assertTrue(model.applyPreset(mine));
      assertEquals(0.35, model.setup().getConfig().lambdaP());
    } finally {
      System.clearProperty("ponderlab.home");
      if (was == null) {
        System.clearProperty("ponderlab.user.presets");
      } else {
        System.setProperty("ponderlab.user.presets", was);
      }
    }
  }

  static final Map<String, String> TINY =
      Map.of(
          "hidden",
          "8",
          "batch",
          "16",
          "validation-size",
          "64",
          "max-steps",
          "4",
          "eval-every",
          "20",
          "iterations",
          "60");

  /**
   * A snapshot's numbers to 3 significant digits (the files keep 5; the record's arrays compare by
   * reference).
   */
  static List<String> numbers(List<Snapshot> snapshots) {
    return snapshots.stream()
        .map(
            s ->
                s.iteration()
                    + " "
                    + g(s.accuracy())
                    + " "
                    + g(s.meanSteps())
                    + " "
                    + g(s.totalLoss())
                    + " "
                    + Arrays.toString(s.haltingHistogram())
                    + " "
                    + Arrays.stream(s.accuracyByDifficulty()).mapToObj(LabModelTest::g).toList())
        .toList();
  }

  static String g(double v) {
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }

  @Test
  void aRunStartedInTheWindowIsSavedAndReopensWithTheSameHistory() throws Exception {
    model.setup().load(TINY);
    model.play();
    pollUntil(model, () -> model.trainerStateProperty().get() == TrainerState.FINISHED);
    java.nio.file.Path folder = model.runFolderProperty().get();
    assertNotNull(folder);
    assertEquals(runs, folder.getParent());
    List<String> live = numbers(model.history());

    org.ponderlab.core.run.SavedRun saved = org.ponderlab.core.run.RunReader.open(folder);
    LabModel reopened = new LabModel();
    assertTrue(reopened.openRun(folder).join());
    assertEquals(numbers(saved.snapshots()), numbers(reopened.history()));
    assertEquals(live, numbers(reopened.history()));
    assertEquals(60, reopened.getIteration());
    assertTrue(
        reopened.statusProperty().get().contains("finished"), reopened.statusProperty().get());
    assertFalse(reopened.setup().field("beta").isEditable());
    assertTrue(reopened.setup().field("iterations").isEditable());

    // continue: a finished run needs a larger budget first
    reopened.play();
    assertTrue(
        reopened.errorProperty().get().contains("raise Iterations"),
        reopened.errorProperty().get());
    reopened.setup().field("iterations").setText("100");
    reopened.play();
    pollUntil(reopened, () -> reopened.trainerStateProperty().get() == TrainerState.FINISHED);
    assertEquals(
        List.of(20L, 40L, 60L, 80L, 100L),
        reopened.history().stream().map(Snapshot::iteration).toList());
    assertEquals(
        numbers(org.ponderlab.core.run.RunReader.open(folder).snapshots()),
        numbers(reopened.history()));
  }

  @Test
  void aDamagedRunFolderIsExplainedAndChangesNothing() throws Exception {
    java.nio.file.Path damaged = runs.resolve("damaged");
    java.nio.file.Files.createDirectories(damaged);
    java.nio.file.Files.writeString(damaged.resolve("config.json"), "{ not json");
    model.setup().field("lambda-p").setText("0.3");
    String before = model.statusProperty().get();
    assertFalse(model.openRun(damaged).join());
    String expected;
    try {
      org.ponderlab.core.run.RunReader.open(damaged);
      throw new AssertionError("the reader opened a damaged folder");
    } catch (org.ponderlab.core.run.RunFolderException e) {
      expected = e.getMessage();
    }
    assertEquals("Can't open the run: " + expected, model.errorProperty().get());
    assertEquals(before, model.statusProperty().get());
    assertEquals(0.3, model.setup().getConfig().lambdaP());
    assertTrue(model.history().isEmpty());
    assertNull(model.openedRunProperty().get());
  }
}
