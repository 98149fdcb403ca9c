package org.ponderlab.core.run;

import static org.ponderlab.core.run.RunFolderSchema.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.ponderlab.core.train.DifficultyStats;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TaskKind;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingCheckpoint;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * Keeps a run on disk as it trains (the files and their order are described in {@link RunFolder}):
 * config.json at once, then at every snapshot the snapshot's rows, model.bin and status.json, and
 * summary.json at the end. Every file is rewritten whole through {@link AtomicFiles}, so a crash
 * leaves the last complete version; the per-snapshot ponder files are written once each. An I/O
 * failure (a full disk) is thrown on the trainer's thread, which stops the run with the message.
 */
public final class RunWriter implements TrainingListener {
  // the headers come from the schema; the format strings below write the columns in that order
  static final String METRICS_HEADER = RunFolderSchema.METRICS.header();
  static final String METRICS_HEADER_V1 = METRICS_V1.header();
  static final String HALTING_HEADER = RunFolderSchema.HALTING.header();
  static final String DIFFICULTY_HEADER = DIFFICULTY_CSV.header();
  static final String DIFFICULTY_HEADER_V1 = DIFFICULTY_V1.header();
  static final String CHANGES_HEADER = RunFolderSchema.CHANGES.header();

  private final Path dir;
  private final TrainingConfig config;
  private final long startNanos = System.nanoTime();
  private final double previousWallSeconds;
  private final Rows metrics;
  private final Rows halting;
  private final Rows difficulty;
  private final List<Double> windowMedians = new ArrayList<>();
  private boolean inputsWritten;
  private int changesWritten = -1;
  private Snapshot last;

  /**
   * Starts a new run in {@code dir} (created if needed), which the caller has claimed ({@link
   * RunFolder#claimForNewRun}, which also clears an earlier run it may replace): writes the marker,
   * config.json, the CSV files with their headers only, and status.json "running".
   */
  public RunWriter(Path dir, TrainingConfig config, Instant start, List<String> commandLine)
      throws IOException {
    this(dir, config, start, commandLine, 1);
  }

  /** As above, for a run trained on {@code threads} threads (recorded in the provenance). */
  public RunWriter(
      Path dir, TrainingConfig config, Instant start, List<String> commandLine, int threads)
      throws IOException {
    this.dir = dir;
    this.config = config;
    this.previousWallSeconds = 0;
    this.metrics = new Rows(METRICS_HEADER);
    this.halting = new Rows(HALTING_HEADER);
    this.difficulty = new Rows(DIFFICULTY_HEADER);
    Files.createDirectories(dir);
    RunFolder.writeMarker(dir);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(SETTINGS, config.toText());
    doc.put(PROVENANCE, Provenance.capture(start, threads));
    doc.put(COMMAND_LINE, commandLine);
    AtomicFiles.write(dir.resolve(RunFolder.CONFIG), Json.write(doc));
    AtomicFiles.write(dir.resolve(RunFolder.HALTING), halting.text());
    AtomicFiles.write(dir.resolve(RunFolder.DIFFICULTY), difficulty.text());
    AtomicFiles.write(dir.resolve(RunFolder.METRICS), metrics.text());
    writeStatus("running", "training", 0);
  }

