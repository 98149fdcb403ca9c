package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ponderlab.app.charts.ChartStyle;
import org.ponderlab.app.charts.CompareCharts;
import org.ponderlab.core.run.AtomicFiles;
import org.ponderlab.core.run.FolderLock;
import org.ponderlab.core.run.OutputPaths;
import org.ponderlab.core.run.RunFolder;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunWriter;
import org.ponderlab.core.run.SweepSeedSummary;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigFields;
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
 * {@code ponderlab compare}: trains several halting methods on the same task and seed, each into
 * its own run folder under DIR, and writes DIR/compare.csv and DIR/compare.md (accuracy, mean
 * steps, compute saved against fixed depth N, ms per iteration and wall seconds per method) and
 * DIR/compare-halting.png (the halting distributions side by side on the same axes).
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Train several halting methods on the same task and seed and tabulate them side by side.")
public final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--methods",
      required = true,
      split = ",",
      paramLabel = "M1,M2,...",
      description =
          "methods to compare (allowed: pondernet, act, pact, lac, palbert, pabee, fixed)")
  List<String> methods;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "folder for the comparison (new or empty)")
  Path out;

  @Option(
      names = "--overwrite",
      description =
          "replace an earlier comparison in --out: its tables, chart and these methods' run folders")
  boolean overwrite;

  /** PonderLab's mark on a comparison folder. */
  static final String MARKER = ".ponderlab-compare";

  @Option(
      names = "--parallel",
      defaultValue = "1",
      description = "methods trained at once (default: ${DEFAULT-VALUE}; allowed: 1 to 2)")
  int parallel;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "S1,S2,...",
      description =
          "train every method once per seed (folders METHOD-seedS) and report each method's mean and "
              + "standard deviation over the seeds; instead of --seed")
  List<Long> seeds;

  /** One method's outcome on one seed, with its snapshot history for the side-by-side chart. */
  record Row(
      String method,
      long seed,
      String status,
      double accuracy,
      double meanSteps,
      double stepsRun,
      int maxSteps,
      double msPerIteration,
      double wallSeconds,
      long iterations,
      String rule,
      List<Snapshot> snapshots) {
    double computeSaved() {
      return 1 - meanSteps / maxSteps;
    }
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = SettingsOptions.matched(spec.commandLine().getParseResult());
    List<TrainingConfig> configs = new ArrayList<>();
    try {
      if (parallel < 1 || parallel > 2) {
        throw new ConfigException("parallel", Integer.toString(parallel), "allowed range 1 to 2");
      }
      if (settings.containsKey("method")) {
        throw new ConfigException("method", settings.get("method"), "use --methods with compare");
      }
      if (seeds != null && settings.containsKey("seed")) {
        throw new ConfigException(
            "seeds", String.valueOf(seeds), "give either --seed or --seeds, not both");
      }
      if (seeds != null && seeds.stream().distinct().count() != seeds.size()) {
        throw new ConfigException("seeds", String.valueOf(seeds), "a seed is listed twice");
      }
      List<String> seen = new ArrayList<>();
      for (String m : methods) {
        String method = ConfigFields.get("method").parse(m).toString();
        if (seen.contains(method)) {
          throw new ConfigException(
              "methods",
              String.join(",", methods),
              "lists " + method + " twice; each method is trained once");
        }
        seen.add(method);
        for (Long seed : seeds == null ? java.util.Collections.<Long>singletonList(null) : seeds) {
          Map<String, String> s = new LinkedHashMap<>(settings);
          s.put("method", method);
          if (seed != null) {
            s.put("seed", Long.toString(seed));
          }
          TrainingConfig c = TrainingConfig.fromText(s);
          Experiments.create(c); // refuses a method this build cannot train, before anything runs
          configs.add(c);
        }
      }
      checkFolder();
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    Map<String, FolderLock> claims = new LinkedHashMap<>();
    FolderLock folderLock = null;
    try {
      java.nio.file.Files.createDirectories(out);
      folderLock = FolderLock.acquire(out);
      checkFolder(); // again, under the lock
      AtomicFiles.write(
          out.resolve(MARKER), "{\"format\" : \"ponderlab-compare\", \"format_version\" : 1}\n");
      for (TrainingConfig c : configs) {
        claims.put(
            runFolderName(c),
            RunFolder.claimForNewRun(out.resolve(runFolderName(c)), overwrite, "out"));
      }
      ExecutorService pool = Executors.newFixedThreadPool(parallel);
      List<Future<Row>> futures = new ArrayList<>();
      for (TrainingConfig c : configs) {
        FolderLock claim = claims.get(runFolderName(c));
        futures.add(
            pool.submit(
                () -> {
                  try (claim) {
                    return train(c);
                  }
                }));
      }
      List<Row> runs = new ArrayList<>();
      for (Future<Row> f : futures) {
        runs.add(f.get());
      }
      pool.shutdown();
      List<MethodSummary> rows = MethodSummary.byMethod(runs);
      if (seeds != null) {
        AtomicFiles.write(out.resolve("compare-runs.csv"), runsCsv(runs));
      }
      AtomicFiles.write(out.resolve("compare.csv"), csv(rows));
      String md = markdown(rows, configs.get(0), seeds);
      AtomicFiles.write(out.resolve("compare.md"), md);
      writeHaltingChart(rows);
      System.out.print(md);
      return runs.stream().allMatch(r -> r.status().equals("finished")) ? 0 : 1;
    } catch (ConfigException e) {
      return Cli.badValue(e);
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    } catch (java.io.IOException e) {
      return Cli.ioError("write the comparison in " + out, e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.io.IOException io) {
        return Cli.ioError("write the comparison in " + out, io);
      }
      throw e;
    } finally {
      claims.values().forEach(FolderLock::close);
      if (folderLock != null) {
        folderLock.close();
      }
    }
  }

  /**
   * --out is new or empty, or (with --overwrite) an earlier comparison, whose run folders of these
   * methods are then replaced; a folder PonderLab did not make is never written into.
   */
  private void checkFolder() {
    OutputPaths.checkParentIsAFolder(out, "out");
    RunFolder.Kind kind = RunFolder.kind(out);
    if (kind == RunFolder.Kind.ABSENT || kind == RunFolder.Kind.EMPTY) {
      return;
    }
    boolean comparison =
        java.nio.file.Files.isRegularFile(out.resolve(MARKER))
            || (kind != RunFolder.Kind.RUN
                && java.nio.file.Files.isRegularFile(out.resolve("compare.csv"))
                && java.nio.file.Files.isRegularFile(out.resolve("compare.md")));
    if (!comparison) {
      throw new ConfigException(
          "out",
          out.toString(),
          java.nio.file.Files.isDirectory(out)
              ? "it exists and is not a PonderLab comparison folder; choose a new or empty folder"
              : "it exists and is not a folder");
    }
    if (!overwrite) {
      throw new ConfigException(
          "out",
          out.toString(),
          "it holds an earlier comparison; choose a new folder, "
              + "or add --overwrite to replace its tables and these methods' runs");
    }
    for (String table :
        List.of("compare.csv", "compare.md", "compare-halting.png", "compare-runs.csv")) {
      Path f = out.resolve(table);
      if (java.nio.file.Files.isDirectory(f)) {
        throw new ConfigException(
            "out", out.toString(), f + " is a folder, where the comparison writes a file");
      }
    }
  }

  /**
   * A run's folder in --out: METHOD, or METHOD-seedS with --seeds (distinct: methods and seeds are
   * never listed twice).
   */
  private String runFolderName(TrainingConfig c) {
    return seeds == null ? c.method() : c.method() + "-seed" + c.seed();
  }

  private Row train(TrainingConfig c) throws Exception {
    Path dir = out.resolve(runFolderName(c));
    RunWriter writer =
        new RunWriter(
            dir, c, Instant.now(), List.of("ponderlab", "compare", "--methods", c.method()));
    final String[] status = {"running"};
    long start = System.nanoTime();
    List<Double> ms = new ArrayList<>();
    List<Snapshot> history = java.util.Collections.synchronizedList(new ArrayList<>());
    Trainer t =
        new Trainer(
                c,
                Experiments.create(c),
                new TrainingListener() {
                  @Override
                  public void onSnapshot(Snapshot s) {
                    writer.onSnapshot(s);
                    ms.add(s.msPerIteration());
                    history.add(s);
                  }

                  @Override
                  public void onCheckpoint(org.ponderlab.core.train.TrainingCheckpoint checkpoint) {
                    writer.onCheckpoint(
                        checkpoint); // model.bin: the run's final parameters, and a run that can
                    // continue
                  }

                  @Override
                  public void onStateChanged(TrainerState state, String message) {
                    writer.onStateChanged(state, message);
                    if (state.isTerminal()) {
                      status[0] = state.name().toLowerCase(Locale.ROOT);
                      System.err.println(
                          c.method() + (seeds == null ? "" : " seed " + c.seed()) + ": " + message);
                    }
                  }
                })
            .start();
    t.play();
    t.join();
    Snapshot last = t.latest();
    double medianMs =
        ms.stream()
            .mapToDouble(Double::doubleValue)
            .sorted()
            .skip(ms.size() / 2)
            .findFirst()
            .orElse(Double.NaN);
    return new Row(
        c.method(),
        c.seed(),
        status[0],
        last == null ? Double.NaN : last.accuracy(),
        last == null ? Double.NaN : last.meanSteps(),
        last == null ? Double.NaN : last.meanStepsRun(),
        c.maxSteps(),
        medianMs,
        (System.nanoTime() - start) / 1e9,
        last == null ? 0 : last.iteration(),
        last == null ? "" : last.rule(),
        List.copyOf(history));
  }

  /**
   * compare-halting.png: every method's last halting distribution on the same axes (the window's
   * Compare chart); with several seeds, each method's first seed (one distribution per method keeps
   * the chart readable; the table carries the spread over seeds).
   */
  private void writeHaltingChart(List<MethodSummary> rows) throws java.io.IOException {
    List<CompareCharts.Run> runs = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i).runs().get(0);
      if (!r.snapshots().isEmpty()) {
        runs.add(
            new CompareCharts.Run(
                r.method(),
                CompareCharts.COLOURS.get(i % CompareCharts.COLOURS.size()),
                false,
                r.snapshots()));
      }
    }
    CompareCharts charts = new CompareCharts(ChartStyle.LIGHT);
    charts.show(runs);
    AtomicFiles.write(
        out.resolve("compare-halting.png"), PlotCommand.png(charts.haltingChart(), 1200, 700));
  }

  /**
   * One method over its seeds: means and sample standard deviations (n − 1; empty for one seed) of
   * accuracy, mean steps and steps run; status "finished" only if every seed finished.
   */
  record MethodSummary(String method, List<Row> runs) {
    static List<MethodSummary> byMethod(List<Row> runs) {
      Map<String, List<Row>> grouped = new LinkedHashMap<>();
      for (Row r : runs) {
        grouped.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
      }
      return grouped.entrySet().stream()
          .map(e -> new MethodSummary(e.getKey(), List.copyOf(e.getValue())))
          .toList();
    }

    Row first() {
      return runs.get(0);
    }

    String status() {
      return runs.stream()
          .map(Row::status)
          .filter(st -> !st.equals("finished"))
          .findFirst()
          .orElse("finished");
    }

    double[] values(java.util.function.ToDoubleFunction<Row> f) {
      return runs.stream().mapToDouble(f).toArray();
    }

    double medianMs() {
      double[] ms = values(Row::msPerIteration);
      java.util.Arrays.sort(ms);
      return ms[ms.length / 2];
    }
  }

  private static String number(String format, double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
  }

  /**
   * compare.csv, a row per method. accuracy, mean_steps, steps_run and compute_saved are the means
   * over the seeds (the run itself with one seed); the _mean/_sd columns give mean and sample
   * standard deviation (sd empty with one seed).
   */
  static String csv(List<MethodSummary> rows) {
    StringBuilder b =
        new StringBuilder(
            "method,status,rule,iterations,accuracy,mean_steps,steps_run,max_steps,compute_saved,ms_per_iteration,wall_seconds,"
                + "seeds,accuracy_mean,accuracy_sd,mean_steps_mean,mean_steps_sd,steps_run_mean,steps_run_sd\n");
    for (MethodSummary m : rows) {
      Row r = m.first();
      double[] acc = m.values(Row::accuracy);
      double[] steps = m.values(Row::meanSteps);
      double[] run = m.values(Row::stepsRun);
      double meanSteps = SweepSeedSummary.mean(steps);
      b.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%d,%.5f,%.4f,%.4f,%d,%.4f,%.4f,%.2f,%d,%.5f,%s,%.4f,%s,%.4f,%s%n",
              m.method(),
              m.status(),
              r.rule(),
              r.iterations(),
              SweepSeedSummary.mean(acc),
              meanSteps,
              SweepSeedSummary.mean(run),
              r.maxSteps(),
              1 - meanSteps / r.maxSteps(),
              m.medianMs(),
              m.values(Row::wallSeconds).length == 0
                  ? 0
                  : java.util.Arrays.stream(m.values(Row::wallSeconds)).sum(),
              m.runs().size(),
              SweepSeedSummary.mean(acc),
              number("%.5f", SweepSeedSummary.sd(acc)),
              meanSteps,
              number("%.4f", SweepSeedSummary.sd(steps)),
              SweepSeedSummary.mean(run),
              number("%.4f", SweepSeedSummary.sd(run))));
    }
    return b.toString();
  }

  /** compare-runs.csv (with --seeds): every (method, seed) run on its own row. */
  static String runsCsv(List<Row> runs) {
    StringBuilder b =
        new StringBuilder(
            "method,seed,status,rule,iterations,accuracy,mean_steps,steps_run,ms_per_iteration,"
                + "wall_seconds\n");
    for (Row r : runs) {
      b.append(
          String.format(
              Locale.ROOT,
              "%s,%d,%s,%s,%d,%.5f,%.4f,%.4f,%.4f,%.2f%n",
              r.method(),
              r.seed(),
              r.status(),
              r.rule(),
              r.iterations(),
              r.accuracy(),
              r.meanSteps(),
              r.stepsRun(),
              r.msPerIteration(),
              r.wallSeconds()));
    }
    return b.toString();
  }

  static String markdown(List<MethodSummary> rows, TrainingConfig c, List<Long> seeds) {
    boolean several = seeds != null && seeds.size() > 1;
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Task %s, %s, %d iterations, max steps N = %d%n%n",
                c.task(),
                seeds == null
                    ? "seed " + c.seed()
                    : "seeds "
                        + seeds.stream()
                            .map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(", "))
                        + " (mean ± standard deviation)",
                c.iterations(),
                c.maxSteps()));
    b.append(
        "| method | rule | accuracy | mean steps | compute saved vs fixed N | steps the evaluation ran | ms/iteration | wall s |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (MethodSummary m : rows) {
      Row r = m.first();
      double[] acc = m.values(Row::accuracy);
      double[] steps = m.values(Row::meanSteps);
      double[] run = m.values(Row::stepsRun);
      double meanSteps = SweepSeedSummary.mean(steps);
      String accuracy =
          String.format(Locale.ROOT, "%.4f", SweepSeedSummary.mean(acc))
              + (several ? String.format(Locale.ROOT, " ± %.4f", SweepSeedSummary.sd(acc)) : "");
      String stepsText =
          String.format(Locale.ROOT, "%.2f", meanSteps)
              + (several ? String.format(Locale.ROOT, " ± %.2f", SweepSeedSummary.sd(steps)) : "");
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %.0f%% | %.2f | %.2f | %.1f |%n",
              m.method(),
              r.rule(),
              accuracy,
              stepsText,
              100 * (1 - meanSteps / r.maxSteps()),
              SweepSeedSummary.mean(run),
              m.medianMs(),
              java.util.Arrays.stream(m.values(Row::wallSeconds)).sum()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%nSteps the evaluation ran: network steps per input in the inference pass, which "
                + "drops each input from its batch at its halting step; equal to the mean steps wherever the rule decides step "
                + "by step (all but expectation, mode and per-batch LAC). The charts' all-steps pass is not counted.%n"));
    return b.toString();
  }
}
