package org.ponderlab.app.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.ponderlab.core.run.Preset;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.RunStatus;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.run.PresetException;
import org.ponderlab.core.run.Presets;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The lab window's presentation model: the setup form, the transport (play, pause, step, reset),
 * what the trainer is doing, and the history of snapshots the charts draw. Views only bind to its
 * properties and call its commands; it never touches a node, so it is tested without a window.
 *
 * <p>The trainer runs on its own thread and only stores what it publishes ({@link Session}); the
 * FX thread calls {@link #poll(long)} (at most ~20 times a second, from the window's animation
 * timer) to take the newest state and snapshots in one batch.
 */
public final class LabModel {
  /** Snapshots older than this many keep their numbers but drop their ponder rows (memory). */
  static final int FULL_SNAPSHOTS = 500;
  /** The iteration counter and clock are published at most this often while training (5 Hz). */
  static final long COUNTER_INTERVAL_NANOS = 200_000_000L;

  private final SetupModel setup = new SetupModel();
  private final StringProperty targetAccuracy = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper targetAccuracyError = new ReadOnlyStringWrapper();
  private final ReadOnlyObjectWrapper<TrainerState> trainerState = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canPlay = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canStep = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canReset = new ReadOnlyBooleanWrapper();
  private final ReadOnlyLongWrapper iteration = new ReadOnlyLongWrapper();
  private final ReadOnlyLongWrapper maxIterations = new ReadOnlyLongWrapper();
  private final ReadOnlyDoubleWrapper iterationsPerSecond = new ReadOnlyDoubleWrapper();
  private final ReadOnlyDoubleWrapper elapsedSeconds = new ReadOnlyDoubleWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(StatusText.idle());
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
  private final ObservableList<Snapshot> history = FXCollections.observableArrayList();
  private final ObservableList<Snapshot> historyView = FXCollections.unmodifiableObservableList(history);
  private final ReadOnlyObjectWrapper<Snapshot> latest = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyLongWrapper historyVersion = new ReadOnlyLongWrapper();
  private final ReadOnlyStringWrapper difficultyName = new ReadOnlyStringWrapper("difficulty");
  /** Training speed cap in iterations per second (0: none); the trainer paces itself. */
  private final javafx.beans.property.DoubleProperty speedLimit = new javafx.beans.property.SimpleDoubleProperty(0);

  private final ObservableList<Preset> presets = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper presetName = new ReadOnlyStringWrapper();

  private final ObjectProperty<Path> runsDirectory = new SimpleObjectProperty<>(defaultRunsDirectory());
  private final ReadOnlyObjectWrapper<Path> runFolder = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<SavedRun> openedRun = new ReadOnlyObjectWrapper<>();

  private Session session;
  private final SavedModelEvaluation savedEvaluation = SavedModelEvaluation.onItsOwnThread();
  /** Live settings sent to the trainer (it applies them at its next iteration). */
  private final java.util.Map<String, String> sentLive = new java.util.HashMap<>();
  private Session.StateReport lastReport;
  private long lastPollNanos;
  private long countersNanos;
  private double elapsed;
  private long rateNanos;
  private long rateIteration;

  public LabModel() {
    setup.validProperty().addListener(o -> updateEnablement());
    setup.configProperty().addListener(o -> {
      if (session == null && setup.getConfig() != null) {
        maxIterations.set(setup.getConfig().iterations());
      }
    });
    targetAccuracy.addListener(o -> {
      targetAccuracyError.set(targetReason(targetAccuracy.get()));
      applyTarget();
      updateEnablement();
    });
    maxIterations.set(setup.getConfig().iterations());
    speedLimit.addListener(o -> {
      if (session != null) {
        session.trainer.setMaxIterationsPerSecond(speedLimit.get());
      }
    });
    refreshPresets();
    updateEnablement();
  }

  // ---- commands ----

  /** Starts or continues training (creating the run from the setup on first use). */
  public void play() {
    if (!canPlay.get() || !ensureSession()) {
      return;
    }
    session.trainer.play();
    running.set(true);
    status.set(StatusText.running(session.config));
    updateEnablement();
  }

  public void pause() {
    if (session == null || !running.get()) {
      return;
    }
    session.trainer.pause();
    running.set(false);
    updateEnablement();
  }

  /** Play when stopped, pause when playing: the transport's one button. */
  public void togglePlay() {
    if (running.get()) {
      pause();
    } else {
      play();
    }
  }

