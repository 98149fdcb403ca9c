package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ponderlab.core.run.RunFolderException.Problem;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * Trains a {@link SweepGrid}, each cell a run folder {@code OUT/cell-…}, one after another or
 * several at once. Rerunning the same sweep picks up where it stopped: finished cells are skipped,
 * stopped or killed ones continue from their last snapshot, missing ones start. Everything is
 * checked before the first cell starts (a cell folder holding other settings, a damaged one). After
 * every cell, sweep.csv is rewritten with a row per cell.
 */
public final class SweepRunner {
  public static final String SWEEP_CSV = "sweep.csv";
  public static final String SWEEP_JSON = "sweep.json";

  /** PonderLab's mark on a sweep folder (cells are run folders with their own mark). */
  public static final String MARKER = ".ponderlab-sweep";

  /** What the runner does with a cell. */
  public enum Action {
    NEW,
    CONTINUE,
    SKIP
  }

  /** Progress reports; called from the cells' threads, so implementations synchronise. */
  public interface Listener {
    default void cellStarting(SweepCell cell, Action action, long fromIteration) {}

    default void cellSnapshot(SweepCell cell, Snapshot snapshot) {}

    default void cellEnded(SweepCell cell, SweepResult result) {}
  }

  private final SweepGrid grid;
  private final Path folder;
  private final int parallel;
  private final Listener listener;
  private final Set<RunSession> active = ConcurrentHashMap.newKeySet();
  private final Map<Integer, SweepResult> results = new ConcurrentHashMap<>();
  private final Map<Integer, Action> plan = new LinkedHashMap<>();
  private final Map<Integer, SavedRun> saved = new LinkedHashMap<>();

  /** Cells whose folder holds a run with other settings, replaced (only with overwrite). */
  private final Set<Integer> replaced = ConcurrentHashMap.newKeySet();

  private final boolean overwrite;
  private volatile boolean stopping;

  /** Trains the cells elsewhere (a Spark cluster); null: in this process's threads. */
  private SweepEngine engine;

  public SweepRunner(SweepGrid grid, Path folder, int parallel, Listener listener) {
    this(grid, folder, parallel, false, listener);
  }

  /**
   * @param overwrite replace what an earlier, different sweep left in {@code folder}: its tables
   *     and charts, and cell folders holding runs with other settings (never a folder PonderLab did
   *     not make)
   */
  public SweepRunner(
      SweepGrid grid, Path folder, int parallel, boolean overwrite, Listener listener) {
    this.overwrite = overwrite;
    if (parallel < 1) {
      throw new ConfigException("parallel", Integer.toString(parallel), "allowed range 1 to 64");
    }
    this.grid = grid;
    this.folder = folder;
    this.parallel = parallel;
    this.listener = listener;
  }

  /**
   * Trains the cells on {@code engine} instead of this process's threads ({@code parallel} then
   * only describes the request). The runner still plans, keeps sweep.csv and reports.
   */
  public SweepRunner onEngine(SweepEngine engine) {
    this.engine = engine;
    return this;
  }

  /**
   * Decides what to do with every cell, reading the cell folders that exist (nothing is written).
   *
   * @throws ConfigException when OUT or a cell folder is not a place for this sweep
   * @throws RunFolderException when a cell folder is damaged, too new, or training right now
   */
  public Map<SweepCell, Action> plan() throws RunFolderException {
    checkSweepFolder();
    plan.clear();
    saved.clear();
    replaced.clear();
    Map<SweepCell, Action> actions = new LinkedHashMap<>();
    for (SweepCell cell : grid.cells()) {
      Action a = decide(cell);
      plan.put(cell.index(), a);
      actions.put(cell, a);
    }
    return actions;
  }

