package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.run.RunStatus;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The transport's commands and their enabled state, from the facts alone: no window, no trainer.
 */
class TransportTest {
  final List<String> ran = new ArrayList<>();
  final Transport transport =
      new Transport(
          new Transport.Actions() {
            @Override
            public void play() {
              ran.add("play");
            }

            @Override
            public void pause() {
              ran.add("pause");
            }

            @Override
            public void step() {
              ran.add("step");
            }

            @Override
            public void reset() {
              ran.add("reset");
            }
          });

  static SavedRun saved(RunStatus status) {
    return new SavedRun(
        Path.of("runs", "r1"),
        TrainingConfig.defaults(),
        Map.of(),
        List.of(),
        Map.of(),
        status,
        "",
        0,
        List.of(),
        List.of(),
        null);
  }

  @Test
  void withoutARunPlayAndStepFollowTheSetupAndNothingCanBeReset() {
    assertTrue(transport.play().isEnabled());
    assertTrue(transport.step().isEnabled());
    assertFalse(transport.pause().isEnabled());
    assertFalse(transport.reset().isEnabled());
    transport.setupValid.set(false);
    assertFalse(transport.play().isEnabled());
    assertFalse(transport.step().isEnabled());
    assertFalse(transport.togglePlay().isEnabled());
    assertFalse(transport.play().execute(), "a disabled command does nothing");
    assertFalse(transport.step().execute());
    assertEquals(List.of(), ran);
  }

  @Test
  void whileTrainingOnlyPauseAndResetAndTheToggleIsPause() {
    transport.runExists.set(true);
    transport.trainerState.set(TrainerState.RUNNING);
    transport.running.set(true);
    assertFalse(transport.play().isEnabled());
    assertFalse(transport.step().isEnabled());
    assertTrue(transport.pause().isEnabled());
    assertTrue(transport.reset().isEnabled());
    assertTrue(transport.togglePlay().execute());
    transport.running.set(false);
    assertTrue(transport.togglePlay().execute());
    assertEquals(List.of("pause", "play"), ran);
  }

  @Test
  void aRunThatEndedCanOnlyBeReset() {
    transport.runExists.set(true);
    transport.trainerState.set(TrainerState.FINISHED);
    assertFalse(transport.play().isEnabled());
    assertFalse(transport.step().isEnabled());
    assertFalse(transport.togglePlay().isEnabled());
    assertTrue(transport.reset().execute());
    assertEquals(List.of("reset"), ran);
  }

  @Test
  void whileARunIsBuiltOrReadEveryCommandWaits() {
    transport.hasHistory.set(true);
    assertTrue(transport.reset().isEnabled());
    transport.pending.set(true);
    for (Command c :
        List.of(transport.play(), transport.step(), transport.togglePlay(), transport.reset())) {
      assertFalse(c.isEnabled());
      assertFalse(c.execute());
    }
    transport.pending.set(false);
    assertTrue(transport.play().isEnabled());
    assertEquals(List.of(), ran);
  }

  @Test
  void anOpenedRunContinuesUnlessAnotherProcessTrainsIt() {
    transport.openedRun.set(saved(RunStatus.STOPPED));
    transport.trainerState.set(null);
    assertTrue(transport.play().isEnabled());
    assertTrue(transport.reset().isEnabled(), "an opened run can be put away");
    transport.openedRun.set(saved(RunStatus.RUNNING));
    assertFalse(transport.play().isEnabled());
    assertFalse(transport.step().isEnabled());
    // once continued, the run's own state counts
    transport.openedRun.set(saved(RunStatus.FINISHED));
    transport.runExists.set(true);
    transport.trainerState.set(TrainerState.FINISHED);
    assertFalse(transport.play().isEnabled());
  }
}
