package org.ponderlab.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartUtils;
import org.ponderlab.core.run.RunExport;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ponderlab plot RUN... --out fig.png}: a chart of saved runs (several overlaid) as PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = "Draw saved runs as a PNG: curves (accuracy and mean steps over training), losses, halting "
        + "(the last snapshot's halting distribution against the prior) difficulty (accuracy and steps per difficulty) or halting-history (x iteration, y step n, colour share of inputs).")
public final class PlotCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders; several are overlaid")
  List<Path> runs;

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "the PNG to write")
  Path out;

  @Option(names = "--chart", defaultValue = "curves", paramLabel = "KIND",
      description = "curves, losses, halting, difficulty or halting-history (the halting distribution over the "
          + "whole run as a heat map; one run) (default: ${DEFAULT-VALUE})")
  String chart;

  @Option(names = "--width", defaultValue = "900", description = "pixels (default: ${DEFAULT-VALUE})")
  int width;

  @Option(names = "--height", defaultValue = "600", description = "pixels (default: ${DEFAULT-VALUE})")
  int height;

  @Override
  public Integer call() throws Exception {
    RunCharts.Kind kind = RunCharts.Kind.parse(chart);
    if (kind == null) {
      return Cli.badValue(new ConfigException("chart", chart, "allowed: curves, losses, halting, difficulty, halting-history"));
    }
    if (kind == RunCharts.Kind.HALTING_HISTORY && runs.size() > 1) {
      return Cli.badValue(new ConfigException("chart", chart, "halting-history draws one run; give one RUN folder"));
    }
    if (width < 100 || width > 10_000 || height < 100 || height > 10_000) {
      return Cli.badValue(new ConfigException("width", width + "x" + height, "each 100 to 10000 pixels"));
    }
    List<SavedRun> opened = new ArrayList<>();
    try {
      for (Path r : runs) {
        SavedRun run = RunReader.openHistory(r);
        if (run.snapshots().isEmpty()) {
          System.err.println("error: run folder " + r + " has no snapshot yet; nothing to draw");
          return Cli.BAD_VALUE;
        }
        opened.add(run);
      }
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<String> labels = RunExport.labels(runs);
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    ChartUtils.saveChartAsPNG(out.toFile(), RunCharts.build(kind, opened, labels), width, height);
    System.out.println("wrote " + out);
    return 0;
  }
}
