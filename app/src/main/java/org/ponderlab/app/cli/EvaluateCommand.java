package org.ponderlab.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ponderlab.core.run.RunEvaluations;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ponderlab evaluate RUN --eval-rule R [--q Q]}: a saved model evaluated under another rule
 * without training ({@link RunEvaluations}); prints accuracy, mean halting step and steps run, and
 * writes RUN/evaluations/&lt;rule&gt;.json. model.bin and the training history are not touched.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a saved run's model under any rule its method allows, without training: prints accuracy, mean",
      "halting step and steps run, and writes RUN/evaluations/<rule>.json (q-exit: <rule>-q<q>.json). The run's",
      "model.bin and training history are left as they are."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "a run folder")
  Path run;

  @Option(
      names = "--eval-rule",
      paramLabel = "R",
      defaultValue = "default",
      description =
          "sample, q-exit, expectation, mode, threshold, act, lac, patience, last-step (default: the method's own)")
  String rule;

  @Option(
      names = "--q",
      paramLabel = "Q",
      description = "the Q-exit threshold (default: the run's; allowed: (0, 1))")
  String q;

  @Override
  public Integer call() {
    Cli.TrainedRun opened = Cli.openTrained(run);
    if (opened.run() == null) {
      return opened.exitStatus();
    }
    SavedRun saved = opened.run();
    RunEvaluations.Result result;
    try {
      result = RunEvaluations.evaluate(saved, rule, q);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    try {
      result = RunEvaluations.save(result);
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    } catch (IOException e) {
      System.err.println(
          "error: could not write the evaluation in "
              + run.resolve(RunEvaluations.DIR)
              + ": "
              + e.getMessage());
      return Cli.FAILED;
    }
    System.out.println(RunEvaluations.describe(result));
    System.out.println("saved " + result.file());
    return 0;
  }
}