  /** Trains exactly one iteration (one batch), then evaluates. */
  public void step() {
    if (!canStep.get() || !ensureSession()) {
      return;
    }
    session.trainer.step();
    updateEnablement();
  }

  /** Ends the run and clears the charts; the next Play starts fresh weights from the same setup and seed. */
  public void reset() {
    TrainingConfig was = session == null ? setup.getConfig() : session.config;
    stop();
    session = null;
    openedRun.set(null);
    runFolder.set(null);
    lastReport = null;
    history.clear();
    latest.set(null);
    historyVersion.set(historyVersion.get() + 1);
    iteration.set(0);
    iterationsPerSecond.set(0);
    elapsedSeconds.set(0);
    elapsed = 0;
    running.set(false);
    trainerState.set(null);
    error.set(null);
    status.set(StatusText.reset(was));
    if (setup.getConfig() != null) {
      maxIterations.set(setup.getConfig().iterations());
    }
    updateEnablement();
  }

  /** Asks the trainer thread to end (the window is closing, or a reset). */
  public void stop() {
    if (session != null) {
      session.trainer.stop();
    }
  }

  /** Waits up to {@code millis} for the trainer thread to end (after {@link #stop()}). */
  void awaitTrainer(long millis) throws InterruptedException {
    if (session != null) {
      session.trainer.join(millis);
    }
  }

  /**
   * Sends a live setting (lr, β, λ_p) to the running trainer, from its next iteration on, when the
   * value is valid and differs from the one in force. Returns whether a change was sent.
   */
  public boolean applyLiveSetting(String name) {
    FieldModel fm = setup.field(name);
    if ((name.equals("eval-rule") || name.equals("q")) && reevaluatesSavedModel()) {
      return reevaluateSavedModel(fm);
    }
    if (!fm.live() || session == null || isTerminal() || fm.getError() != null) {
      return false;
    }
    if (name.equals("eval-rule")) {
      String rule = (String) fm.field().parse(fm.getText());
      List<String> rules = SetupModel.rulesOf(session.config.method());
      if (!rule.equals("default") && !rules.contains(rule)) {
        return false; // the form shows why
      }
    }
    String now = sentLive.getOrDefault(name, session.trainer.config().toText().get(name));
    Object current = fm.field().parse(now);
    Object wanted = fm.field().parse(fm.getText());
    if (current.equals(wanted)) {
      return false;
    }
    try {
      session.trainer.change(name, fm.getText().trim());
    } catch (ConfigException e) {
      error.set(StatusText.cannotStart(e));
      return false;
    }
    sentLive.put(name, wanted.toString());
    if (!running.get() && iteration.get() > 0) {
      // paused: evaluate the trained model under the new setting now, instead of at the next evaluation
      session.trainer.evaluateNow();
      status.set(fm.field().label() + " changed from " + now + " to " + wanted
          + "; re-evaluating the model as it is now. The charts mark the change.");
    } else {
      status.set(fm.field().label() + " changes from " + now + " to " + wanted + " at the next iteration; the charts mark it.");
    }
    return true;
  }

  /** Whether a rule or q change re-evaluates the saved model: the run has finished, or is opened and not continued. */
  private boolean reevaluatesSavedModel() {
    return (session == null && openedRun.get() != null) || (session != null && isTerminal());
  }

  /**
   * Re-evaluates a finished or reopened run's model under the form's rule and q, on a background
   * thread ({@link SavedModelEvaluation}); the result arrives at a later {@link #poll}.
   */
  private boolean reevaluateSavedModel(FieldModel changed) {
    FieldModel rule = setup.field("eval-rule");
    FieldModel q = setup.field("q");
    if (rule.getError() != null || q.getError() != null) {
      return false;
    }
    String ruleName = rule.getText().trim();
    TrainingConfig c = runConfig();
    if (c != null && !ruleName.equals("default") && !SetupModel.rulesOf(c.method()).contains(ruleName)) {
      return false; // the form shows why
    }
    Path folder = runFolder.get();
    if (openedRun.get() == null && (folder == null || !java.nio.file.Files.isDirectory(folder))) {
      error.set("This run was kept in memory only, so its model can't be re-evaluated; save runs (Runs ▸ Save runs in…) to do that.");
      return false;
    }
    savedEvaluation.start(openedRun.get(), folder, ruleName, q.getText().trim());
    status.set("Evaluating the trained model under rule " + ruleName
        + (ruleName.equals("q-exit") ? " (q = " + q.getText().trim() + ")" : "") + "… (nothing is retrained)");
    return true;
  }