  private RunWriter(
      SavedRun run,
      TrainingConfig settings,
      long fromIteration,
      Instant start,
      List<String> commandLine,
      int threads)
      throws IOException, RunFolderException {
    this.dir = run.folder();
    this.config = settings;
    this.previousWallSeconds = run.wallSeconds();
    this.metrics = Rows.load(dir, RunFolder.METRICS, METRICS_HEADER, fromIteration);
    this.halting = Rows.load(dir, RunFolder.HALTING, HALTING_HEADER, fromIteration);
    this.difficulty = Rows.load(dir, RunFolder.DIFFICULTY, DIFFICULTY_HEADER, fromIteration);
    this.inputsWritten = Files.exists(dir.resolve(RunFolder.PONDER_INPUTS));
    for (Snapshot s : run.snapshots()) {
      if (s.iteration() <= fromIteration) {
        last = s;
      }
    }
    RunFolder.checkInside(dir);
    RunFolder.deleteTemporaryFiles(dir);
    RunFolder.writeMarker(dir); // a run from before the marker gets it
    Map<String, Object> doc = new LinkedHashMap<>(run.configDocument());
    doc.put(SETTINGS, settings.toText());
    List<Object> resumes = new ArrayList<>();
    if (doc.get(RESUMES) instanceof List<?> earlier) {
      resumes.addAll(earlier);
    }
    Map<String, Object> resume = new LinkedHashMap<>();
    resume.put(FROM_ITERATION, fromIteration);
    resume.put(ITERATIONS, settings.iterations());
    resume.put(START_TIME, start.toString());
    resume.put(PROVENANCE, Provenance.capture(start, threads));
    resume.put(COMMAND_LINE, commandLine);
    resumes.add(resume);
    doc.put(RESUMES, resumes);
    AtomicFiles.write(dir.resolve(RunFolder.CONFIG), Json.write(doc));
    writeStatus("running", "continuing from iteration " + fromIteration, fromIteration);
  }

  /**
   * Continues a saved run in its folder: keeps its rows up to {@code fromIteration} (the iteration
   * of its model.bin, or 0), records the resume in config.json (with the new settings, e.g. a
   * larger iteration budget) and marks it running. Rows past {@code fromIteration} that a killed
   * session wrote after its last model.bin are dropped when the next snapshot is saved.
   */
  public static RunWriter continuing(
      SavedRun run,
      TrainingConfig settings,
      long fromIteration,
      Instant start,
      List<String> commandLine)
      throws IOException, RunFolderException {
    return new RunWriter(run, settings, fromIteration, start, commandLine, 1);
  }

  /** As above, continued on {@code threads} threads (recorded in the resume's provenance). */
  public static RunWriter continuing(
      SavedRun run,
      TrainingConfig settings,
      long fromIteration,
      Instant start,
      List<String> commandLine,
      int threads)
      throws IOException, RunFolderException {
    return new RunWriter(run, settings, fromIteration, start, commandLine, threads);
  }

  public Path folder() {
    return dir;
  }

