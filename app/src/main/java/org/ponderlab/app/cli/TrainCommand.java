package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ponderlab.core.run.RunFolder;
import org.ponderlab.core.run.RunWriter;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ponderlab train}: trains one run headless, shows a progress line, writes the run folder.
 * Exit status 0 when the run finished, 1 when it failed (NaN, I/O), 2 for a bad value.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train one run headless and write its folder (config.json, metrics.csv, halting.csv, ponder.csv, summary.json).")
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "run folder to write (new, empty, or an earlier run's folder)")
  Path out;

  @Option(names = "--target-accuracy", paramLabel = "ACC",
      description = "stop once validation accuracy reaches this (default: off; allowed: (0, 1])")
  Double targetAccuracy;

  @Option(names = "--quiet", description = "no progress line")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    TrainingConfig config;
    try {
      config = TrainingConfig.fromText(SettingsOptions.matched(spec.commandLine().getParseResult()));
      if (targetAccuracy != null && !(targetAccuracy > 0 && targetAccuracy <= 1)) {
        throw new ConfigException("target-accuracy", targetAccuracy.toString(), "allowed range (0, 1]");
      }
      String problem = RunFolder.checkWritable(out);
      if (problem != null) {
        throw new ConfigException("out", out.toString(), problem);
      }
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    Experiment experiment;
    try {
      experiment = Experiments.create(config);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    List<String> commandLine = new ArrayList<>(List.of("ponderlab", "train"));
    config.toText().forEach((k, v) -> {
      commandLine.add("--" + k);
      commandLine.add(v);
    });
    commandLine.add("--out");
    commandLine.add(out.toString());
    RunWriter writer = new RunWriter(out, config, Instant.now(), commandLine);
    ProgressLine progress = new ProgressLine(config.iterations(), quiet);
    final String[] endMessage = {""};
    final TrainerState[] endState = {TrainerState.READY};
    Trainer trainer = new Trainer(config, experiment, new TrainingListener() {
      @Override
      public void onSnapshot(Snapshot s) {
        writer.onSnapshot(s);
        progress.snapshot(s);
      }

      @Override
      public void onStateChanged(TrainerState state, String message) {
        writer.onStateChanged(state, message);
        if (state.isTerminal()) {
          endState[0] = state;
          endMessage[0] = message;
        }
      }
    });
    if (targetAccuracy != null) {
      trainer.setTargetAccuracy(targetAccuracy);
    }
    trainer.start().play();
    while (true) {
      trainer.join(500);
      if (!trainer.isAlive()) {
        break;
      }
      progress.tick(trainer.iteration());
    }
    progress.end();
    Snapshot last = trainer.latest();
    if (endState[0] == TrainerState.FAILED) {
      System.err.println("error: " + endMessage[0]);
      System.err.println("The run folder " + out + " keeps everything recorded up to then.");
      return 1;
    }
    if (last != null) {
      System.out.printf(Locale.ROOT, "%s: accuracy %.4f, mean steps %.2f (%s) after %d iterations, %.1f s; run in %s%n",
          endMessage[0], last.accuracy(), last.meanSteps(), last.rule(), last.iteration(), last.elapsedSeconds(), out);
    }
    return 0;
  }
}
