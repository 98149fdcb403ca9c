package org.ponderlab.app.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The run the window shows, from start to end: built from the setup (in the background) at the
 * first Play or Step, or opened from a saved folder and continued; polled for what its trainer
 * published; ended by Reset. It writes the transport's facts (a run exists, it trains, its state,
 * the opened run, a build is pending), the {@link RunHistory} and the {@link StatusLine}; it reads
 * the form.
 */
final class LabSession {
  private final SetupModel setup;
  private final TargetAccuracy target;
  private final StatusLine status;
  private final RunHistory history;
  private final Transport transport;
  private final BackgroundWork work;
  private final LiveSettings live;
  private final SavedModelEvaluation savedModel;
  private final ReadOnlyLongWrapper maxIterations = new ReadOnlyLongWrapper();
  private final ReadOnlyStringWrapper difficultyName = new ReadOnlyStringWrapper("difficulty");
  private final ObjectProperty<Path> runsDirectory =
      new SimpleObjectProperty<>(defaultRunsDirectory());
  private final ReadOnlyObjectWrapper<Path> runFolder = new ReadOnlyObjectWrapper<>();

  private Session session;

  /** Training speed cap in iterations per second (0: none); the trainer paces itself. */
  private final javafx.beans.property.DoubleProperty speedLimit =
      new javafx.beans.property.SimpleDoubleProperty(0);

  private Session.StateReport lastReport;

  /** The window closed: a run still being built is stopped as soon as it arrives. */
  private boolean closed;

  /** A run that arrived after the window closed: stopped at once, never shown. */
  private Session builtAfterClose;

  LabSession(
      SetupModel setup,
      TargetAccuracy target,
      StatusLine status,
      RunHistory history,
      Transport transport,
      BackgroundWork work) {
    this.setup = setup;
    this.target = target;
    this.status = status;
    this.history = history;
    this.transport = transport;
    speedLimit.addListener(
        o -> {
          if (session != null) {
            session.trainer().setMaxIterationsPerSecond(speedLimit.get());
          }
        });
    this.work = work;
    this.live = new LiveSettings(setup, status);
    this.savedModel = new SavedModelEvaluation(setup, status, history, work);
    setup
        .configProperty()
        .addListener(
            o -> {
              if (session == null && setup.getConfig() != null) {
                maxIterations.set(setup.getConfig().iterations());
              }
            });
    target.textProperty().addListener(o -> applyTarget());
    maxIterations.set(setup.getConfig().iterations());
  }

  // ---- the transport's actions ----

  void play() {
    withSession(
        () -> {
          session.trainer().play();
          transport.running.set(true);
          status.say(StatusText.running(session.config));
        });
  }

  void pause() {
    session.trainer().pause();
    transport.running.set(false);
  }

  void step() {
    withSession(() -> session.trainer().step());
  }

  /** Ends the run, if any, and shows an empty lab for the setup in the form. */
  void reset() {
    TrainingConfig was = session == null ? setup.getConfig() : session.config;
    stopTrainer();
    session = null;
    lastReport = null;
    transport.runExists.set(false);
    transport.openedRun.set(null);
    runFolder.set(null);
    history.clear();
    transport.running.set(false);
    transport.trainerState.set(null);
    status.fail(null);
    status.say(StatusText.reset(was));
    if (setup.getConfig() != null) {
      maxIterations.set(setup.getConfig().iterations());
    }
  }

  /**
   * Runs {@code then} with the run, building it first (in the background) when there is none yet.
   */
  private void withSession(Runnable then) {
    if (session != null) {
      then.run();
      return;
    }
    TrainingConfig c = withTarget(setup.getConfig());
    if (c == null) {
      return;
    }
    SavedRun opened = transport.openedRun.get();
    Path runs = runsDirectory.get();
    transport.pending.set(true);
    work.run(
        buildingWhat(c, opened),
        () ->
            opened != null
                ? Session.resume(opened, c.iterations())
                : Session.create(c, newRunFolder(runs, c)),
        made -> {
          transport.pending.set(false);
          if (closed) {
            made.trainer().stop();
            builtAfterClose = made;
            return;
          }
          adopt(made, opened);
          then.run();
        },
        e -> {
          transport.pending.set(false);
          status.fail(whyNotStarted(e, opened));
        });
  }