  /** Shows the saved-model evaluations that finished: each one's snapshot joins the history. */
  private void takeSavedEvaluations() {
    for (SavedModelEvaluation.Outcome o : savedEvaluation.drain()) {
      if (o.problem() != null) {
        error.set(o.problem());
      } else {
        addToHistory(List.of(o.result().snapshot()));
        status.set(SavedModelEvaluation.describe(o.result()));
      }
    }
  }

  /**
   * Takes what the trainer published since the last call: the iteration counter, rates, state
   * changes and new snapshots (added to the history in one change). Call on the FX thread; returns
   * whether new snapshots arrived.
   */
  public boolean poll(long nowNanos) {
    takeSavedEvaluations();
    if (session == null) {
      lastPollNanos = nowNanos;
      return false;
    }
    long it = session.trainer.iteration();
    List<Snapshot> fresh = session.drain();
    Session.StateReport report = session.state();
    if (running.get() && lastPollNanos != 0) {
      elapsed += (nowNanos - lastPollNanos) / 1e9;
    }
    lastPollNanos = nowNanos;
    if (!fresh.isEmpty()) {
      it = Math.max(it, fresh.get(fresh.size() - 1).iteration());
    }
    boolean stateChanged = report != null && report != lastReport;
    // the counters change the scene, and every changed frame costs a render: 5 Hz is live enough
    // for numbers; snapshots, state changes and a stopped trainer update them at once
    if (!fresh.isEmpty() || stateChanged || !running.get() || nowNanos - countersNanos >= COUNTER_INTERVAL_NANOS) {
      countersNanos = nowNanos;
      iteration.set(it);
      elapsedSeconds.set(elapsed);
    }
    updateRate(nowNanos, it);
    if (!fresh.isEmpty()) {
      addToHistory(fresh);
    }
    if (stateChanged) {
      lastReport = report;
      onState(report);
    }
    return !fresh.isEmpty();
  }

  private void updateRate(long nowNanos, long it) {
    if (!running.get()) {
      iterationsPerSecond.set(0);
      rateNanos = nowNanos;
      rateIteration = it;
      return;
    }
    if (rateNanos == 0) {
      rateNanos = nowNanos;
      rateIteration = it;
    } else if (nowNanos - rateNanos >= 1_000_000_000L) {
      iterationsPerSecond.set((it - rateIteration) / ((nowNanos - rateNanos) / 1e9));
      rateNanos = nowNanos;
      rateIteration = it;
    }
  }

  private void addToHistory(List<Snapshot> fresh) {
    int before = history.size();
    history.addAll(fresh);
    for (int i = Math.max(0, before - FULL_SNAPSHOTS); i < history.size() - FULL_SNAPSHOTS; i++) {
      Snapshot s = history.get(i);
      if (!s.ponderRows().isEmpty()) {
        history.set(i, withoutPonderRows(s));
      }
    }
    latest.set(fresh.get(fresh.size() - 1));
    historyVersion.set(historyVersion.get() + 1);
  }

  private static Snapshot withoutPonderRows(Snapshot s) {
    return s.withoutPonderRows();
  }

  private void onState(Session.StateReport report) {
    trainerState.set(report.state());
    switch (report.state()) {
      case READY -> {
        if (!running.get() && history.isEmpty()) {
          status.set(StatusText.ready(session.config));
        }
      }
      case RUNNING -> status.set(StatusText.running(session.config));
      case PAUSED -> {
        if (!running.get()) {
          status.set(StatusText.paused(iteration.get()));
        }
      }
      case FINISHED -> status.set(StatusText.finished(report.message()));
      case STOPPED -> status.set(StatusText.stopped(report.message()));
      case FAILED -> {
        String explained = StatusText.failed(report.message());
        status.set("Training failed.");
        error.set(explained);
      }
    }
    if (report.state().isTerminal()) {
      running.set(false);
    }
    updateEnablement();
  }

