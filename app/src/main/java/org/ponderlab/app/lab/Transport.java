package org.ponderlab.app.lab;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.ponderlab.core.run.RunStatus;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.TrainerState;

/**
 * The transport's state and its commands (Play, Pause, Play/Pause, Step, Reset). Which command is
 * enabled is a binding over a few facts the lab model keeps current (is the setup valid, does a run
 * exist, is it training, is one being built or read, which saved run is open), never recomputed by
 * hand. The actions themselves are the lab model's ({@link Actions}); a key binding calls the same
 * {@link Command}s as the buttons.
 */
final class Transport {
  /** What the commands do (the lab model starts, pauses, steps and resets the run). */
  interface Actions {
    void play();

    void pause();

    void step();

    void reset();
  }

  final BooleanProperty setupValid = new SimpleBooleanProperty(true);
  final BooleanProperty runExists = new SimpleBooleanProperty();
  final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
  final ReadOnlyBooleanWrapper pending = new ReadOnlyBooleanWrapper();
  final BooleanProperty hasHistory = new SimpleBooleanProperty();
  final ReadOnlyObjectWrapper<TrainerState> trainerState = new ReadOnlyObjectWrapper<>();
  final ReadOnlyObjectWrapper<SavedRun> openedRun = new ReadOnlyObjectWrapper<>();

  private final BooleanBinding terminal =
      Bindings.createBooleanBinding(
          () -> trainerState.get() != null && trainerState.get().isTerminal(), trainerState);

  /**
   * A saved run is open and not yet continued: Play continues it unless another process trains it.
   */
  private final BooleanBinding openedNotContinued = runExists.not().and(openedRun.isNotNull());

  private final BooleanBinding openedTrainedElsewhere =
      Bindings.createBooleanBinding(
          () -> openedRun.get() != null && openedRun.get().status() == RunStatus.RUNNING,
          openedRun);
  private final BooleanBinding canPlay =
      pending
          .not()
          .and(setupValid)
          .and(
              Bindings.when(openedNotContinued)
                  .then(openedTrainedElsewhere.not())
                  .otherwise(terminal.not().and(running.not())));
  private final BooleanBinding canReset =
      pending.not().and(runExists.or(hasHistory).or(openedRun.isNotNull()));

  private final Command play;
  private final Command pause;
  private final Command togglePlay;
  private final Command step;
  private final Command reset;

  Transport(Actions actions) {
    play = new Command(canPlay, actions::play);
    pause = new Command(running, actions::pause);
    togglePlay =
        new Command(
            running.or(canPlay),
            () -> {
              if (running.get()) {
                actions.pause();
              } else {
                actions.play();
              }
            });
    step = new Command(canPlay, actions::step); // Step is allowed exactly when Play is
    reset = new Command(canReset, actions::reset);
  }

  /** Starts or continues training (building the run from the setup first, in the background). */
  public Command play() {
    return play;
  }

  public Command pause() {
    return pause;
  }

  /** Play when stopped, Pause when playing: the transport's one button. */
  public Command togglePlay() {
    return togglePlay;
  }

  /** Trains exactly one batch, then evaluates. */
  public Command step() {
    return step;
  }

  /** Ends the run and clears the charts; the next Play starts fresh weights from the same seed. */
  public Command reset() {
    return reset;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /**
   * A run is being built or read in the background (an experiment, a run folder): every command
   * waits.
   */
  public ReadOnlyBooleanProperty pendingProperty() {
    return pending.getReadOnlyProperty();
  }

  /** The saved run opened in the window, until Reset (also while it is continued). */
  public ReadOnlyObjectProperty<SavedRun> openedRunProperty() {
    return openedRun.getReadOnlyProperty();
  }

  /** The trainer's state, or null when there is no run yet. */
  public ReadOnlyObjectProperty<TrainerState> trainerStateProperty() {
    return trainerState.getReadOnlyProperty();
  }

  boolean isTerminal() {
    return terminal.get();
  }

  /**
   * The model will not train any more as it stands (the run ended, or a saved run is open and not
   * continued): a rule or q change re-evaluates the saved model instead of reaching a trainer.
   */
  boolean modelIsFinal() {
    return !pending.get() && (runExists.get() ? terminal.get() : openedRun.get() != null);
  }
}
