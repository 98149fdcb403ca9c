package org.ponderlab.core.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every name a run folder's files use, defined once: the files and what each holds (the README's
 * run-folder table is checked against {@link #FILES}), the CSV columns, and the JSON keys. {@link
 * RunWriter} writes with these names, {@link RunReader} and {@link RunExport} read with them.
 *
 * <p><b>Naming convention.</b> Inside files every name is snake_case (CSV headers, JSON keys).
 * Settings keep their command-line names (kebab-case, {@code max-steps}) wherever they appear as
 * settings: the keys of config.json's {@code settings} object and the {@code name} column of
 * changes.csv, so a name there is the option to type. Where one quantity appears under two names,
 * the mapping is:
 *
 * <pre>
 * summary.json steps_max         = the max-steps setting N
 * summary.json rule              = metrics.csv rule of the last row (the eval-rule in force)
 * summary.json training_seconds  = metrics.csv elapsed_s of the last row
 * summary.json mean_steps_run    = metrics.csv steps_run of the last row
 * export (long CSV) halting_count = halting.csv count (the long format needs one name per metric
 *                                  across files; difficulty.csv's metrics get "_by_difficulty")
 * per_hop.csv / summary per_hop hops = difficulty.csv difficulty, for a C-PVR run
 * </pre>
 *
 * These names stay as they are: folders of run format 2 are read and continued (a resume appends to
 * their CSV files after checking the header), so renaming a column needs a new format version.
 */
final class RunFolderSchema {
  private RunFolderSchema() {}

  // ---- CSV columns, one constant per quantity ----
  static final String ITERATION = "iteration";
  static final String ELAPSED_S = "elapsed_s";
  static final String LOSS_REC = "loss_rec";
  static final String LOSS_REG = "loss_reg";
  static final String LOSS_TOTAL = "loss_total";
  static final String ACCURACY = "accuracy";
  static final String MEAN_STEPS = "mean_steps";
  static final String RULE = "rule";
  static final String MS_PER_ITERATION = "ms_per_iteration";
  static final String STEPS_RUN = "steps_run";
  static final String STEP = "step";
  static final String COUNT = "count";
  static final String PRIOR = "prior";
  static final String MEAN_P = "mean_p";
  static final String ACCURACY_AT_STEP = "accuracy_at_step";
  static final String DIFFICULTY = "difficulty";
  static final String STEPS_Q1 = "steps_q1";
  static final String STEPS_MEDIAN = "steps_median";
  static final String STEPS_Q3 = "steps_q3";
  static final String NAME = "name";
  static final String FROM = "from";
  static final String TO = "to";
  static final String INDEX = "index";
  static final String LABEL = "label";
  static final String PREDICTION = "prediction";
  static final String HALT_STEP = "halt_step";
  static final String HOPS = "hops";

  /** Ponder rows: p1..pN, one column per step. */
  static final String P_PREFIX = "p";

  /** Ponder inputs: x1..xD, one column per input value. */
  static final String X_PREFIX = "x";

  /** A CSV file: its path in the folder and its columns in order. */
  record Csv(String file, List<String> columns) {
    String header() {
      return String.join(",", columns);
    }

    /** The header with numbered columns {@code prefix1..prefixCount} appended (ponder files). */
    String header(String prefix, int count) {
      StringBuilder b = new StringBuilder(header());
      for (int i = 1; i <= count; i++) {
        b.append(',').append(prefix).append(i);
      }
      return b.toString();
    }

    /** The first {@code n} columns: the same file as an older build wrote it. */
    Csv firstColumns(int n) {
      return new Csv(file, columns.subList(0, n));
    }
  }

  static final Csv METRICS =
      new Csv(
          RunFolder.METRICS,
          List.of(
              ITERATION,
              ELAPSED_S,
              LOSS_REC,
              LOSS_REG,
              LOSS_TOTAL,
              ACCURACY,
              MEAN_STEPS,
              RULE,
              MS_PER_ITERATION,
              STEPS_RUN));

  /** metrics.csv before steps_run: read, and continued with steps_run NaN in its rows. */
  static final Csv METRICS_V1 = METRICS.firstColumns(9);

  static final Csv HALTING =
      new Csv(RunFolder.HALTING, List.of(ITERATION, STEP, COUNT, PRIOR, MEAN_P, ACCURACY_AT_STEP));
  static final Csv DIFFICULTY_CSV =
      new Csv(
          RunFolder.DIFFICULTY,
          List.of(
              ITERATION,
              DIFFICULTY,
              ACCURACY,
              MEAN_STEPS,
              COUNT,
              STEPS_Q1,
              STEPS_MEDIAN,
              STEPS_Q3));

  /** difficulty.csv before counts and quartiles: read, and continued with NaN in those columns. */
  static final Csv DIFFICULTY_V1 = DIFFICULTY_CSV.firstColumns(4);

  static final Csv CHANGES = new Csv(RunFolder.CHANGES, List.of(ITERATION, NAME, FROM, TO));
  static final Csv PER_HOP = new Csv(RunFolder.PER_HOP, List.of(HOPS, ACCURACY, MEAN_STEPS));

  /** ponder/NNNNNNNNN.csv, followed by p1..pN. */
  static final Csv PONDER_ROWS =
      new Csv("ponder/NNNNNNNNN.csv", List.of(INDEX, DIFFICULTY, LABEL, PREDICTION, HALT_STEP));

  /** ponder/inputs.csv, followed by x1..xD. */
  static final Csv PONDER_INPUTS =
      new Csv(RunFolder.PONDER_INPUTS, List.of(INDEX, DIFFICULTY, LABEL));

  // ---- config.json keys (the settings inside are keyed by command-line name) ----
  static final String SETTINGS = "settings";
  static final String PROVENANCE = "provenance";
  static final String COMMAND_LINE = "command_line";
  static final String RESUMES = "resumes";
  static final String FROM_ITERATION = "from_iteration";
  static final String ITERATIONS = "iterations";
  static final String START_TIME = "start_time";

  // ---- summary.json keys beyond the column names above ----
  static final String STATUS = "status";
  static final String MESSAGE = "message";
  static final String TASK = "task";
  static final String METHOD = "method";
  static final String SEED = "seed";
  static final String WALL_SECONDS = "wall_seconds";
  static final String TRAINING_SECONDS = "training_seconds";
  static final String MS_PER_ITERATION_MEDIAN = "ms_per_iteration_median";
  static final String STEPS_MAX = "steps_max";
  static final String COMPUTE_SAVED_VS_FIXED_DEPTH = "compute_saved_vs_fixed_depth";
  static final String MEAN_STEPS_RUN = "mean_steps_run";
  static final String COMPUTE_SAVED_IN_EVALUATION = "compute_saved_in_evaluation";
  static final String HALTING_HISTOGRAM = "halting_histogram";
  static final String ACCURACY_BY_DIFFICULTY = "accuracy_by_difficulty";
  static final String MEAN_STEPS_BY_DIFFICULTY = "mean_steps_by_difficulty";
  static final String SEEN_UP_TO = "seen_up_to";
  static final String SEEN = "seen";
  static final String UNSEEN = "unseen";
  static final String PER_HOP_KEY = "per_hop";
  static final String PER_DIFFICULTY = "per_difficulty";

  // ---- export (long CSV) ----
  static final String EXPORT_HEADER = "run,iteration,metric,value";

  /** The long export's name for halting.csv's count (see the mapping above). */
  static final String HALTING_COUNT = "halting_count";

  /** The long export's suffix for difficulty.csv's metrics. */
  static final String BY_DIFFICULTY = "_by_difficulty";

  /** Every entry of a run folder and what it holds, in the README's order. */
  static final Map<String, String> FILES = files();

  private static Map<String, String> files() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(RunFolder.CONFIG, "every setting, provenance, the command line, each resume");
    m.put(RunFolder.STATUS, "running / finished / stopped / failed, with the reason");
    m.put(RunFolder.METRICS, "a row per evaluation: " + METRICS.header());
    m.put(RunFolder.HALTING, "per evaluation and step n: " + HALTING.header());
    m.put(RunFolder.DIFFICULTY, "per evaluation and difficulty: " + DIFFICULTY_CSV.header());
    m.put(RunFolder.CHANGES, "settings changed mid-run: " + CHANGES.header());
    m.put(
        RunFolder.PONDER_DIR + "/",
        "the ponder-map inputs once, and each evaluation's ponder rows");
    m.put(RunFolder.MODEL, "parameters, Adam state, the method's own state");
    m.put(RunFolder.SUMMARY, "the outcome, when the run ends");
    m.put(RunFolder.PER_HOP, "C-PVR runs: " + PER_HOP.header() + " at the end");
    m.put(RunEvaluations.DIR + "/", "written only by ./ponderlab evaluate");
    m.put(RunFolder.MARKER, "PonderLab's mark (format version)");
    m.put(FolderLock.FILE, "the OS lock of the folder's one writer");
    return m;
  }

  /** Every CSV schema, for the checks that the writer's headers are these. */
  static List<Csv> csvFiles() {
    return new ArrayList<>(
        List.of(METRICS, HALTING, DIFFICULTY_CSV, CHANGES, PER_HOP, PONDER_ROWS, PONDER_INPUTS));
  }
}
