package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfree.chart.JFreeChart;
import org.ponderlab.core.run.PresetException;
import org.ponderlab.core.run.Presets;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.SweepCell;
import org.ponderlab.core.run.SweepEngine;
import org.ponderlab.core.run.SweepGrid;
import org.ponderlab.core.run.SweepResult;
import org.ponderlab.core.run.SweepRunner;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ponderlab sweep}: trains a grid of settings (any setting given as a comma list), each cell
 * a run folder {@code OUT/cell-<setting>=<value>_…}, then writes OUT/sweep.csv and heat maps of
 * accuracy and mean steps. Rerunning the same command continues an interrupted sweep: finished
 * cells are skipped, stopped or killed ones continue from their last snapshot.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a grid of settings: give any setting a comma list, e.g.",
      "  ponderlab sweep --lambda-p 0.05,0.1,0.2,0.5 --beta 0.001,0.01,0.1 --iterations 5000 --out runs/grid",
      "Writes OUT/cell-…/ (a run folder per cell), OUT/sweep.csv, OUT/heatmap-accuracy.png, OUT/heatmap-mean-steps.png.",
      "Run the same command again to continue an interrupted sweep."
    })
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "sweep folder (new, or an earlier run of this sweep)")
  Path out;

  @Option(
      names = "--overwrite",
      description =
          "replace what an earlier, different sweep left in --out (its tables, charts and cells with other settings)")
  boolean overwrite;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description = "start every cell from a preset's settings; options typed here override it")
  String preset;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "N",
      description = "cells trained at once (default: ${DEFAULT-VALUE}; each takes a core)")
  int parallel;

  @Option(
      names = "--engine",
      defaultValue = "local",
      paramLabel = "local|spark",
      description = {
        "where cells train: local (this process, --parallel at once; the default) or spark (each cell a task",
        "  of Apache Spark on --master; the sweep folder must be a path every worker can write)"
      })
  String engine;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = {
        "with --engine spark: local[N] (embedded; default local[--parallel]) or spark://HOST:PORT (a standalone cluster)"
      })
  String master;

  @Option(
      names = "--spark-conf",
      paramLabel = "KEY=VALUE",
      description =
          "with --engine spark: a Spark setting, e.g. spark.executor.memory=4g (repeatable)")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  @Option(names = "--no-charts", description = "skip the heat-map PNGs")
  boolean noCharts;

  @Option(names = "--quiet", description = "only the summary")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    SweepGrid grid;
    SweepRunner runner;
    Map<SweepCell, SweepRunner.Action> plan;
    AtomicInteger done = new AtomicInteger();
    String sparkMaster;
    try {
      if (parallel < 1 || parallel > 64) {
        throw new ConfigException("parallel", Integer.toString(parallel), "allowed range 1 to 64");
      }
      sparkMaster =
          SweepEngines.check(
              engine, master, sparkConf, parallel, System.getProperty("spark.master"));
      Map<String, String> base = preset == null ? Map.of() : Presets.load(preset).settings();
      grid = SweepGrid.of(base, SettingsOptions.matched(spec.commandLine().getParseResult()));
      int cells = grid.cells().size();
      runner = new SweepRunner(grid, out, parallel, overwrite, new Reporter(cells, done));
      plan = runner.plan();
    } catch (ConfigException e) {
      return Cli.badValue(e);
    } catch (PresetException e) {
      return Cli.badPreset(e);
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    }
    if (!quiet) {
      System.err.println(describe(grid, plan));
    }
    SweepEngine sparkEngine = null;
    boolean toTrain =
        plan.containsValue(SweepRunner.Action.NEW)
            || plan.containsValue(SweepRunner.Action.CONTINUE);
    if (sparkMaster != null && toTrain) { // Spark starts only when there is something to train
      if (!quiet) {
        System.err.println("sweep: starting Spark on " + sparkMaster);
      }
      try {
        sparkEngine = SweepEngines.spark(sparkMaster, sparkConf);
      } catch (SweepEngines.Unavailable e) {
        System.err.println("error: " + e.getMessage());
        return Cli.FAILED;
      }
      runner.onEngine(sparkEngine);
    }
    try {
      return runAndReport(grid, runner);
    } finally {
      if (sparkEngine != null) {
        sparkEngine.close();
      }
    }
  }

  private int runAndReport(SweepGrid grid, SweepRunner runner) throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC =
        new Thread(
            () -> {
              runner.stop();
              try {
                finished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ponderlab-sweep-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    List<SweepResult> results;
    try {
      results = runner.run(commandLine(grid));
    } catch (ConfigException e) {
      return Cli.badValue(e);
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    } catch (java.io.IOException e) {
      return Cli.ioError("write the sweep in " + out, e);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // the hook is waiting for us
      }
    }
    if (!noCharts) {
      try {
        writeCharts(grid, results);
      } catch (java.io.IOException e) {
        return Cli.ioError("write the sweep's heat maps in " + out, e);
      }
    }
    long finishedCells = results.stream().filter(r -> r.status().equals("finished")).count();
    long failed = results.stream().filter(r -> r.status().equals("failed")).count();
    System.out.printf(
        Locale.ROOT,
        "sweep: %d of %d cells finished%s; table in %s%n",
        finishedCells,
        results.size(),
        failed > 0 ? ", " + failed + " failed" : "",
        out.resolve(SweepRunner.SWEEP_CSV));
    return failed > 0 ? Cli.FAILED : 0;
  }

  private void writeCharts(SweepGrid grid, List<SweepResult> results) throws java.io.IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    for (String value : List.of("accuracy", "mean_steps")) {
      for (Map.Entry<String, SweepHeatMap.Grid> g :
          SweepHeatMap.grids(grid, results, value).entrySet()) {
        JFreeChart chart = SweepHeatMap.build(g.getValue());
        Path file = out.resolve("heatmap-" + value.replace('_', '-') + g.getKey() + ".png");
        int width = 160 + 90 * g.getValue().xLabels().size();
        int height = 140 + 60 * g.getValue().yLabels().size();
        SweepHeatMap.savePng(chart, file, Math.max(560, width), Math.max(360, height));
        if (!quiet) {
          System.err.println("wrote " + file);
        }
      }
    }
  }

  static String describe(SweepGrid grid, Map<SweepCell, SweepRunner.Action> plan) {
    List<String> dims = new ArrayList<>();
    grid.axes().forEach((k, v) -> dims.add(k + " (" + v.size() + ")"));
    Map<SweepRunner.Action, Integer> counts = new LinkedHashMap<>();
    plan.values().forEach(a -> counts.merge(a, 1, Integer::sum));
    return String.format(
        Locale.ROOT,
        "sweep: %d cells over %s: %d new, %d to continue, %d done already",
        plan.size(),
        String.join(" × ", dims),
        counts.getOrDefault(SweepRunner.Action.NEW, 0),
        counts.getOrDefault(SweepRunner.Action.CONTINUE, 0),
        counts.getOrDefault(SweepRunner.Action.SKIP, 0));
  }

  private List<String> commandLine(SweepGrid grid) {
    List<String> line = new ArrayList<>(List.of("ponderlab", "sweep"));
    if (preset != null) {
      line.addAll(List.of("--preset", preset));
    }
    SettingsOptions.matched(spec.commandLine().getParseResult())
        .forEach((k, v) -> line.addAll(List.of("--" + k, v)));
    line.addAll(List.of("--parallel", Integer.toString(parallel)));
    if (!engine.equals(SweepEngines.LOCAL)) {
      line.addAll(List.of("--engine", engine));
      if (master != null) {
        line.addAll(List.of("--master", master));
      }
    }
    line.addAll(List.of("--out", out.toString()));
    return line;
  }

  /**
   * Prints a line when a cell starts and ends (and, on a terminal, its progress in place), and
   * after each end the sweep's progress: cells done, running and left, and the time left.
   */
  private final class Reporter implements SweepRunner.Listener {
    private final int cells;
    private final AtomicInteger done;
    private final boolean terminal = System.console() != null;
    private final java.util.Set<Integer> running = new java.util.HashSet<>();
    private final long startNanos = System.nanoTime();
    private int trainedThisSession;

    Reporter(int cells, AtomicInteger done) {
      this.cells = cells;
      this.done = done;
    }

    @Override
    public synchronized void cellStarting(SweepCell cell, SweepRunner.Action action, long from) {
      if (action != SweepRunner.Action.SKIP) {
        running.add(cell.index());
      }
      if (quiet) {
        return;
      }
      String what =
          switch (action) {
            case NEW -> "new";
            case SKIP -> "skipped, done already";
            case CONTINUE ->
                from == 0
                    ? "restarting (stopped before its first snapshot)"
                    : "continuing from iteration " + from;
          };
      System.err.printf(
          Locale.ROOT,
          "%s[%d/%d] %s: %s%n",
          terminal ? "\r" : "",
          cell.index() + 1,
          cells,
          cell.name(),
          what);
    }

    @Override
    public synchronized void cellSnapshot(SweepCell cell, Snapshot s) {
      if (!quiet && terminal) {
        System.err.printf(
            Locale.ROOT,
            "\r  %s: %d/%d  acc %.4f  steps %.2f   ",
            cell.name(),
            s.iteration(),
            cell.config().iterations(),
            s.accuracy(),
            s.meanSteps());
        System.err.flush();
      }
    }

    @Override
    public synchronized void cellEnded(SweepCell cell, SweepResult r) {
      done.incrementAndGet();
      if (running.remove(cell.index())) {
        trainedThisSession++;
      }
      if (quiet) {
        return;
      }
      String numbers =
          Double.isNaN(r.accuracy())
              ? ""
              : String.format(
                  Locale.ROOT,
                  ": accuracy %.4f, mean steps %.2f after %d iterations, %.1f s",
                  r.accuracy(),
                  r.meanSteps(),
                  r.iterations(),
                  r.wallSeconds());
      System.err.printf(
          Locale.ROOT,
          "%s[%d/%d] %s: %s%s%s%n",
          terminal ? "\r" : "",
          cell.index() + 1,
          cells,
          cell.name(),
          r.status(),
          numbers,
          r.status().equals("failed") ? " (" + r.message() + ")" : "");
      System.err.println(
          SweepProgress.line(
              done.get(),
              running.size(),
              cells,
              trainedThisSession,
              (System.nanoTime() - startNanos) / 1e9));
    }
  }
}
