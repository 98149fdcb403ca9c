package org.ponderlab.app.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.ponderlab.core.run.RunEvaluations;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;

/**
 * Rule and q stay live on a finished or reopened run: the saved model is evaluated again under the
 * new rule (as {@code ./ponderlab evaluate} does, through {@link RunEvaluations}) on a background
 * thread, without training and without writing into the run folder. Results wait in a mailbox
 * that the lab model drains when it polls, like the trainer's snapshots.
 */
final class SavedModelEvaluation {
  /** An evaluation that ended: its result, or why it failed. */
  record Outcome(RunEvaluations.Result result, String problem) {}

  private final Executor background;
  private final ConcurrentLinkedQueue<Outcome> done = new ConcurrentLinkedQueue<>();

  SavedModelEvaluation(Executor background) {
    this.background = background;
  }

  /** One daemon thread of minimum priority. */
  static SavedModelEvaluation onItsOwnThread() {
    return new SavedModelEvaluation(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ponderlab-evaluate");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    }));
  }

  /**
   * Evaluates the model of the opened run, or of the run saved in {@code folder}, under {@code rule}
   * and {@code q}; the outcome arrives in {@link #drain()}.
   */
  CompletableFuture<Outcome> start(SavedRun opened, Path folder, String rule, String q) {
    return CompletableFuture.supplyAsync(() -> {
      Outcome o;
      try {
        SavedRun run = opened != null ? opened : RunReader.open(folder); // a finished run as saved
        o = new Outcome(RunEvaluations.evaluate(run, rule, q), null);
      } catch (RunFolderException e) {
        o = new Outcome(null, "Can't re-evaluate the run: " + e.getMessage());
      } catch (RuntimeException e) {
        o = new Outcome(null, "Can't re-evaluate the run under " + rule + ": " + e.getMessage());
      }
      done.add(o);
      return o;
    }, background);
  }

  /** Outcomes that arrived since the last call, oldest first. */
  List<Outcome> drain() {
    List<Outcome> out = new ArrayList<>();
    Outcome o;
    while ((o = done.poll()) != null) {
      out.add(o);
    }
    return out;
  }

  /** The status line for a finished evaluation. */
  static String describe(RunEvaluations.Result r) {
    return String.format(Locale.ROOT,
        "The trained model (iteration %,d) under rule %s: accuracy %.3f, mean halting step %.2f, steps run %.2f per input."
            + " Nothing was retrained; the run folder is untouched.",
        r.iteration(), r.label().replace(" (evaluation)", ""), r.accuracy(), r.meanSteps(), r.meanStepsRun());
  }
}
