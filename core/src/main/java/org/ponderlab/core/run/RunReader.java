package org.ponderlab.core.run;

import static org.ponderlab.core.run.RunFolderSchema.*;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ponderlab.core.run.RunFolderException.Problem;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigField;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.DifficultyStats;
import org.ponderlab.core.train.EarlierLayouts;
import org.ponderlab.core.train.MemoryEstimate;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TaskKind;
import org.ponderlab.core.train.TrainingCheckpoint;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Opens a run folder (see {@link RunFolder} for its files) without changing anything in it, and
 * rebuilds the run's snapshot history, so a reopened run replays every chart. A folder that is not
 * a run, was written by a newer PonderLab, or has a damaged file is refused with a {@link
 * RunFolderException} naming the file and the trouble. A run whose status says running but whose
 * process is gone (kill -9, a crash) opens as {@link RunStatus#INCOMPLETE}, with everything up to
 * its last snapshot.
 */
public final class RunReader {
  private RunReader() {}

  /**
   * Opens a run with its model (model.bin's parameters and optimiser state), to continue or run it.
   */
  public static SavedRun open(Path folder) throws RunFolderException {
    return open(folder, true);
  }

  /**
   * Opens a run's history only: settings and every snapshot, without reading model.bin (the
   * checkpoint is then null). For showing, comparing, exporting and plotting, which never need the
   * parameters, so a large or damaged model.bin costs them nothing.
   */
  public static SavedRun openHistory(Path folder) throws RunFolderException {
    return open(folder, false);
  }

  private static SavedRun open(Path folder, boolean withModel) throws RunFolderException {
    if (!Files.exists(folder)) {
      throw new RunFolderException(folder, null, Problem.NOT_FOUND, "no such folder");
    }
    if (!Files.isDirectory(folder)) {
      throw new RunFolderException(folder, null, Problem.NOT_FOUND, "not a folder");
    }
    if (!Files.exists(
        folder.resolve(RunFolder.CONFIG),
        LinkOption.NOFOLLOW_LINKS)) { // a FIFO or link is refused when read
      throw new RunFolderException(
          folder,
          null,
          Problem.NOT_A_RUN,
          "not a PonderLab run folder (it has no " + RunFolder.CONFIG + ")");
    }
    Map<String, Object> document = readConfigDocument(folder);
    TrainingConfig config = settings(folder, document);
    // the status first: a live writer may add a snapshot while the files are read, never remove one
    StatusFile statusFile = StatusFile.read(folder).orElse(null);
    CsvFile metrics =
        CsvFile.read(
            folder,
            RunFolder.METRICS,
            ITERATION,
            ELAPSED_S,
            LOSS_REC,
            LOSS_REG,
            ACCURACY,
            MEAN_STEPS,
            RULE,
            MS_PER_ITERATION);
    List<SettingChange> changes = readChanges(folder);
    Map<Long, StepRows> halting = readHalting(folder);
    Map<Long, double[][]> difficulty = readDifficulty(folder);
    int seenUpTo = config.seenUpTo();
    Map<Integer, float[]> inputs = readInputs(folder);
    List<Snapshot> snapshots = new ArrayList<>();
    long previous = -1;
    for (int r = 0; r < metrics.size(); r++) {
      long it = metrics.longValue(r, ITERATION);
      if (it <= previous) {
        throw metrics.error(r + 2, "iteration " + it + " does not follow " + previous);
      }
      previous = it;
      StepRows steps = halting.get(it);
      if (steps == null) {
        throw new RunFolderException(
            folder,
            RunFolder.HALTING,
            Problem.DAMAGED,
            "no rows for iteration " + it + ", which metrics.csv lists");
      }
      double[][] byDifficulty = difficulty.getOrDefault(it, new double[6][0]);
      long at = it;
      snapshots.add(
          new Snapshot(
              it,
              metrics.doubleValue(r, ELAPSED_S),
              metrics.doubleValue(r, LOSS_REC),
              metrics.doubleValue(r, LOSS_REG),
              metrics.doubleValue(r, ACCURACY),
              metrics.doubleValue(r, MEAN_STEPS),
              metrics.has(STEPS_RUN) ? metrics.doubleValue(r, STEPS_RUN) : Double.NaN,
              metrics.text(r, RULE),
              steps.counts,
              steps.priorOrNull(),
              steps.meanP,
              steps.accuracyAtStep,
              byDifficulty[0],
              byDifficulty[1],
              readPonderRows(folder, it, inputs),
              metrics.doubleValue(r, MS_PER_ITERATION),
              changes.stream().filter(c -> c.iteration() < at).toList(),
              difficultyStats(seenUpTo, byDifficulty)));
    }
    TrainingCheckpoint checkpoint = null;
    if (withModel && Files.exists(folder.resolve(RunFolder.MODEL), LinkOption.NOFOLLOW_LINKS)) {
      ModelFile.Contents model =
          ModelFile.read(
              folder,
              RunFolder.MODEL,
              expectedParameters(config),
              count -> EarlierLayouts.explain(config, count));
      TrainingCheckpoint c = model.checkpoint();
      if (model.changeCount() > changes.size()) {
        throw new RunFolderException(
            folder,
            RunFolder.MODEL,
            Problem.DAMAGED,
            "it includes "
                + model.changeCount()
                + " setting changes but changes.csv lists "
                + changes.size());
      }
      checkpoint =
          new TrainingCheckpoint(
              c.iteration(),
              c.optimizerSteps(),
              c.trainingNanos(),
              c.parameters(),
              c.firstMoment(),
              c.secondMoment(),
              changes.subList(0, model.changeCount()),
              c.methodState());
    }
    RunStatus status;
    String message;
    if (statusFile == null) {
      status = RunStatus.INCOMPLETE;
      message = "no readable " + RunFolder.STATUS + "; the run was interrupted";
    } else {
      status =
          switch (statusFile.status()) {
            case "finished" -> RunStatus.FINISHED;
            case "stopped" -> RunStatus.STOPPED;
            case "failed" -> RunStatus.FAILED;
            default -> statusFile.writerIsAlive() ? RunStatus.RUNNING : RunStatus.INCOMPLETE;
          };
      message =
          status == RunStatus.INCOMPLETE
              ? "interrupted (its process "
                  + statusFile.pid()
                  + " on "
                  + statusFile.host()
                  + " is gone); saved up to iteration "
                  + (snapshots.isEmpty() ? 0 : snapshots.get(snapshots.size() - 1).iteration())
              : statusFile.message();
    }
    return new SavedRun(
        folder,
        config,
        map(document.get(PROVENANCE)),
        commandLine(document.get(COMMAND_LINE)),
        document,
        status,
        message,
        statusFile == null ? 0 : statusFile.wallSeconds(),
        snapshots,
        changes,
        checkpoint);
  }

  private static Map<String, Object> readConfigDocument(Path folder) throws RunFolderException {
    JsonNode root;
    try {
      root = Json.read(folder, folder.resolve(RunFolder.CONFIG));
    } catch (IOException e) {
      throw RunFolderException.unreadable(folder, RunFolder.CONFIG, e);
    }
    if (root == null || !root.isObject()) {
      throw new RunFolderException(folder, RunFolder.CONFIG, Problem.DAMAGED, "not a JSON object");
    }
    JsonNode version = root.path(PROVENANCE).path("format_version");
    if (!version.canConvertToInt()) {
      throw new RunFolderException(
          folder, RunFolder.CONFIG, Problem.DAMAGED, "no provenance.format_version");
    }
    if (version.asInt() > Provenance.FORMAT_VERSION) {
      throw new RunFolderException(
          folder,
          RunFolder.CONFIG,
          Problem.TOO_NEW,
          "written by a newer PonderLab (run format "
              + version.asInt()
              + "; this build reads up to "
              + Provenance.FORMAT_VERSION
              + "); update PonderLab to open it");
    }
    if (version.asInt() < Provenance.FORMAT_VERSION) {
      throw new RunFolderException(
          folder,
          RunFolder.CONFIG,
          Problem.DAMAGED,
          "written in run format "
              + version.asInt()
              + " by an early development build; this build reads format "
              + Provenance.FORMAT_VERSION);
    }
    if (!root.path(SETTINGS).isObject()) {
      throw new RunFolderException(folder, RunFolder.CONFIG, Problem.DAMAGED, "no settings object");
    }
    return Json.MAPPER.convertValue(root, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private static TrainingConfig settings(Path folder, Map<String, Object> document)
      throws RunFolderException {
    Map<String, String> text = new LinkedHashMap<>();
    map(document.get(SETTINGS)).forEach((k, v) -> text.put(k, v == null ? "" : v.toString()));
    for (ConfigField f : ConfigFields.all()) {
      if (!text.containsKey(f.name()) && !ADDED_IN_FORMAT_2.contains(f.name())) {
        throw new RunFolderException(
            folder,
            RunFolder.CONFIG,
            Problem.DAMAGED,
            "settings has no '"
                + f.name()
                + "'; every setting of the run must be recorded (PonderLab never guesses a missing one)");
      }
    }
    // runs saved before lambda-width existed had PALBERT's Lambda head as wide as its input, 2H
    if (!text.containsKey("lambda-width")) {
      try {
        text.put("lambda-width", Integer.toString(2 * Integer.parseInt(text.get("hidden").trim())));
      } catch (NumberFormatException e) {
        // the hidden setting itself is refused below, naming it
      }
    }
    // runs saved before the extrapolation split existed trained on every k: uniform
    text.putIfAbsent("parity-split", "uniform");
    // runs saved before the target accuracy was recorded: the run's record has none
    text.putIfAbsent("target-accuracy", "");
    // runs saved before the MNIST corruption knob existed trained on clean digits
    text.putIfAbsent("mnist-noise", "0");
    // runs saved before MNIST's cell was a setting ran the GRU (mlp-hidden is then unused)
    text.putIfAbsent("cell", "gru");
    text.putIfAbsent("mlp-hidden", ConfigFields.get("mlp-hidden").defaultText());
    // runs saved before C-PVR existed are parity or MNIST runs: the C-PVR settings take their
    // defaults
    if (!TaskKind.CPVR.id().equals(text.get("task"))) {
      for (String cpvr : CPVR_SETTINGS) {
        text.putIfAbsent(cpvr, ConfigFields.get(cpvr).defaultText());
      }
    }
    for (String added : ADDED_IN_FORMAT_2) {
      if (!text.containsKey(added)) {
        throw new RunFolderException(
            folder,
            RunFolder.CONFIG,
            Problem.DAMAGED,
            "settings has no '" + added + "', which a " + text.get("task") + " run records");
      }
    }
    try {
      return TrainingConfig.fromText(text);
    } catch (ConfigException e) {
      throw new RunFolderException(
          folder, RunFolder.CONFIG, Problem.DAMAGED, "setting " + e.getMessage(), e);
    }
  }

  /**
   * Settings that format-2 run folders written by earlier builds may lack, because they were added
   * to the catalogue after format 2 was defined. Each has a documented meaning when absent, and
   * only then: lambda-width is 2 × hidden (PALBERT's Lambda head used to be as wide as its input),
   * and the C-PVR settings take their defaults in a parity or MNIST run (which does not use them),
   * parity-split is uniform, target-accuracy is empty (no target was recorded) and mnist-noise 0
   * (the digits were clean), cell gru (the only cell there was; mlp-hidden, then unused, takes its
   * default). Every other setting must be present: a config.json missing, say, lr or seed is
   * damaged, never filled in, so a resume can never rewrite a user's record with guessed values.
   */
  static final List<String> CPVR_SETTINGS =
      List.of(
          "model",
          "cpvr-variant",
          "list-length",
          "value-range",
          "train-hops",
          "model-dim",
          "heads",
          "pool-size");

  static final List<String> ADDED_IN_FORMAT_2 =
      java.util.stream.Stream.concat(
              Stream.of(
                  "lambda-width",
                  "parity-split",
                  "target-accuracy",
                  "mnist-noise",
                  "cell",
                  "mlp-hidden"),
              CPVR_SETTINGS.stream())
          .toList();

  /** The parameter count the run's settings imply: the size model.bin must have. */
  private static long expectedParameters(TrainingConfig config) {
    return MemoryEstimate.of(config).parameters();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<String> commandLine(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  private static List<SettingChange> readChanges(Path folder) throws RunFolderException {
    CsvFile csv = CsvFile.readIfPresent(folder, RunFolder.CHANGES, ITERATION, NAME, FROM, TO);
    List<SettingChange> changes = new ArrayList<>();
    for (int r = 0; csv != null && r < csv.size(); r++) {
      changes.add(
          new SettingChange(
              csv.longValue(r, ITERATION), csv.text(r, NAME), csv.text(r, FROM), csv.text(r, TO)));
    }
    return changes;
  }

  /** One snapshot's rows of halting.csv. */
  private static final class StepRows {
    int[] counts = new int[0];
    double[] prior = new double[0];
    double[] meanP = new double[0];
    double[] accuracyAtStep = new double[0];

    void add(int step, int count, double p, double mean, double acc) {
      counts = Arrays.copyOf(counts, step);
      prior = Arrays.copyOf(prior, step);
      meanP = Arrays.copyOf(meanP, step);
      accuracyAtStep = Arrays.copyOf(accuracyAtStep, step);
      counts[step - 1] = count;
      prior[step - 1] = p;
      meanP[step - 1] = mean;
      accuracyAtStep[step - 1] = acc;
    }

    double[] priorOrNull() {
      return Arrays.stream(prior).allMatch(Double::isNaN) ? null : prior;
    }
  }

  private static Map<Long, StepRows> readHalting(Path folder) throws RunFolderException {
    // absent only before the first snapshot; a metrics.csv row without its halting rows is refused
    CsvFile csv =
        CsvFile.readIfPresent(
            folder, RunFolder.HALTING, ITERATION, STEP, COUNT, PRIOR, MEAN_P, ACCURACY_AT_STEP);
    Map<Long, StepRows> byIteration = new HashMap<>();
    for (int r = 0; csv != null && r < csv.size(); r++) {
      long it = csv.longValue(r, ITERATION);
      int step = csv.intValue(r, STEP);
      StepRows rows = byIteration.computeIfAbsent(it, k -> new StepRows());
      if (step != rows.counts.length + 1) {
        throw csv.error(
            r + 2,
            "step "
                + step
                + " of iteration "
                + it
                + " out of order (expected "
                + (rows.counts.length + 1)
                + ")");
      }
      rows.add(
          step,
          csv.intValue(r, COUNT),
          csv.doubleValue(r, PRIOR),
          csv.doubleValue(r, MEAN_P),
          csv.doubleValue(r, ACCURACY_AT_STEP));
    }
    return byIteration;
  }

  /**
   * The snapshot's per-difficulty detail: counts and quartiles as saved, seen/unseen from the
   * counts (difficulty.csv before counts were saved: from the means, every difficulty weighted
   * alike).
   */
  private static DifficultyStats difficultyStats(int seenUpTo, double[][] d) {
    int size = d[0].length;
    int[] count = new int[size];
    boolean counted = false;
    for (int i = 0; i < size; i++) {
      count[i] = Double.isNaN(d[2][i]) ? 0 : (int) d[2][i];
      counted |= count[i] > 0;
    }
    if (!counted) {
      DifficultyStats m = DifficultyStats.fromMeans(seenUpTo, d[0], d[1]);
      return new DifficultyStats(seenUpTo, count, d[3], d[4], d[5], m.seen(), m.unseen());
    }
    double[][] groups = new double[2][3];
    for (int i = 0; i < size; i++) {
      if (count[i] > 0) {
        double[] g = groups[i > seenUpTo ? 1 : 0];
        g[0] += count[i];
        g[1] += count[i] * d[0][i];
        g[2] += count[i] * d[1][i];
      }
    }
    return new DifficultyStats(
        seenUpTo, count, d[3], d[4], d[5], group(groups[0]), group(groups[1]));
  }

  private static DifficultyStats.Group group(double[] g) {
    return g[0] == 0
        ? DifficultyStats.Group.EMPTY
        : new DifficultyStats.Group((int) g[0], g[1] / g[0], g[2] / g[0]);
  }

  /**
   * Per iteration, indexed by difficulty: {accuracy, mean steps, count, steps q1, median, q3}; the
   * last four NaN in a difficulty.csv written before they were recorded.
   */
  private static Map<Long, double[][]> readDifficulty(Path folder) throws RunFolderException {
    CsvFile csv =
        CsvFile.readIfPresent(
            folder, RunFolder.DIFFICULTY, ITERATION, DIFFICULTY, ACCURACY, MEAN_STEPS);
    String[] detail = {COUNT, STEPS_Q1, STEPS_MEDIAN, STEPS_Q3};
    boolean detailed = csv != null && Arrays.stream(detail).allMatch(csv::has);
    Map<Long, TreeMap<Integer, double[]>> rows = new HashMap<>();
    for (int r = 0; csv != null && r < csv.size(); r++) {
      int d = csv.intValue(r, DIFFICULTY);
      if (d < 0 || d > 1_000_000) {
        throw csv.error(r + 2, "difficulty " + d + " out of range");
      }
      double[] v = new double[6];
      Arrays.fill(v, Double.NaN);
      v[0] = csv.doubleValue(r, ACCURACY);
      v[1] = csv.doubleValue(r, MEAN_STEPS);
      for (int k = 0; detailed && k < detail.length; k++) {
        v[2 + k] = csv.doubleValue(r, detail[k]);
      }
      rows.computeIfAbsent(csv.longValue(r, ITERATION), k -> new TreeMap<>()).put(d, v);
    }
    Map<Long, double[][]> result = new HashMap<>();
    rows.forEach(
        (it, byD) -> {
          int size = byD.lastKey() + 1;
          double[][] arrays = new double[6][size];
          for (double[] a : arrays) {
            Arrays.fill(a, Double.NaN);
          }
          byD.forEach(
              (d, v) -> {
                for (int k = 0; k < 6; k++) {
                  arrays[k][d] = v[k];
                }
              });
          result.put(it, arrays);
        });
    return result;
  }

  private static Map<Integer, float[]> readInputs(Path folder) throws RunFolderException {
    CsvFile csv = CsvFile.readIfPresent(folder, RunFolder.PONDER_INPUTS, INDEX, DIFFICULTY, LABEL);
    Map<Integer, float[]> inputs = new HashMap<>();
    for (int r = 0; csv != null && r < csv.size(); r++) {
      String[] cells = csv.cellsFrom(r, PONDER_INPUTS.columns().size());
      float[] x = new float[cells.length];
      for (int i = 0; i < cells.length; i++) {
        try {
          x[i] = Float.parseFloat(cells[i]);
        } catch (NumberFormatException e) {
          throw csv.error(r + 2, "holds '" + cells[i] + "', not a number");
        }
      }
      inputs.put(csv.intValue(r, INDEX), x);
    }
    return inputs;
  }

  private static List<PonderRow> readPonderRows(
      Path folder, long iteration, Map<Integer, float[]> inputs) throws RunFolderException {
    CsvFile csv =
        CsvFile.read(
            folder,
            RunFolder.ponderFile(iteration),
            INDEX,
            DIFFICULTY,
            LABEL,
            PREDICTION,
            HALT_STEP);
    List<PonderRow> rows = new ArrayList<>(csv.size());
    for (int r = 0; r < csv.size(); r++) {
      String[] cells = csv.cellsFrom(r, PONDER_ROWS.columns().size());
      double[] p = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        try {
          p[i] = Double.parseDouble(cells[i]);
        } catch (NumberFormatException e) {
          throw csv.error(r + 2, "holds '" + cells[i] + "', not a number");
        }
      }
      int index = csv.intValue(r, INDEX);
      rows.add(
          new PonderRow(
              index,
              csv.intValue(r, DIFFICULTY),
              inputs.getOrDefault(index, new float[0]),
              csv.intValue(r, LABEL),
              csv.intValue(r, PREDICTION),
              csv.intValue(r, HALT_STEP),
              p));
    }
    return rows;
  }
}
