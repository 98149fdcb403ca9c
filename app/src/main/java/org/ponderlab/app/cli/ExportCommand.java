package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ponderlab.core.run.OutputPaths;
import org.ponderlab.core.run.RunExport;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ponderlab export RUN... --out FILE.csv}: every run's metrics as one long table ({@code
 * run,iteration,metric,value}) and their configurations in FILE-configs.json. The files go into an
 * existing folder outside every run folder and replace existing ones only with {@code --overwrite};
 * every run is opened first; if one cannot be, nothing is written.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export runs as one long CSV (run,iteration,metric,value) plus FILE-configs.json with each run's settings,",
      "changes and provenance. Metrics: "
          + "elapsed_s, loss_rec, loss_reg, loss_total, accuracy, mean_steps, ms_per_iteration;",
      "with --distributions also halting_count:n, prior:n, mean_p:n, accuracy_at_step:n, accuracy_by_difficulty:d, mean_steps_by_difficulty:d."
    })
public final class ExportCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description = "run folders (a sweep's cells: OUT/cell-*)")
  List<Path> runs;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.csv",
      description =
          "the CSV to write (and FILE-configs.json next to it), in an existing folder outside the run folders")
  Path out;

  @Option(names = "--overwrite", description = "replace --out and its configs file if they exist")
  boolean overwrite;

  @Option(names = "--distributions", description = "also the per-step and per-difficulty series")
  boolean distributions;

  @Override
  public Integer call() throws Exception {
    List<SavedRun> opened = new ArrayList<>();
    try {
      OutputPaths.checkNewFile(out, "out", List.of(".csv"), overwrite);
      OutputPaths.checkNewFile(RunExport.configsFile(out), "out", List.of(".json"), overwrite);
      for (Path r : runs) {
        opened.add(RunReader.openHistory(r));
      }
      RunExport.write(opened, out, distributions);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    } catch (java.io.IOException e) {
      return Cli.ioError("write " + out, e);
    }
    int rows = opened.stream().mapToInt(r -> r.snapshots().size()).sum();
    System.out.printf(
        "exported %d runs (%d snapshots) to %s and %s%n",
        opened.size(), rows, out, RunExport.configsFile(out));
    return 0;
  }
}
