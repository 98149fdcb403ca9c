package org.ponderlab.app.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * One run in the window: its config, experiment and trainer thread, and the mailbox the trainer
 * writes into. The listener callbacks run on the trainer thread and only store (a lock-free queue
 * of snapshots, the newest state); the FX thread drains both when it polls.
 */
final class Session implements TrainingListener {
  /** A state the trainer reported, with its message. */
  record StateReport(TrainerState state, String message) {}

  final TrainingConfig config;
  final Experiment experiment;
  final Trainer trainer;
  private final ConcurrentLinkedQueue<Snapshot> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicReference<StateReport> state = new AtomicReference<>();

  /** Builds the experiment and starts the (waiting) trainer; throws ConfigException if refused. */
  Session(TrainingConfig config) {
    this.config = config;
    this.experiment = Experiments.create(config);
    List<EvaluationRule> rules = experiment.method().rules();
    EvaluationRule rule = config.evaluationRule(rules.get(0));
    if (!rules.contains(rule)) {
      throw new ConfigException("eval-rule", config.evalRule(), experiment.method().name() + " supports "
          + rules.stream().map(EvaluationRule::cliName).collect(Collectors.joining(", ")) + " (or default)");
    }
    this.trainer = createAtLowPriority(() -> new Trainer(config, experiment, this)).start();
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