  private boolean ensureSession() {
    if (session != null) {
      return true;
    }
    TrainingConfig c = setup.getConfig();
    if (c == null) {
      return false;
    }
    SavedRun opened = openedRun.get();
    try {
      if (opened != null) {
        session = Session.resume(opened, c.iterations());
      } else {
        session = Session.create(c, newRunFolder(c));
      }
    } catch (ConfigException e) {
      if (opened != null && e.field().equals("iterations")) {
        error.set("Can't continue: the run has already trained " + opened.iteration()
            + " iterations; raise Iterations in the setup above that, then press Play.");
      } else {
        error.set(StatusText.cannotStart(e));
      }
      return false;
    } catch (RunFolderException e) {
      error.set("Can't continue: " + e.getMessage());
      return false;
    } catch (RuntimeException e) {
      error.set("Can't start: " + e.getMessage());
      return false;
    }
    if (opened != null) {
      // rows a killed session wrote after its last checkpoint are retrained with the same numbers
      long from = session.fromIteration;
      history.removeIf(s -> s.iteration() > from);
      latest.set(history.isEmpty() ? null : history.get(history.size() - 1));
      historyVersion.set(historyVersion.get() + 1);
    }
    runFolder.set(session.folder);
    error.set(null);
    sentLive.clear();
    lastPollNanos = 0;
    rateNanos = 0;
    difficultyName.set(difficultyNameOf(session.config.task()));
    maxIterations.set(session.config.iterations());
    trainerState.set(TrainerState.READY);
    session.trainer.setMaxIterationsPerSecond(speedLimit.get());
    applyTarget();
    return true;
  }

  /** What a task's difficulty counts (as its Task says), without building the task. */
  static String difficultyNameOf(String task) {
    return switch (task) {
      case "parity" -> "non-zeros";
      case "mnist" -> "digit";
      case "cpvr" -> "hops";
      default -> "difficulty";
    };
  }

  /** A new folder under the runs directory for a run of {@code c}, or null when runs are not saved. */
  private Path newRunFolder(TrainingConfig c) {
    Path dir = runsDirectory.get();
    if (dir == null) {
      return null;
    }
    String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String base = c.task() + "-" + c.method() + "-seed" + c.seed() + "-" + stamp;
    Path folder = dir.resolve(base);
    for (int i = 2; java.nio.file.Files.exists(folder); i++) {
      folder = dir.resolve(base + "-" + i);
    }
    return folder;
  }