  /**
   * OUT is new, empty, or a PonderLab sweep folder whose cells this grid all has (the same sweep,
   * or one extended with more values); replacing another sweep's tables takes overwrite.
   */
  private void checkSweepFolder() {
    OutputPaths.checkParentIsAFolder(folder, "out");
    RunFolder.Kind kind = RunFolder.kind(folder);
    if (kind == RunFolder.Kind.ABSENT || kind == RunFolder.Kind.EMPTY) {
      return;
    }
    if (!Files.isDirectory(folder)) {
      throw new ConfigException("out", folder.toString(), "it exists and is not a folder");
    }
    if (kind == RunFolder.Kind.RUN || !isSweepFolder(folder)) {
      throw new ConfigException(
          "out",
          folder.toString(),
          "it exists and is not a PonderLab sweep folder; "
              + "a sweep writes only into a new or empty folder, or an earlier sweep's");
    }
    List<String> earlier = earlierCells(folder);
    List<String> now = grid.cells().stream().map(SweepCell::name).toList();
    List<String> dropped = earlier.stream().filter(c -> !now.contains(c)).toList();
    if (!dropped.isEmpty() && !overwrite) {
      throw new ConfigException(
          "out",
          folder.toString(),
          "it holds another sweep (with the cell "
              + dropped.get(0)
              + ", which this one does not have), whose "
              + SWEEP_CSV
              + " and charts would be replaced; "
              + "choose another folder, or add --overwrite to replace them");
    }
  }

