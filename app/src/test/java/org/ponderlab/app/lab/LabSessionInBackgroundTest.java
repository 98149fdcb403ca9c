package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * The lab model as the window runs it: slow work on a real background thread, results handed back
 * to the "FX thread" (this test's thread, running a queue as {@code Platform.runLater} would). A
 * command returns before the run is built or read; until then the transport waits and the form is
 * locked.
 */
class LabSessionInBackgroundTest {
  final ExecutorService worker = Executors.newSingleThreadExecutor();
  final BlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
  final LabModel model = new LabModel(new BackgroundWork(worker, fxQueue::add));
  @TempDir Path runs;

  @AfterEach
  void stop() throws InterruptedException {
    model.stop();
    model.awaitTrainer(10_000);
    worker.shutdownNow();
  }

  /** Runs what the background hands back until the condition holds (fails after 60 s). */
  void runOwnerUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(
          System.nanoTime() < deadline, "not reached; status: " + model.statusProperty().get());
      Runnable next = fxQueue.poll(50, TimeUnit.MILLISECONDS);
      if (next != null) {
        next.run();
      }
      model.poll(System.nanoTime());
    }
  }

  @Test
  void playReturnsBeforeTheRunIsBuiltAndTheTransportWaitsForIt() throws Exception {
    model.runsDirectoryProperty().set(runs);
    runOwnerUntil(
        () ->
            fxQueue.isEmpty() && model.activityProperty().get() == null); // the presets are listed
    model.setup().load(LabModelTest.SMALL);
    model.play();
    // back on the "FX thread" at once: nothing built yet, every command waits, the form is locked
    assertTrue(model.transport().pendingProperty().get());
    assertNull(model.trainerStateProperty().get());
    assertFalse(model.isRunning());
    assertFalse(model.canPlayProperty().get());
    assertFalse(model.canStepProperty().get());
    assertFalse(model.canResetProperty().get());
    assertFalse(model.setup().field("beta").isEditable());
    assertTrue(
        model.activityProperty().get().startsWith("Building the parity experiment"),
        model.activityProperty().get());

    runOwnerUntil(() -> model.isRunning());
    assertFalse(model.transport().pendingProperty().get());
    assertNull(model.activityProperty().get());
    assertNotNull(model.runFolderProperty().get());
    assertTrue(
        model.setup().field("beta").isEditable(), "live settings open again once the run exists");
    assertFalse(model.setup().field("hidden").isEditable());
    runOwnerUntil(() -> model.history().size() >= 2);
    model.pause();
    runOwnerUntil(() -> model.trainerStateProperty().get() == TrainerState.PAUSED);
  }

  @Test
  void aRunIsOpenedInTheBackgroundAndAWindowClosedMeanwhileStopsTheBuild() throws Exception {
    Path folder = runs.resolve("saved");
    RunSession.create(
            folder,
            TrainingConfig.fromText(LabModelTest.TINY),
            List.of("test"),
            new TrainingListener() {})
        .start()
        .await(i -> {}, 50);
    var opened = model.openRun(folder);
    assertTrue(model.history().isEmpty(), "nothing read on the calling thread");
    assertFalse(model.canPlayProperty().get());
    runOwnerUntil(opened::isDone);
    assertTrue(opened.get());
    assertEquals(List.of(20L, 40L, 60L), model.history().stream().map(s -> s.iteration()).toList());
    assertTrue(
        model.statusProperty().get().startsWith("Opened run saved"), model.statusProperty().get());

    // continue it, and close the window before the trainer is built: it is stopped when it arrives
    model.setup().field("iterations").setText("100");
    model.play();
    model.stop();
    runOwnerUntil(() -> !model.transport().pendingProperty().get());
    assertFalse(model.isRunning());
    assertNull(
        model.trainerStateProperty().get(), "a run built after the window closed is not adopted");
  }
}