  static Path defaultRunsDirectory() {
    String p = System.getProperty("ponderlab.runs");
    return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), "ponderlab-runs");
  }

  /**
   * Opens a saved run folder: every chart replays its snapshots, the scrubber walks its history,
   * the status bar says how it ended, and Play continues it from its saved state. A folder that
   * cannot be read leaves everything as it was and shows why.
   *
   * @return whether the run was opened
   */
  public boolean openRun(Path folder) {
    SavedRun run;
    try {
      run = RunReader.open(folder);
    } catch (RunFolderException e) {
      error.set("Can't open the run: " + e.getMessage());
      return false;
    } catch (RuntimeException e) {
      error.set("Can't open the run in " + folder + ": " + e.getMessage());
      return false;
    }
    reset();
    openedRun.set(run);
    runFolder.set(run.folder());
    setup.load(run.configInForce().toText());
    history.setAll(run.snapshots());
    latest.set(run.last());
    historyVersion.set(historyVersion.get() + 1);
    iteration.set(run.iteration());
    elapsed = run.wallSeconds();
    elapsedSeconds.set(elapsed);
    maxIterations.set(run.config().iterations());
    difficultyName.set(difficultyNameOf(run.config().task()));
    status.set(openedStatus(run));
    updateEnablement();
    return true;
  }

  static String openedStatus(SavedRun run) {
    String how = switch (run.status()) {
      case FINISHED -> "finished";
      case STOPPED -> "stopped";
      case FAILED -> "failed";
      case INCOMPLETE -> "incomplete (its training was killed)";
      case RUNNING -> "being trained by another process right now";
    };
    String message = run.statusMessage() == null ? "" : run.statusMessage().strip();
    String what = message.isEmpty() ? how
        : message.toLowerCase(java.util.Locale.ROOT).startsWith(run.status().label()) ? message : how + ": " + message;
    String next = switch (run.status()) {
      case RUNNING -> " It can be viewed here, not continued.";
      case FINISHED -> " To continue it, raise Iterations and press Play.";
      default -> " Play continues it from its last saved snapshot.";
    };
    return "Opened run " + run.name() + " (" + StatusText.count(run.iteration()) + " iterations, " + run.snapshots().size()
        + " snapshots): " + what + (what.endsWith(".") ? "" : ".") + next;
  }

  private void applyTarget() {
    if (session != null && targetAccuracyError.get() == null) {
      String t = targetAccuracy.get() == null ? "" : targetAccuracy.get().trim();
      session.trainer.setTargetAccuracy(t.isEmpty() ? Double.NaN : Double.parseDouble(t));
    }
  }

  static String targetReason(String text) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      return null;
    }
    try {
      double v = Double.parseDouble(t);
      return v > 0 && v <= 1 ? null : "'" + t + "' is not allowed; allowed range (0, 1], or empty for no target";
    } catch (NumberFormatException e) {
      return "'" + t + "' is not allowed; expected a number in (0, 1], or empty for no target";
    }
  }

  private boolean isTerminal() {
    return trainerState.get() != null && trainerState.get().isTerminal();
  }

  private void updateEnablement() {
    boolean terminal = isTerminal();
    boolean valid = setup.isValid() && targetAccuracyError.get() == null;
    canPlay.set(valid && !terminal && !running.get());
    canStep.set(valid && !terminal && !running.get());
    SavedRun opened = openedRun.get();
    if (session == null && opened != null) {
      canPlay.set(valid && opened.status() != RunStatus.RUNNING);
      canStep.set(canPlay.get());
    }
    canReset.set(session != null || !history.isEmpty() || opened != null);
    if (session == null && opened != null) {
      setup.lockForContinue();
    } else {
      setup.lock(session != null, !terminal);
    }
    if (reevaluatesSavedModel()) {
      setup.unlockEvaluation();
    }
  }

  // ---- presets ----

  /** Re-reads the shipped and the user's presets; a folder that cannot be read shows its reason. */
  public void refreshPresets() {
    try {
      presets.setAll(Presets.list());
    } catch (PresetException e) {
      presets.clear();
      error.set("Can't list the presets: " + e.getMessage());
    }
  }

  /** The presets found by the last {@link #refreshPresets()}, shipped and the user's. */
  public ObservableList<Preset> presets() {
    return presets;
  }

  /** The preset the form was last filled from, or null. */
  public ReadOnlyStringProperty presetNameProperty() {
    return presetName.getReadOnlyProperty();
  }

  /**
   * Fills the form from a preset: every setting back to its default, then the preset's values
   * (validated as if typed). Refused while a run exists (the form is locked until Reset).
   *
   * @return whether the form was filled
   */
  public boolean applyPreset(Preset preset) {
    if (session != null) {
      error.set("Reset the run before choosing a preset: the setup is fixed while a run exists.");
      return false;
    }
    Map<String, String> values = new java.util.LinkedHashMap<>(TrainingConfig.defaults().toText());
    values.putAll(preset.settings());
    try {
      setup.load(values);
    } catch (RuntimeException e) {
      error.set("Preset " + preset.name() + " can't be used: " + e.getMessage());
      return false;
    }
    presetName.set(preset.name());
    error.set(null);
    status.set("Preset " + preset.name() + ": " + preset.description()
        + (setup.isValid() ? "" : " Fix the settings marked in red before Play."));
    maxIterations.set(setup.getConfig() == null ? maxIterations.get() : setup.getConfig().iterations());
    return true;
  }

  /**
   * Saves the form's setup as one of the user's presets.
   *
   * @return null when saved, otherwise why not, in words (also shown in the status bar)
   */
  public String saveSetupAsPreset(String name, String description) {
    TrainingConfig c = setup.getConfig();
    String problem;
    if (c == null) {
      problem = "Fix the settings marked in red before saving a preset.";
    } else {
      try {
        java.nio.file.Path file = Presets.save(name == null ? "" : name.trim(), description == null ? "" : description.trim(), c);
        refreshPresets();
        presetName.set(name.trim());
        status.set("Saved the setup as preset " + name.trim() + " (" + file + ").");
        error.set(null);
        return null;
      } catch (ConfigException e) {
        problem = "Can't save the preset: " + e.reason();
      } catch (PresetException e) {
        problem = "Can't save the preset: " + e.getMessage();
      }
    }
    error.set(problem);
    return problem;
  }

  // ---- what the charts need ----

  /**
   * The value of a live setting in force at a snapshot: the last change at or before its
   * iteration, or the run's starting value.
   */
  public String settingAt(Snapshot s, String name) {
    String value = null;
    for (SettingChange c : s.changes()) {
      if (c.name().equals(name) && c.iteration() <= s.iteration()) {
        value = c.to();
      }
    }
    if (value == null) {
      for (SettingChange c : s.changes()) {
        if (c.name().equals(name)) {
          return c.from();
        }
      }
      TrainingConfig c = session != null ? session.config : setup.getConfig();
      return c == null ? "?" : c.toText().get(name);
    }
    return value;
  }

  /** The command line that reproduces the setup ({@code ./ponderlab train ...}), or null if invalid. */
  public String commandLine() {
    List<String> extra = new ArrayList<>();
    String t = targetAccuracy.get() == null ? "" : targetAccuracy.get().trim();
    if (!t.isEmpty() && targetAccuracyError.get() == null) {
      extra.add("--target-accuracy");
      extra.add(t);
    }
    return setup.commandLine(extra);
  }

  // ---- properties ----

  /** The training speed cap in iterations per second, 0 for none (slow demos on a projector). */
  public javafx.beans.property.DoubleProperty speedLimitProperty() {
    return speedLimit;
  }

  /**
   * The parameters of the model the newest snapshot shows (the live run's newest checkpoint, or an
   * opened run's saved model), or null when there is none yet.
   */
  public float[] trainedParameters() {
    if (session != null) {
      float[] live = session.parameters();
      if (live != null || openedRun.get() == null) {
        return live;
      }
    }
    return openedRun.get() == null ? null : openedRun.get().finalParameters();
  }

  /** The settings in force for the trained model (changes included), or null without a run. */
  public TrainingConfig configInForce() {
    if (session != null) {
      return session.trainer.config();
    }
    return openedRun.get() == null ? null : openedRun.get().configInForce();
  }

  /** The cap the trainer applies now (0: none; NaN without a run), for tests. */
  double trainerSpeedLimit() {
    return session == null ? Double.NaN : session.trainer.maxIterationsPerSecond();
  }

  /** Where runs started in the window are saved (one folder each); null: not saved. */
  public ObjectProperty<Path> runsDirectoryProperty() {
    return runsDirectory;
  }

  /** The folder of the run in the window (being written, or opened), or null. */
  public ReadOnlyObjectProperty<Path> runFolderProperty() {
    return runFolder.getReadOnlyProperty();
  }

  /** The saved run opened with {@link #openRun}, until Reset (also while it is continued). */
  public ReadOnlyObjectProperty<SavedRun> openedRunProperty() {
    return openedRun.getReadOnlyProperty();
  }

  public SetupModel setup() {
    return setup;
  }

  /** The run's config (null before the first Play or Step, unless a saved run is open). */
  public TrainingConfig runConfig() {
    if (session != null) {
      return session.config;
    }
    return openedRun.get() == null ? null : openedRun.get().config();
  }

  /** Shows a problem of another part of the window (e.g. the Compare tab) in the status bar. */
  public void showError(String explained) {
    error.set(explained);
  }

  /** Stop once validation accuracy reaches this (text; empty = no target). */
  public StringProperty targetAccuracyProperty() {
    return targetAccuracy;
  }

  public ReadOnlyStringProperty targetAccuracyErrorProperty() {
    return targetAccuracyError.getReadOnlyProperty();
  }

  /** The trainer's state, or null when there is no run yet. */
  public ReadOnlyObjectProperty<TrainerState> trainerStateProperty() {
    return trainerState.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public boolean isRunning() {
    return running.get();
  }

  public ReadOnlyBooleanProperty canPlayProperty() {
    return canPlay.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canStepProperty() {
    return canStep.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canResetProperty() {
    return canReset.getReadOnlyProperty();
  }

  public ReadOnlyLongProperty iterationProperty() {
    return iteration.getReadOnlyProperty();
  }

  public long getIteration() {
    return iteration.get();
  }

  /** The iteration budget (the stop condition "max iterations"). */
  public ReadOnlyLongProperty maxIterationsProperty() {
    return maxIterations.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty iterationsPerSecondProperty() {
    return iterationsPerSecond.getReadOnlyProperty();
  }

  /** Wall time spent training (paused time excluded). */
  public ReadOnlyDoubleProperty elapsedSecondsProperty() {
    return elapsedSeconds.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** What went wrong, explained, or null. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** Every snapshot of the run so far, oldest first (unmodifiable). */
  public ObservableList<Snapshot> history() {
    return historyView;
  }

  public ReadOnlyObjectProperty<Snapshot> latestProperty() {
    return latest.getReadOnlyProperty();
  }

  public Snapshot getLatest() {
    return latest.get();
  }

  /** Increases whenever the history changes (new snapshots, reset); charts redraw when it moves. */
  public ReadOnlyLongProperty historyVersionProperty() {
    return historyVersion.getReadOnlyProperty();
  }

  /** What the task's difficulty counts ("non-zeros" for parity). */
  public ReadOnlyStringProperty difficultyNameProperty() {
    return difficultyName.getReadOnlyProperty();
  }
}