  /**
   * A folder with the sweep mark, or (from builds before it) a sweep.json with PonderLab's
   * provenance.
   */
  static boolean isSweepFolder(Path dir) {
    if (Files.isRegularFile(dir.resolve(MARKER), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    Path json = dir.resolve(SWEEP_JSON);
    try {
      return Files.isRegularFile(json, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && Files.size(json) < 16L << 20
          && Json.MAPPER
              .readTree(json.toFile())
              .path("provenance")
              .path("ponderlab_version")
              .isTextual();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static List<String> earlierCells(Path dir) {
    try {
      List<String> cells = new ArrayList<>();
      Json.MAPPER
          .readTree(dir.resolve(SWEEP_JSON).toFile())
          .path("cells")
          .forEach(c -> cells.add(c.asText()));
      return cells;
    } catch (IOException | RuntimeException e) {
      return List.of(); // no readable sweep.json: a sweep killed before writing it, nothing to lose
    }
  }

  private Action decide(SweepCell cell) throws RunFolderException {
    Path dir = cell.folder(folder);
    RunFolder.Kind kind = RunFolder.kind(dir);
    if (kind == RunFolder.Kind.FOREIGN) {
      throw new ConfigException(
          "out",
          dir.toString(),
          Files.isDirectory(dir)
              ? "the cell's folder exists and is not a PonderLab run folder; choose another --out"
              : "it exists and is not a folder");
    }
    if (kind != RunFolder.Kind.RUN) {
      results.put(cell.index(), SweepResult.pending(cell));
      return Action.NEW;
    }
    SavedRun run = RunReader.open(dir);
    if (run.status() == RunStatus.RUNNING) {
      throw new RunFolderException(
          dir,
          RunFolder.STATUS,
          Problem.CANNOT_CONTINUE,
          "it is being trained right now by another process (" + run.statusMessage() + ")");
    }
    String difference = difference(run.config(), cell.config());
    if (difference != null) {
      if (overwrite) {
        replaced.add(cell.index());
        results.put(cell.index(), SweepResult.pending(cell));
        return Action.NEW;
      }
      throw new RunFolderException(
          dir,
          RunFolder.CONFIG,
          Problem.CANNOT_CONTINUE,
          "it holds a run with other settings ("
              + difference
              + "); use another --out, delete the cell's folder, or replace it with --overwrite");
    }
    saved.put(cell.index(), run);
    results.put(cell.index(), SweepResult.of(cell, run));
    boolean reached =
        run.iteration() >= cell.config().iterations() && run.status() == RunStatus.FINISHED;
    return reached || run.status() == RunStatus.FAILED ? Action.SKIP : Action.CONTINUE;
  }

  /** The first setting (other than iterations) in which two configs differ, or null. */
  static String difference(TrainingConfig saved, TrainingConfig wanted) {
    Map<String, String> a = saved.toText();
    Map<String, String> b = wanted.toText();
    for (String k : a.keySet()) {
      if (!k.equals("iterations") && !a.get(k).equals(b.get(k))) {
        return k + " " + a.get(k) + " there, " + b.get(k) + " here";
      }
    }
    return null;
  }

  /**
   * Runs the planned cells ({@link #plan()} first) and returns a result per cell, in grid order;
   * cells not reached because of {@link #stop()} are "pending".
   */
  public List<SweepResult> run(List<String> commandLine)
      throws IOException, InterruptedException, RunFolderException {
    if (plan.size() != grid.cells().size()) {
      throw new IllegalStateException("call plan() first");
    }
    Files.createDirectories(folder);
    try (FolderLock lock = FolderLock.acquire(folder)) {
      plan(); // again, under the lock: another process may have worked here since
      AtomicFiles.write(
          folder.resolve(MARKER),
          Json.write(Map.of("format", "ponderlab-sweep", "format_version", 1)));
      return runPlanned(commandLine);
    }
  }

  private List<SweepResult> runPlanned(List<String> commandLine)
      throws IOException, InterruptedException {
    writeSweepJson(commandLine);
    if (engine != null) {
      try {
        runOnEngine(commandLine);
      } finally {
        writeSweepCsv();
      }
      return results();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallel,
            r -> {
              Thread t = new Thread(r, "ponderlab-sweep");
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (SweepCell cell : grid.cells()) {
        futures.add(
            pool.submit(
                () -> {
                  runCell(cell, commandLine);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          throw new IllegalStateException("a sweep cell failed: " + cause, cause);
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      writeSweepCsv();
    }
    return results();
  }

  private void runCell(SweepCell cell, List<String> commandLine) throws Exception {
    Action action = plan.get(cell.index());
    if (stopping) {
      return;
    }
    SavedRun run = saved.get(cell.index());
    long from = run == null || run.checkpoint() == null ? 0 : run.checkpoint().iteration();
    listener.cellStarting(cell, action, from);
    if (action == Action.SKIP) {
      listener.cellEnded(cell, results.get(cell.index()));
      return;
    }
    TrainingListener observer =
        new TrainingListener() {
          @Override
          public void onSnapshot(Snapshot s) {
            listener.cellSnapshot(cell, s);
          }
        };
    List<String> line = new ArrayList<>(commandLine);
    line.add("(cell " + cell.name() + ")");
    RunSession session;
    try {
      session =
          action == Action.NEW
              ? RunSession.create(
                  cell.folder(folder),
                  cell.config(),
                  replaced.contains(cell.index()),
                  line,
                  observer)
              : RunSession.resume(run, cell.config().iterations(), Map.of(), line, observer);
    } catch (RunFolderException | ConfigException e) {
      results.put(
          cell.index(),
          new SweepResult(
              cell,
              "failed",
              Double.NaN,
              Double.NaN,
              run == null ? 0 : run.iteration(),
              0,
              e.getMessage()));
      listener.cellEnded(cell, results.get(cell.index()));
      return;
    }
    active.add(session);
    try {
      if (stopping) {
        return; // nothing written beyond "running"; the next sweep continues it
      }
      session.start();
      session.await(i -> {}, 200);
    } finally {
      active.remove(session);
    }
    try {
      results.put(cell.index(), SweepResult.of(cell, RunReader.openHistory(cell.folder(folder))));
    } catch (RunFolderException e) {
      results.put(
          cell.index(),
          new SweepResult(cell, "failed", Double.NaN, Double.NaN, 0, 0, e.getMessage()));
    }
    synchronized (this) {
      writeSweepCsv();
    }
    listener.cellEnded(cell, results.get(cell.index()));
  }

  /**
   * Hands every cell that needs training to the engine; finished cells are reported as skipped at
   * once. Each task decides on its worker whether its cell is new or continues, so a cell that an
   * earlier attempt saved continues from its last snapshot.
   */
  private void runOnEngine(List<String> commandLine) throws IOException, InterruptedException {
    List<SweepCellTask> tasks = new ArrayList<>();
    for (SweepCell cell : grid.cells()) {
      if (plan.get(cell.index()) == Action.SKIP) {
        listener.cellStarting(cell, Action.SKIP, 0);
        listener.cellEnded(cell, results.get(cell.index()));
        continue;
      }
      List<String> line = new ArrayList<>(commandLine);
      line.add("(cell " + cell.name() + ")");
      tasks.add(SweepCellTask.of(folder, cell, replaced.contains(cell.index()), line));
    }
    if (tasks.isEmpty() || stopping) {
      return;
    }
    engine.train(
        tasks,
        new SweepEngine.Progress() {
          @Override
          public void started(SweepCellTask task) {
            SweepCell cell = grid.cells().get(task.index());
            SavedRun run = saved.get(cell.index());
            long from = run == null || run.checkpoint() == null ? 0 : run.checkpoint().iteration();
            listener.cellStarting(cell, plan.get(cell.index()), from);
          }

          @Override
          public void ended(SweepCellTask task, String failure) {
            SweepCell cell = grid.cells().get(task.index());
            if (stopping && RunFolder.kind(cell.folder(folder)) != RunFolder.Kind.RUN) {
              return; // cancelled before it started: still pending, the next sweep starts it
            }
            SweepResult result;
            try {
              result = SweepResult.of(cell, RunReader.openHistory(cell.folder(folder)));
              // a cancelled task (the sweep stopping) leaves its cell stopped, to continue later
              if (failure != null && !stopping && !result.status().equals("finished")) {
                result =
                    new SweepResult(
                        cell,
                        "failed",
                        result.accuracy(),
                        result.meanSteps(),
                        result.iterations(),
                        result.wallSeconds(),
                        failure);
              }
            } catch (RunFolderException e) {
              result =
                  new SweepResult(
                      cell,
                      "failed",
                      Double.NaN,
                      Double.NaN,
                      0,
                      0,
                      failure != null ? failure : e.getMessage());
            }
            results.put(cell.index(), result);
            try {
              writeSweepCsv();
            } catch (IOException e) {
              // written again when the sweep ends, where a failure is reported
            }
            listener.cellEnded(cell, result);
          }
        });
  }

  /**
   * Stops the sweep: cells not started stay pending, running cells stop after saving a last
   * snapshot (a rerun continues them). Returns at once; {@link #run} returns when they have.
   */
  public void stop() {
    stopping = true;
    if (engine != null) {
      engine.stop();
    }
    for (RunSession s : active) {
      s.stop();
    }
  }

  public boolean isStopping() {
    return stopping;
  }

  /** A result per cell in grid order (pending for cells not reached). */
  public List<SweepResult> results() {
    List<SweepResult> list = new ArrayList<>();
    for (SweepCell cell : grid.cells()) {
      list.add(results.getOrDefault(cell.index(), SweepResult.pending(cell)));
    }
    return list;
  }

  private void writeSweepJson(List<String> commandLine) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("axes", grid.axes());
    doc.put("fixed", grid.fixed());
    doc.put("cells", grid.cells().stream().map(SweepCell::name).toList());
    doc.put("parallel", parallel);
    doc.put("engine", engine == null ? "local" : engine.describe());
    doc.put("command_line", commandLine);
    doc.put("provenance", Provenance.capture(Instant.now()));
    AtomicFiles.write(folder.resolve(SWEEP_JSON), Json.write(doc));
  }

  private synchronized void writeSweepCsv() throws IOException {
    AtomicFiles.write(folder.resolve(SWEEP_CSV), sweepCsv(grid, results()));
    String seeds = SweepSeedSummary.csv(grid, results());
    if (seeds != null) {
      AtomicFiles.write(folder.resolve(SweepSeedSummary.FILE), seeds);
    }
  }

  /**
   * sweep.csv: {@code cell,<swept settings…>,status,accuracy,mean_steps,iterations,wall_seconds}, a
   * row per cell in grid order; empty accuracy and mean_steps for a cell without a snapshot.
   */
  public static String sweepCsv(SweepGrid grid, List<SweepResult> results) {
    StringBuilder b = new StringBuilder("cell");
    for (String axis : grid.axisNames()) {
      b.append(',').append(axis);
    }
    b.append(",status,accuracy,mean_steps,iterations,wall_seconds\n");
    for (SweepResult r : results) {
      b.append(r.cell().name());
      for (String axis : grid.axisNames()) {
        b.append(',').append(r.cell().values().get(axis));
      }
      b.append(',')
          .append(r.status())
          .append(',')
          .append(
              Double.isNaN(r.accuracy()) ? "" : String.format(Locale.ROOT, "%.5f", r.accuracy()))
          .append(',')
          .append(
              Double.isNaN(r.meanSteps()) ? "" : String.format(Locale.ROOT, "%.4f", r.meanSteps()))
          .append(',')
          .append(r.iterations())
          .append(',')
          .append(String.format(Locale.ROOT, "%.1f", r.wallSeconds()))
          .append('\n');
    }
    return b.toString();
  }
}
