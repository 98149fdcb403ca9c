package org.ponderlab.app.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.train.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * One run in the window: its config, its run folder and trainer thread, and the mailbox the trainer
 * writes into. Every run is saved through a {@link RunSession} (so it can be reopened and
 * continued); a session without a folder (runs directory turned off) trains in memory only. The
 * listener callbacks run on the trainer thread and only store (a lock-free queue of snapshots, the
 * newest state); the FX thread drains both when it polls.
 */
final class Session implements TrainingListener {
  /** A state the trainer reported, with its message. */
  record StateReport(TrainerState state, String message) {}

  final TrainingConfig config;
  /** Set once, right after construction (the trainer needs the session as its listener). */
  Trainer trainer;
  /** The run folder the session writes, or null for a run kept in memory. */
  final Path folder;
  /** The iteration the session starts from (0 for a new run; the checkpoint's for a resumed one). */
  long fromIteration;
  private final ConcurrentLinkedQueue<Snapshot> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicReference<StateReport> state = new AtomicReference<>();
  private volatile float[] parameters;

  private Session(TrainingConfig config, Path folder) {
    this.config = config;
    this.folder = folder;
  }

  /**
   * A new run, saved in {@code folder} (or kept in memory when null); the trainer thread waits for
   * play or step. Throws ConfigException if the setup or the folder is refused.
   */
  static Session create(TrainingConfig config, Path folder) {
    checkRule(config);
    Session made = new Session(config, folder);
    made.trainer = createAtLowPriority(() -> {
      if (folder == null) {
        return new Trainer(config, Experiments.create(config), made);
      }
      try {
        return RunSession.create(folder, config, List.of("ponderlab", "lab"), made).trainer();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the run folder " + folder + ": " + e.getMessage(), e);
      }
    });
    made.trainer.start();
    return made;
  }

  /**
   * Continues a saved run from its last saved snapshot ({@link RunSession#resume}); the trainer
   * thread waits for play or step.
   *
   * @param iterations the new iteration budget, or null to keep the run's
   */
  static Session resume(SavedRun run, Integer iterations) throws RunFolderException {
    Session made = new Session(run.config().with("iterations", Integer.toString(iterations == null ? run.config().iterations() : iterations)), run.folder());
    RunSession[] rs = new RunSession[1];
    RunFolderException[] refused = new RunFolderException[1];
    Trainer trainer = createAtLowPriority(() -> {
      try {
        rs[0] = RunSession.resume(run, iterations, Map.of(), List.of("ponderlab", "lab", "--open", run.folder().toString()),
            made);
        return rs[0].trainer();
      } catch (RunFolderException e) {
        refused[0] = e;
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the run folder " + run.folder() + ": " + e.getMessage(), e);
      }
    });
    if (refused[0] != null) {
      throw refused[0];
    }
    made.trainer = trainer;
    made.fromIteration = rs[0].fromIteration();
    trainer.start();
    return made;
  }

  private static void checkRule(TrainingConfig config) {
    List<EvaluationRule> rules = HaltingMethods.create(config.method()).rules();
    EvaluationRule rule = config.evaluationRule(rules.get(0));
    if (!rules.contains(rule)) {
      throw new ConfigException("eval-rule", config.evalRule(), StatusText.methodName(config.method()) + " supports "
          + rules.stream().map(EvaluationRule::cliName).collect(Collectors.joining(", ")) + " (or default)");
    }
  }

  /**
   * Builds the trainer on a helper thread of minimum priority, so the trainer's thread inherits it:
   * with {@code -XX:ThreadPriorityPolicy=1} Linux then runs it at nice +4 and the FX thread wins
   * the core when both want it (without the flag the JVM ignores priorities; nothing changes).
   */
  private static Trainer createAtLowPriority(java.util.function.Supplier<Trainer> factory) {
    Trainer[] made = new Trainer[1];
    RuntimeException[] failed = new RuntimeException[1];
    Thread helper = new Thread(() -> {
      try {
        made[0] = factory.get();
      } catch (RuntimeException e) {
        failed[0] = e;
      }
    }, "ponderlab-trainer-factory");
    helper.setPriority(Thread.MIN_PRIORITY);
    helper.start();
    try {
      helper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the trainer", e);
    }
    if (failed[0] != null) {
      throw failed[0];
    }
    return made[0];
  }

  @Override
  public void onSnapshot(Snapshot snapshot) {
    inbox.add(snapshot);
  }

  /**
   * Keeps a copy of the newest checkpoint's parameters (the model the newest snapshot evaluated), for
   * the input view and lesson checks, which run the model on threads of their own.
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
