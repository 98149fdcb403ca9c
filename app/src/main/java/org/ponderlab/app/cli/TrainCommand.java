package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ponderlab.core.run.PresetException;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ponderlab train}: trains one run headless, shows a progress line, writes the run folder;
 * with {@code --resume DIR} continues a saved run (finished, stopped or killed) from its last
 * snapshot with the numbers it would have had. Exit status 0 when the run finished or was stopped,
 * 1 when it failed (NaN, I/O) or its folder is damaged, 2 for a bad value or folder.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train one run headless and write its folder (config.json, metrics.csv, halting.csv, difficulty.csv, "
          + "changes.csv, ponder/, model.bin, status.json, summary.json).",
      "Continue a saved run with --resume DIR [--iterations TOTAL | --more N] [--lr/--beta/--lambda-p VALUE]."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "run folder to write: a new or empty folder (created with its parents), or with --overwrite an earlier run's")
  Path out;

  @Option(
      names = "--overwrite",
      description =
          "replace the run already in --out (only a PonderLab run folder that no process is writing; files you added there stay)")
  boolean overwrite;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "continue the run in DIR from its last snapshot; --iterations is then the new total")
  Path resume;

  @Option(
      names = "--more",
      paramLabel = "N",
      description = "with --resume: train N iterations more than the run has saved")
  Integer more;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "start from a preset's settings (see: ponderlab presets); options typed here override it")
  String preset;

  @Option(names = "--quiet", description = "no progress line")
  boolean quiet;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "threads training runs on, 1 or 2 (default: ${DEFAULT-VALUE}); 2 runs the batch's second half on a "
              + "second core: faster, and the same numbers as 1 thread")
  int threads;

  @Override
  public Integer call() throws Exception {
    Map<String, String> typed = SettingsOptions.matched(spec.commandLine().getParseResult());
    try {
      TrainingStep.checkThreads(threads);
      if (resume != null) {
        return resume(typed);
      }
      if (out == null) {
        throw new ConfigException(
            "out", "", "required: the run folder to write (or --resume DIR to continue a run)");
      }
      if (more != null) {
        throw new ConfigException("more", more.toString(), "only with --resume");
      }
      TrainingConfig config = Cli.config(preset, typed);
      Map<String, String> extra = new LinkedHashMap<>();
      extra.put("--out", out.toString());
      if (threads != 1) {
        extra.put("--threads", Integer.toString(threads));
      }
      ProgressLine progress = new ProgressLine(config.iterations(), 0, quiet);
      RunSession session =
          RunSession.create(
              out, config, overwrite, Cli.commandLine("train", config, extra), progress, threads);
      return run(session, progress, out);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    } catch (PresetException e) {
      return Cli.badPreset(e);
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    } catch (java.io.IOException e) {
      return Cli.ioError("write the run folder " + (resume != null ? resume : out), e);
    }
  }

  private int resume(Map<String, String> typed) throws Exception {
    if (out != null) {
      throw new ConfigException(
          "out", out.toString(), "not with --resume: a run continues in its own folder");
    }
    if (preset != null) {
      throw new ConfigException("preset", preset, "not with --resume: the run keeps its settings");
    }
    if (overwrite) {
      throw new ConfigException(
          "overwrite", "", "not with --resume: a resumed run keeps everything it has");
    }
    Map<String, String> changes = new LinkedHashMap<>(typed);
    String iterationsText = changes.remove("iterations");
    SavedRun run = RunReader.open(resume);
    Integer iterations =
        iterationsText == null
            ? null
            : (Integer) ConfigFields.get("iterations").parse(iterationsText);
    if (more != null) {
      if (iterations != null) {
        throw new ConfigException(
            "more", more.toString(), "give either --iterations (a new total) or --more, not both");
      }
      long saved = run.checkpoint() == null ? 0 : run.checkpoint().iteration();
      // the new total must stay within --iterations' own range, so --more is named with its own
      // limit
      long most = (long) ConfigFields.get("iterations").max() - saved;
      if (more < 1 || more > most) {
        throw new ConfigException(
            "more",
            more.toString(),
            "allowed range 1 to "
                + most
                + " (the run has "
                + saved
                + " iterations; a run trains at most "
                + (long) ConfigFields.get("iterations").max()
                + ")");
      }
      iterations = (int) (saved + more);
    }
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("--resume", resume.toString());
    if (iterations != null) {
      extra.put("--iterations", iterations.toString());
    }
    changes.forEach((k, v) -> extra.put("--" + k, v));
    if (threads != 1) {
      extra.put("--threads", Integer.toString(threads));
    }
    List<String> commandLine = new java.util.ArrayList<>(List.of("ponderlab", "train"));
    extra.forEach(
        (k, v) -> {
          commandLine.add(k);
          commandLine.add(v);
        });
    long from = run.checkpoint() == null ? 0 : run.checkpoint().iteration();
    ProgressLine progress =
        new ProgressLine(iterations == null ? run.config().iterations() : iterations, from, quiet);
    RunSession session =
        RunSession.resume(run, iterations, changes, commandLine, progress, threads);
    if (!quiet) {
      System.err.println(
          session.fromIteration() == 0
              ? "restarting " + resume + " from the beginning (it has no saved model)"
              : "continuing "
                  + resume
                  + " ("
                  + run.status().label()
                  + ") from iteration "
                  + session.fromIteration());
    }
    return run(session, progress, resume);
  }

  private int run(RunSession session, ProgressLine progress, Path folder)
      throws InterruptedException {
    Thread onCtrlC = new Thread(() -> stopAndWait(session), "ponderlab-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    TrainerState end;
    try {
      session.start();
      end = session.await(progress::tick, 500);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for the trainer itself
      }
    }
    progress.end();
    Snapshot last = session.trainer().latest();
    if (end == TrainerState.FAILED) {
      System.err.println("error: " + session.endMessage());
      System.err.println("The run folder " + folder + " keeps everything recorded up to then.");
      return Cli.FAILED;
    }
    if (last != null) {
      System.out.printf(
          Locale.ROOT,
          "%s: accuracy %.4f, mean steps %.2f (%s) after %d iterations, %.1f s; run in %s%n",
          session.endMessage(),
          last.accuracy(),
          last.meanSteps(),
          last.rule(),
          last.iteration(),
          last.elapsedSeconds(),
          folder);
    }
    return 0;
  }

  /**
   * How long Ctrl-C (or SIGTERM) waits for the last snapshot. A snapshot evaluates the validation
   * set: at paper 003's size that took longer than the 10 s this used to wait, so the process ended
   * with status.json still saying "running" (the run resumed from its previous snapshot, but the
   * user was not told). Service managers wait 90 s before SIGKILL.
   */
  static final long STOP_WAIT_MILLIS = 60_000;

  /**
   * On Ctrl-C or SIGTERM: stop the trainer so it saves a last snapshot and marks the run stopped,
   * saying so, and saying what the folder keeps if that takes too long.
   */
  static void stopAndWait(RunSession session) {
    System.err.println();
    System.err.println(
        "stopping: the iteration under way finishes and a last snapshot is saved (waiting up to "
            + STOP_WAIT_MILLIS / 1000
            + " s)...");
    session.stop();
    try {
      session.trainer().join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (session.trainer().isAlive()) {
      System.err.println(
          "stopping: the last snapshot was not saved in time; the run folder keeps its previous"
              + " snapshot, and --resume continues from there");
    }
  }
}
