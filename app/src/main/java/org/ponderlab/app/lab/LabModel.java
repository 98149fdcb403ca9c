package org.ponderlab.app.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.ponderlab.core.run.Preset;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The lab window's presentation model: a thin facade that builds its parts and wires them together.
 * The parts, each tested without a window:
 *
 * <ul>
 *   <li>the setup: the form ({@link SetupModel}) and the stop condition ({@link TargetAccuracy});
 *   <li>the {@link Transport}: Play, Pause, Step and Reset as commands, enabled by bindings;
 *   <li>the {@link LabSession}: the run itself, built, polled, opened from a folder, ended;
 *   <li>the {@link RunHistory} the charts draw and the counters;
 *   <li>the {@link PresetsModel}; the {@link StatusLine}.
 * </ul>
 *
 * <p>Views bind to properties and call commands; nothing here touches a node. Slow work (building
 * an experiment, reading a run folder, saving a preset) goes through {@link BackgroundWork}: a
 * model made on the FX thread runs it on a background thread and the FX thread never waits; made
 * elsewhere (a test without a window), it runs in place. The trainer runs on its own thread and
 * only stores what it publishes; the FX thread calls {@link #poll(long)} (at most ~20 times a
 * second, from the window's animation timer) to take the newest state and snapshots in one batch.
 */
public final class LabModel {
  private final BackgroundWork work;
  private final SetupModel setup = new SetupModel();
  private final TargetAccuracy target = new TargetAccuracy();
  private final StatusLine status = new StatusLine();
  private final RunHistory history = new RunHistory();
  private final Transport transport;
  private final LabSession session;
  private final PresetsModel presets;

  /**
   * Slow work runs in the background when made on the FX thread, in place otherwise (see the class
   * comment).
   */
  public LabModel() {
    this(Platform.isFxApplicationThread() ? BackgroundWork.forWindow() : BackgroundWork.inPlace());
  }

  LabModel(BackgroundWork work) {
    this.work = work;
    transport =
        new Transport(
            new Transport.Actions() {
              @Override
              public void play() {
                session.play();
              }

              @Override
              public void pause() {
                session.pause();
              }

              @Override
              public void step() {
                session.step();
              }

              @Override
              public void reset() {
                session.reset();
              }
            });
    session = new LabSession(setup, target, status, history, transport, work);
    presets = new PresetsModel(setup, status, work, session::exists);
    transport.setupValid.bind(setup.validProperty().and(target.errorProperty().isNull()));
    transport.hasHistory.bind(Bindings.isNotEmpty(history.snapshots()));
    for (Observable fact :
        new Observable[] {
          transport.runExists, transport.openedRun, transport.trainerState, transport.pending
        }) {
      fact.addListener(o -> lockSetup());
    }
    presets.refresh();
    lockSetup();
  }

  /**
   * The form follows the run: all of it editable without one; only the live settings while one can
   * still train; only the iteration budget for an opened run not yet continued; nothing while a run
   * is being built or read.
   */
  private void lockSetup() {
    if (transport.pending.get()) {
      setup.lock(true, false);
    } else if (!transport.runExists.get() && transport.openedRun.get() != null) {
      setup.lockForContinue();
    } else {
      setup.lock(transport.runExists.get(), !transport.isTerminal());
    }
    if (transport.modelIsFinal()) {
      setup.unlockEvaluation(); // rule and q re-evaluate the saved model
    }
  }

  // ---- the parts ----

  /** The one way the window's parts run slow work (in the background, results on the FX thread). */
  BackgroundWork work() {
    return work;
  }

  public SetupModel setup() {
    return setup;
  }

  /** The transport's commands (Play, Pause, Step, Reset), for buttons and key bindings alike. */
  public Transport transport() {
    return transport;
  }

  public RunHistory runHistory() {
    return history;
  }

  public PresetsModel presetsModel() {
    return presets;
  }

  public StatusLine statusLine() {
    return status;
  }

  // ---- commands ----

  /** Starts or continues training (creating the run from the setup first, in the background). */
  public void play() {
    transport.play().execute();
  }

  public void pause() {
    transport.pause().execute();
  }

  /** Play when stopped, pause when playing: the transport's one button. */
  public void togglePlay() {
    transport.togglePlay().execute();
  }

  /** Trains exactly one iteration (one batch), then evaluates. */
  public void step() {
    transport.step().execute();
  }

  /**
   * Ends the run and clears the charts; the next Play starts fresh weights from the same setup and
   * seed.
   */
  public void reset() {
    transport.reset().execute();
  }

  /**
   * Asks the trainer thread to end (the window is closing); a run still being built ends when it
   * arrives.
   */
  public void stop() {
    session.close();
  }

  /** Waits up to {@code millis} for the trainer thread to end (after {@link #stop()}). */
  void awaitTrainer(long millis) throws InterruptedException {
    session.awaitTrainer(millis);
  }

  /**
   * Sends a live setting (lr, β, λ_p, eval-rule, q) to the running trainer, from its next iteration
   * on, when the value is valid and differs from the one in force. Returns whether a change was
   * sent.
   */
  public boolean applyLiveSetting(String name) {
    return session.applyLiveSetting(name);
  }

  /**
   * Takes what the trainer published since the last call (see {@link LabSession#poll}); call on the
   * FX thread.
   */
  public boolean poll(long nowNanos) {
    return session.poll(nowNanos);
  }

  /**
   * Opens a saved run folder, read in the background: the charts replay it and Play continues it. A
   * folder that cannot be read leaves everything as it was and shows why.
   *
   * @return completes (on the FX thread) with whether the run was opened
   */
  public CompletableFuture<Boolean> openRun(Path folder) {
    return session.open(folder);
  }

  /** Shows a problem of another part of the window (e.g. the Compare tab) in the status bar. */
  public void showError(String explained) {
    status.fail(explained);
  }

  // ---- presets ----

  /** Re-reads the shipped and the user's presets, in the background. */
  public CompletableFuture<List<Preset>> refreshPresets() {
    return presets.refresh();
  }

  public ObservableList<Preset> presets() {
    return presets.presets();
  }

  public ReadOnlyStringProperty presetNameProperty() {
    return presets.presetNameProperty();
  }

  /**
   * Fills the form from a preset; refused while a run exists. Returns whether the form was filled.
   */
  public boolean applyPreset(Preset preset) {
    return presets.apply(preset);
  }

  /** Saves the form's setup as a user preset, in the background; completes with how it ended. */
  public CompletableFuture<WriteOutcome> saveSetupAsPreset(String name, String description) {
    return presets.saveSetup(name, description);
  }

  /** Saves the setup as a preset, replacing the user's preset of that name if {@code replace}. */
  public CompletableFuture<WriteOutcome> saveSetupAsPreset(
      String name, String description, boolean replace) {
    return presets.saveSetup(name, description, replace);
  }

  // ---- what the charts and the form need ----

  /**
   * The value of a live setting in force at a snapshot: the last change at or before its iteration,
   * or the run's starting value.
   */
  public String settingAt(Snapshot s, String name) {
    return LiveSettings.settingAt(s, name, session.startingConfig());
  }

  /**
   * The command line that reproduces the setup ({@code ./ponderlab train ...}), or null if invalid.
   */
  public String commandLine() {
    List<String> extra = new ArrayList<>();
    if (!target.typed().isEmpty() && target.isValid()) {
      extra.add("--target-accuracy");
      extra.add(target.typed());
    }
    return setup.commandLine(extra);
  }

  /**
   * The parameters of the model the newest snapshot shows (the live run's newest checkpoint, or an
   * opened run's saved model), or null when there is none yet; the input view and lesson checks run
   * it on threads of their own.
   */
  public float[] trainedParameters() {
    return session.trainedParameters();
  }

  /** The settings in force for the trained model (changes included), or null without a run. */
  public TrainingConfig configInForce() {
    return session.configInForce();
  }

  /** The run's config (null before the first Play or Step, unless a saved run is open). */
  public TrainingConfig runConfig() {
    return session.config();
  }

  // ---- properties (each the property of one part) ----

  /** What runs in the background now ("Building the MNIST digits experiment…"), or null. */
  public ReadOnlyStringProperty activityProperty() {
    return work.activityProperty();
  }

  /** Where runs started in the window are saved (one folder each); null: not saved. */
  public ObjectProperty<Path> runsDirectoryProperty() {
    return session.runsDirectoryProperty();
  }

  /** The folder of the run in the window (being written, or opened), or null. */
  /** The training speed cap in iterations per second, 0 for none (slow demos on a projector). */
  public javafx.beans.property.DoubleProperty speedLimitProperty() {
    return session.speedLimitProperty();
  }

  /** The cap the trainer applies now (0: none; NaN without a run), for tests. */
  double trainerSpeedLimit() {
    return session.trainerSpeedLimit();
  }

  public ReadOnlyObjectProperty<Path> runFolderProperty() {
    return session.runFolderProperty();
  }

  /** The saved run opened with {@link #openRun}, until Reset (also while it is continued). */
  public ReadOnlyObjectProperty<SavedRun> openedRunProperty() {
    return transport.openedRunProperty();
  }

  /** Stop once validation accuracy reaches this (text; empty = no target). */
  public StringProperty targetAccuracyProperty() {
    return target.textProperty();
  }

  public ReadOnlyStringProperty targetAccuracyErrorProperty() {
    return target.errorProperty();
  }

  /** The trainer's state, or null when there is no run yet. */
  public ReadOnlyObjectProperty<TrainerState> trainerStateProperty() {
    return transport.trainerStateProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return transport.runningProperty();
  }

  public boolean isRunning() {
    return transport.runningProperty().get();
  }

  public BooleanExpression canPlayProperty() {
    return transport.play().enabledProperty();
  }

  public BooleanExpression canStepProperty() {
    return transport.step().enabledProperty();
  }

  public BooleanExpression canResetProperty() {
    return transport.reset().enabledProperty();
  }

  public ReadOnlyLongProperty iterationProperty() {
    return history.iterationProperty();
  }

  public long getIteration() {
    return history.getIteration();
  }

  /** The iteration budget (the stop condition "max iterations"). */
  public ReadOnlyLongProperty maxIterationsProperty() {
    return session.maxIterationsProperty();
  }

  public ReadOnlyDoubleProperty iterationsPerSecondProperty() {
    return history.iterationsPerSecondProperty();
  }

  /** Wall time spent training (paused time excluded). */
  public ReadOnlyDoubleProperty elapsedSecondsProperty() {
    return history.elapsedSecondsProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.statusProperty();
  }

  /** What went wrong, explained, or null. */
  public ReadOnlyStringProperty errorProperty() {
    return status.errorProperty();
  }

  /** Every snapshot of the run so far, oldest first (unmodifiable). */
  public ObservableList<Snapshot> history() {
    return history.snapshots();
  }

  public ReadOnlyObjectProperty<Snapshot> latestProperty() {
    return history.latestProperty();
  }

  public Snapshot getLatest() {
    return history.getLatest();
  }

  /** Increases whenever the history changes (new snapshots, reset); charts redraw when it moves. */
  public ReadOnlyLongProperty historyVersionProperty() {
    return history.versionProperty();
  }

  /** What the task's difficulty counts ("non-zeros" for parity). */
  public ReadOnlyStringProperty difficultyNameProperty() {
    return session.difficultyNameProperty();
  }
}