  /**
   * Saves a snapshot's rows. A second snapshot at the same iteration (a re-evaluation without
   * training, e.g. after the evaluation rule changed) replaces the first one's rows and keeps its
   * training losses and times, which the re-evaluation does not have.
   */
  @Override
  public void onSnapshot(Snapshot s) {
    Snapshot training = s;
    if (last != null && last.iteration() == s.iteration() && Double.isNaN(s.reconstructionLoss())) {
      training = last;
    }
    last = s;
    if (Double.isFinite(s.msPerIteration())) {
      windowMedians.add(s.msPerIteration());
    }
    long it = s.iteration();
    metrics.truncateAfter(it - 1);
    halting.truncateAfter(it - 1);
    difficulty.truncateAfter(it - 1);
    metrics.add(
        it,
        String.format(
            Locale.ROOT,
            "%d,%.3f,%.6f,%.6f,%.6f,%.5f,%.4f,%s,%.4f,%.4f",
            it,
            training.elapsedSeconds(),
            training.reconstructionLoss(),
            training.regularisationLoss(),
            training.totalLoss(),
            s.accuracy(),
            s.meanSteps(),
            s.rule(),
            training.msPerIteration(),
            s.meanStepsRun()));
    for (int n = 1; n <= s.steps(); n++) {
      halting.add(
          it,
          String.format(
              Locale.ROOT,
              "%d,%d,%d,%.6f,%.6f,%.5f",
              it,
              n,
              s.haltingHistogram()[n - 1],
              s.prior() == null ? Double.NaN : s.prior()[n - 1],
              s.meanHaltingProbability()[n - 1],
              s.accuracyAtStep()[n - 1]));
    }
    DifficultyStats stats = s.difficultyStats();
    for (int d = 0; d < s.accuracyByDifficulty().length; d++) {
      boolean known = d < stats.count().length;
      difficulty.add(
          it,
          String.format(
              Locale.ROOT,
              "%d,%d,%.5f,%.4f,%d,%.4f,%.4f,%.4f",
              it,
              d,
              s.accuracyByDifficulty()[d],
              s.meanStepsByDifficulty()[d],
              known ? stats.count()[d] : 0,
              known ? stats.stepsQ1()[d] : Double.NaN,
              known ? stats.stepsMedian()[d] : Double.NaN,
              known ? stats.stepsQ3()[d] : Double.NaN));
    }
    try {
      // details first, metrics.csv last: a row there means its snapshot is complete on disk
      Files.createDirectories(dir.resolve(RunFolder.PONDER_DIR));
      if (!inputsWritten && !s.ponderRows().isEmpty()) {
        AtomicFiles.write(dir.resolve(RunFolder.PONDER_INPUTS), inputsCsv(s.ponderRows()));
        inputsWritten = true;
      }
      AtomicFiles.write(dir.resolve(RunFolder.ponderFile(it)), ponderCsv(s));
      AtomicFiles.write(dir.resolve(RunFolder.HALTING), halting.text());
      AtomicFiles.write(dir.resolve(RunFolder.DIFFICULTY), difficulty.text());
      if (s.changes().size() != changesWritten) {
        AtomicFiles.write(dir.resolve(RunFolder.CHANGES), changesCsv(s.changes()));
        changesWritten = s.changes().size();
      }
      AtomicFiles.write(dir.resolve(RunFolder.METRICS), metrics.text());
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the run in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes model.bin, then status.json: the run can continue from this snapshot. */
  @Override
  public void onCheckpoint(TrainingCheckpoint checkpoint) {
    try {
      ModelFile.write(dir.resolve(RunFolder.MODEL), checkpoint);
      writeStatus("running", "iteration " + checkpoint.iteration(), checkpoint.iteration());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not save the model in " + dir + ": " + e.getMessage(), e);
    }
  }

  static String ponderCsv(Snapshot s) {
    StringBuilder b = new StringBuilder(PONDER_ROWS.header(P_PREFIX, s.steps())).append('\n');
    for (PonderRow r : s.ponderRows()) {
      b.append(r.index())
          .append(',')
          .append(r.difficulty())
          .append(',')
          .append(r.label())
          .append(',')
          .append(r.prediction())
          .append(',')
          .append(r.haltStep());
      for (double p : r.haltingProb()) {
        b.append(String.format(Locale.ROOT, ",%.5f", p));
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String inputsCsv(List<PonderRow> rows) {
    int width = rows.get(0).input().length;
    StringBuilder b = new StringBuilder(PONDER_INPUTS.header(X_PREFIX, width)).append('\n');
    for (PonderRow r : rows) {
      b.append(r.index()).append(',').append(r.difficulty()).append(',').append(r.label());
      for (float x : r.input()) {
        b.append(',')
            .append(
                x == Math.rint(x) && Math.abs(x) < 1e7
                    ? Integer.toString((int) x)
                    : Float.toString(x));
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String changesCsv(List<SettingChange> changes) {
    StringBuilder b = new StringBuilder(CHANGES_HEADER).append('\n');
    for (SettingChange c : changes) {
      b.append(c.iteration())
          .append(',')
          .append(c.name())
          .append(',')
          .append(c.from())
          .append(',')
          .append(c.to())
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public void onStateChanged(TrainerState state, String message) {
    if (!state.isTerminal()) {
      return;
    }
    try {
      deletePonderFilesAfter(last == null ? 0 : last.iteration());
      writeSummary(state, message);
      writeStatus(
          state.name().toLowerCase(Locale.ROOT), message, last == null ? 0 : last.iteration());
    } catch (IOException e) {
      // the trainer is ending anyway; the files from the last snapshot are intact
      System.err.println("could not write the run's summary in " + dir + ": " + e.getMessage());
    }
  }

  /** Ponder files a killed session wrote past the snapshot this session continued from. */
  private void deletePonderFilesAfter(long iteration) throws IOException {
    Path ponder = dir.resolve(RunFolder.PONDER_DIR);
    if (!Files.isDirectory(ponder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.list(ponder)) {
      for (Path p : files.toList()) {
        if (RunFolder.ponderIteration(p.getFileName().toString()) > iteration) {
          Files.delete(p);
        }
      }
    }
  }

  private double wallSeconds() {
    return previousWallSeconds + (System.nanoTime() - startNanos) / 1e9;
  }

  private void writeSummary(TrainerState state, String message) throws IOException {
    Map<String, Object> sum = new LinkedHashMap<>();
    sum.put(STATUS, state.name().toLowerCase(Locale.ROOT));
    sum.put(MESSAGE, message);
    sum.put(TASK, config.task());
    sum.put(METHOD, config.method());
    sum.put(SEED, config.seed());
    sum.put(ITERATIONS, last == null ? 0 : last.iteration());
    sum.put(ACCURACY, last == null ? null : last.accuracy());
    sum.put(MEAN_STEPS, last == null ? null : last.meanSteps());
    sum.put(RULE, last == null ? null : last.rule());
    sum.put(WALL_SECONDS, wallSeconds());
    sum.put(TRAINING_SECONDS, last == null ? 0 : last.elapsedSeconds());
    double[] med = windowMedians.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    sum.put(MS_PER_ITERATION_MEDIAN, med.length == 0 ? null : med[med.length / 2]);
    sum.put(STEPS_MAX, config.maxSteps());
    if (last != null) {
      // per example at its halting step, and the network steps the evaluation's inference pass
      // really ran (the same, where the rule drops each example at its halting step)
      sum.put(COMPUTE_SAVED_VS_FIXED_DEPTH, 1 - last.meanSteps() / config.maxSteps());
      boolean ran = Double.isFinite(last.meanStepsRun());
      sum.put(MEAN_STEPS_RUN, ran ? last.meanStepsRun() : null);
      sum.put(
          COMPUTE_SAVED_IN_EVALUATION, ran ? 1 - last.meanStepsRun() / config.maxSteps() : null);
      sum.put(HALTING_HISTOGRAM, last.haltingHistogram());
      sum.put(ACCURACY_BY_DIFFICULTY, nullForNaN(last.accuracyByDifficulty()));
      sum.put(MEAN_STEPS_BY_DIFFICULTY, nullForNaN(last.meanStepsByDifficulty()));
      if (last.difficultyStats().hasSplit()) {
        // difficulties above seen_up_to never occurred in training (parity extrapolation, C-PVR
        // hops)
        sum.put(SEEN_UP_TO, last.difficultyStats().seenUpTo());
        sum.put(SEEN, group(last.difficultyStats().seen()));
        sum.put(UNSEEN, group(last.difficultyStats().unseen()));
      }
      List<Map<String, Object>> perDifficulty = perDifficulty(last);
      if (config.taskKind() == TaskKind.CPVR) {
        // C-PVR's difficulty is the hop count: the per-hop table of paper 003
        sum.put(PER_HOP_KEY, perDifficulty.stream().map(RunWriter::asHops).toList());
        AtomicFiles.write(dir.resolve(RunFolder.PER_HOP), perHopCsv(perDifficulty));
      } else {
        sum.put(PER_DIFFICULTY, perDifficulty);
      }
    }
    AtomicFiles.write(dir.resolve(RunFolder.SUMMARY), Json.write(sum));
  }

  /** {count, accuracy, mean_steps} of a group of inputs, NaN as null. */
  public static Map<String, Object> group(DifficultyStats.Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(COUNT, g.count());
    m.put(ACCURACY, Double.isNaN(g.accuracy()) ? null : g.accuracy());
    m.put(MEAN_STEPS, Double.isNaN(g.meanSteps()) ? null : g.meanSteps());
    return m;
  }

  /**
   * {difficulty, accuracy, mean_steps, count, steps quartiles, unseen} for every difficulty the
   * validation set holds.
   */
  public static List<Map<String, Object>> perDifficulty(Snapshot s) {
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    DifficultyStats stats = s.difficultyStats();
    for (int d = 0; d < s.accuracyByDifficulty().length; d++) {
      if (Double.isNaN(s.accuracyByDifficulty()[d])) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(DIFFICULTY, d);
      row.put(ACCURACY, s.accuracyByDifficulty()[d]);
      row.put(MEAN_STEPS, s.meanStepsByDifficulty()[d]);
      if (d < stats.count().length && stats.count()[d] > 0) {
        row.put(COUNT, stats.count()[d]);
        row.put(STEPS_Q1, stats.stepsQ1()[d]);
        row.put(STEPS_MEDIAN, stats.stepsMedian()[d]);
        row.put(STEPS_Q3, stats.stepsQ3()[d]);
      }
      if (stats.hasSplit()) {
        row.put(UNSEEN, stats.isUnseen(d));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, Object> asHops(Map<String, Object> row) {
    Map<String, Object> hop = new LinkedHashMap<>();
    row.forEach((k, v) -> hop.put(k.equals(DIFFICULTY) ? HOPS : k, v));
    return hop;
  }

  private static String perHopCsv(List<Map<String, Object>> rows) {
    StringBuilder b = new StringBuilder(PER_HOP.header()).append('\n');
    for (Map<String, Object> r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "%d,%.5f,%.4f%n",
              r.get(DIFFICULTY),
              r.get(ACCURACY),
              r.get(MEAN_STEPS)));
    }
    return b.toString();
  }

  private static List<Double> nullForNaN(double[] values) {
    return Arrays.stream(values).mapToObj(v -> Double.isNaN(v) ? null : v).toList();
  }

  private void writeStatus(String status, String message, long iteration) throws IOException {
    StatusFile.ofThisProcess(status, message, iteration, wallSeconds()).write(dir);
  }

  /** The rows of one CSV file, each tagged with its snapshot's iteration. */
  private static final class Rows {
    private final String header;
    private final List<Long> iterations = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    Rows(String header) {
      this.header = header;
    }

    /** The rows of an existing file up to {@code maxIteration}, kept as written. */
    static Rows load(Path dir, String name, String header, long maxIteration)
        throws RunFolderException {
      Rows rows = new Rows(header);
      CsvFile csv = CsvFile.readIfPresent(dir, name, ITERATION);
      if (csv != null) {
        String padding =
            header.equals(METRICS_HEADER) && csv.header().equals(METRICS_HEADER_V1)
                ? ",NaN"
                : header.equals(DIFFICULTY_HEADER) && csv.header().equals(DIFFICULTY_HEADER_V1)
                    ? ",0,NaN,NaN,NaN"
                    : null;
        boolean older = padding != null;
        if (!csv.header().equals(header) && !older) {
          throw new RunFolderException(
              dir,
              name,
              RunFolderException.Problem.DAMAGED,
              "unexpected header '" + csv.header() + "' (expected '" + header + "')");
        }
        for (int r = 0; r < csv.size(); r++) {
          long it = csv.longValue(r, ITERATION);
          if (it <= maxIteration) {
            rows.add(it, older ? csv.line(r) + padding : csv.line(r));
          }
        }
      }
      return rows;
    }

    void add(long iteration, String line) {
      iterations.add(iteration);
      lines.add(line);
    }

    /** Drops rows past {@code iteration} (left by a killed session after its last model.bin). */
    void truncateAfter(long iteration) {
      int keep = iterations.size();
      while (keep > 0 && iterations.get(keep - 1) > iteration) {
        keep--;
      }
      iterations.subList(keep, iterations.size()).clear();
      lines.subList(keep, lines.size()).clear();
    }

    String text() {
      StringBuilder b = new StringBuilder(header).append('\n');
      for (String l : lines) {
        b.append(l).append('\n');
      }
      return b.toString();
    }
  }
}