  private static String buildingWhat(TrainingConfig c, SavedRun opened) {
    return (opened != null
            ? "Loading run " + opened.name()
            : "Building the " + StatusText.taskName(c.task()) + " experiment")
        + " (data and network)…";
  }

  private static String whyNotStarted(Throwable e, SavedRun opened) {
    if (e instanceof ConfigException c) {
      if (opened != null && c.field().equals("iterations")) {
        return "Can't continue: the run has already trained "
            + opened.iteration()
            + " iterations; raise Iterations in the setup above that, then press Play.";
      }
      return StatusText.cannotStart(c);
    }
    if (e instanceof RunFolderException) {
      return "Can't continue: " + e.getMessage();
    }
    return "Can't start: " + (e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /** The built run becomes the window's. */
  private void adopt(Session made, SavedRun opened) {
    session = made;
    if (opened != null) {
      // rows a killed session wrote after its last checkpoint are retrained with the same numbers
      history.dropAfter(made.fromIteration());
    }
    runFolder.set(made.folder());
    status.fail(null);
    live.clear();
    history.restartClock();
    difficultyName.set(StatusText.difficultyName(made.config));
    maxIterations.set(made.config.iterations());
    transport.trainerState.set(TrainerState.READY);
    transport.runExists.set(true);
    made.trainer().setMaxIterationsPerSecond(speedLimit.get());
    applyTarget();
  }

  private void stopTrainer() {
    if (session != null) {
      session.trainer().stop();
    }
  }

  /**
   * The training speed cap in iterations per second (0: none), applied to every trainer this
   * session builds.
   */
  javafx.beans.property.DoubleProperty speedLimitProperty() {
    return speedLimit;
  }

  /** The cap the trainer applies now (0: none; NaN without a run). */
  double trainerSpeedLimit() {
    return session == null ? Double.NaN : session.trainer().maxIterationsPerSecond();
  }

  /**
   * Asks the trainer thread to end (the window is closing); a run still being built ends when it
   * arrives.
   */
  void close() {
    closed = true;
    stopTrainer();
  }

  /** Waits up to {@code millis} for the trainer thread to end (after {@link #close()}). */
  void awaitTrainer(long millis) throws InterruptedException {
    for (Session s : new Session[] {session, builtAfterClose}) {
      if (s != null) {
        s.trainer().join(millis);
      }
    }
  }

  boolean exists() {
    return session != null;
  }

  /**
   * Sends a live setting to the trainer (see {@link LiveSettings#apply}); on a finished or reopened
   * run a rule or q change re-evaluates the saved model instead ({@link SavedModelEvaluation}).
   * False when nothing was sent or started.
   */
  boolean applyLiveSetting(String name) {
    if ((name.equals("eval-rule") || name.equals("q")) && transport.modelIsFinal()) {
      return savedModel.start(transport.openedRun.get(), runFolder.get(), config());
    }
    if (session == null || transport.isTerminal()) {
      return false;
    }
    return live.apply(name, session, transport.running.get(), history.getIteration());
  }

  // ---- polling ----

  /**
   * Takes what the trainer published since the last call: the iteration counter, rates, state
   * changes and new snapshots (added to the history in one change). Returns whether new snapshots
   * arrived.
   */
  boolean poll(long nowNanos) {
    if (session == null) {
      history.idle(nowNanos);
      return false;
    }
    long it = session.trainer().iteration();
    List<Snapshot> fresh = session.drain();
    Session.StateReport report = session.state();
    boolean stateChanged = report != null && report != lastReport;
    history.update(nowNanos, it, fresh, transport.running.get(), stateChanged);
    if (stateChanged) {
      lastReport = report;
      onState(report);
    }
    return !fresh.isEmpty();
  }

  private void onState(Session.StateReport report) {
    transport.trainerState.set(report.state());
    switch (report.state()) {
      case READY -> {
        if (!transport.running.get() && history.snapshots().isEmpty()) {
          status.say(StatusText.ready(session.config));
        }
      }
      case RUNNING -> status.say(StatusText.running(session.config));
      case PAUSED -> {
        if (!transport.running.get()) {
          status.say(StatusText.paused(history.getIteration()));
        }
      }
      case FINISHED -> status.say(StatusText.finished(report.message()));
      case STOPPED -> status.say(StatusText.stopped(report.message()));
      case FAILED -> {
        status.say("Training failed.");
        status.fail(StatusText.failed(report.message()));
      }
    }
    if (report.state().isTerminal()) {
      transport.running.set(false);
    }
  }

  // ---- saved runs ----

  /**
   * A new folder under the runs directory for a run of {@code c}, or null when runs are not saved.
   */
  private static Path newRunFolder(Path runs, TrainingConfig c) {
    if (runs == null) {
      return null;
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String base = c.task() + "-" + c.method() + "-seed" + c.seed() + "-" + stamp;
    Path folder = runs.resolve(base);
    for (int i = 2; Files.exists(folder); i++) {
      folder = runs.resolve(base + "-" + i);
    }
    return folder;
  }

  static Path defaultRunsDirectory() {
    String p = System.getProperty("ponderlab.runs");
    return p != null && !p.isBlank()
        ? Path.of(p)
        : Path.of(System.getProperty("user.home"), "ponderlab-runs");
  }

  /**
   * Opens a saved run folder (read in the background): every chart replays its snapshots, the
   * status bar says how it ended, and Play continues it from its saved state. A folder that cannot
   * be read leaves everything as it was and shows why.
   *
   * @return completes with whether the run was opened
   */
  CompletableFuture<Boolean> open(Path folder) {
    if (transport.pending.get()) {
      status.fail("Wait a moment: a run is being prepared; open the run when it is ready.");
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    transport.pending.set(true);
    work.run(
        "Reading the run in " + folder + "…",
        () -> RunReader.open(folder),
        run -> {
          transport.pending.set(false);
          show(run);
          outcome.complete(true);
        },
        e -> {
          transport.pending.set(false);
          status.fail(
              e instanceof RunFolderException
                  ? "Can't open the run: " + e.getMessage()
                  : "Can't open the run in " + folder + ": " + e.getMessage());
          outcome.complete(false);
        });
    return outcome;
  }

  private void show(SavedRun run) {
    reset();
    transport.openedRun.set(run);
    runFolder.set(run.folder());
    setup.load(run.configInForce().toText());
    history.replay(run.snapshots(), run.iteration(), run.wallSeconds());
    maxIterations.set(run.config().iterations());
    difficultyName.set(StatusText.difficultyName(run.config()));
    status.say(StatusText.opened(run));
  }

  /** The setup with the transport bar's target accuracy, so the run's config.json records it. */
  private TrainingConfig withTarget(TrainingConfig c) {
    return c == null || !target.isValid() ? c : c.with("target-accuracy", target.typed());
  }

  private void applyTarget() {
    if (session != null && target.isValid()) {
      session.trainer().setTargetAccuracy(target.value());
    }
  }

  /** The run's config (null before the first Play or Step, unless a saved run is open). */
  TrainingConfig config() {
    if (session != null) {
      return session.config;
    }
    SavedRun opened = transport.openedRun.get();
    return opened == null ? null : opened.config();
  }

  /**
   * The parameters of the model the newest snapshot shows (the live run's newest checkpoint, or an
   * opened run's saved model), or null when there is none yet. The caller must not change them.
   */
  float[] trainedParameters() {
    SavedRun opened = transport.openedRun.get();
    if (session != null) {
      float[] live = session.parameters();
      if (live != null || opened == null) {
        return live;
      }
    }
    return opened == null ? null : opened.finalParameters();
  }

  /**
   * The settings in force for the trained model (mid-run changes included), or null without a run.
   */
  TrainingConfig configInForce() {
    if (session != null) {
      return session.trainer().config();
    }
    SavedRun opened = transport.openedRun.get();
    return opened == null ? null : opened.configInForce();
  }

  /** The config a run's live settings start from: the run's, or the form's before a run exists. */
  TrainingConfig startingConfig() {
    return session != null ? session.config : setup.getConfig();
  }

  ObjectProperty<Path> runsDirectoryProperty() {
    return runsDirectory;
  }

  ReadOnlyObjectProperty<Path> runFolderProperty() {
    return runFolder.getReadOnlyProperty();
  }

  ReadOnlyLongProperty maxIterationsProperty() {
    return maxIterations.getReadOnlyProperty();
  }

  ReadOnlyStringProperty difficultyNameProperty() {
    return difficultyName.getReadOnlyProperty();
  }
}
