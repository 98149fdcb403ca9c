package org.ponderlab.app.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * One run in the window: a {@link RunSession} (saved in its run folder, or kept in memory when the
 * runs directory is turned off) and the mailbox its trainer writes into. The listener callbacks run
 * on the trainer thread and only store (a lock-free queue of snapshots, the newest state); the FX
 * thread drains both when it polls.
 *
 * <p>{@link #create} and {@link #resume} build the experiment (data loading, network
 * initialisation: seconds for MNIST) and start the trainer thread, which inherits the calling
 * thread's priority: call them on {@link BackgroundWork}'s thread, never on the FX thread.
 */
final class Session implements TrainingListener {
  /** A state the trainer reported, with its message. */
  record StateReport(TrainerState state, String message) {}

  final TrainingConfig config;
  private RunSession run;
  private final ConcurrentLinkedQueue<Snapshot> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicReference<StateReport> state = new AtomicReference<>();
  private volatile float[] parameters;

  private Session(TrainingConfig config) {
    this.config = config;
  }

  /**
   * A new run, saved in {@code folder} (or kept in memory when null); the trainer thread waits for
   * play or step. Throws ConfigException if the setup or the folder is refused.
   */
  static Session create(TrainingConfig config, Path folder) {
    checkRule(config);
    Session made = new Session(config);
    try {
      made.run =
          folder == null
              ? RunSession.inMemory(config, made)
              : RunSession.create(
                  folder,
                  config,
                  List.of("ponderlab", "lab"),
                  made); // never overwrites: a new folder
    } catch (RunFolderException e) {
      throw new IllegalStateException(
          e.getMessage(), e); // taken meanwhile by another process: refused, named
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the run folder " + folder + ": " + e.getMessage(), e);
    }
    made.trainer().start();
    return made;
  }

  /**
   * Continues a saved run from its last saved snapshot ({@link RunSession#resume}); the trainer
   * thread waits for play or step.
   *
   * @param iterations the new iteration budget, or null to keep the run's
   */
  static Session resume(SavedRun saved, Integer iterations) throws RunFolderException {
    int budget = iterations == null ? saved.config().iterations() : iterations;
    Session made = new Session(saved.config().with("iterations", Integer.toString(budget)));
    try {
      made.run =
          RunSession.resume(
              saved,
              iterations,
              Map.of(),
              List.of("ponderlab", "lab", "--open", saved.folder().toString()),
              made);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the run folder " + saved.folder() + ": " + e.getMessage(), e);
    }
    made.trainer().start();
    return made;
  }

  private static void checkRule(TrainingConfig config) {
    List<EvaluationRule> rules = HaltingMethods.create(config.method()).rules();
    EvaluationRule rule = config.evaluationRule(rules.get(0));
    if (!rules.contains(rule)) {
      throw new ConfigException(
          "eval-rule",
          config.evalRule(),
          StatusText.methodName(config.method())
              + " supports "
              + rules.stream().map(EvaluationRule::cliName).collect(Collectors.joining(", "))
              + " (or default)");
    }
  }

  Trainer trainer() {
    return run.trainer();
  }

  /** The run folder the session writes, or null for a run kept in memory. */
  Path folder() {
    return run.folder();
  }

  /**
   * The iteration the session starts from (0 for a new run; the checkpoint's for a resumed one).
   */
  long fromIteration() {
    return run.fromIteration();
  }

  @Override
  public void onSnapshot(Snapshot snapshot) {
    inbox.add(snapshot);
  }

  /**
   * Keeps a copy of the newest checkpoint's parameters (the model the newest snapshot evaluated),
   * for the input view and lesson checks, which run the model on threads of their own.
   */
  @Override
  public void onCheckpoint(org.ponderlab.core.train.TrainingCheckpoint checkpoint) {
    parameters = checkpoint.parameters().clone();
  }

  /** The parameters of the newest snapshot's model, or null before the first snapshot. */
  float[] parameters() {
    return parameters;
  }

  @Override
  public void onStateChanged(TrainerState s, String message) {
    state.set(new StateReport(s, message));
  }

  /** Snapshots published since the last call, oldest first. */
  List<Snapshot> drain() {
    List<Snapshot> out = new ArrayList<>();
    Snapshot s;
    while ((s = inbox.poll()) != null) {
      out.add(s);
    }
    return out;
  }

  /** The newest state report, or null before the trainer thread reported any. */
  StateReport state() {
    return state.get();
  }
}
