package org.ponderlab.core.run;

import static org.ponderlab.core.run.RunFolderSchema.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several runs as one long table, the shape plotting libraries want ({@code
 * run,iteration,metric,value}), plus each run's configuration as JSON. Values are copied as the
 * run's files hold them (no reformatting), so an export says exactly what the run folder says.
 *
 * <p>Metrics, per snapshot: {@code elapsed_s, loss_rec, loss_reg, loss_total, accuracy, mean_steps,
 * ms_per_iteration} and, where recorded, {@code steps_run}. With distributions, also per step n:
 * {@code halting_count:n, prior:n, mean_p:n, accuracy_at_step:n}, and per difficulty d: {@code
 * accuracy_by_difficulty:d, mean_steps_by_difficulty:d}.
 */
public final class RunExport {
  /** The scalar metrics, in export order (columns of metrics.csv). */
  public static final List<String> METRICS =
      List.of(ELAPSED_S, LOSS_REC, LOSS_REG, LOSS_TOTAL, ACCURACY, MEAN_STEPS, MS_PER_ITERATION);

  static final List<String> STEP_METRICS = List.of(COUNT, PRIOR, MEAN_P, ACCURACY_AT_STEP);
  static final List<String> DIFFICULTY_METRICS = List.of(ACCURACY, MEAN_STEPS);

  private RunExport() {}

  /** Labels for runs: the folder name, or the path as given where two runs share a folder name. */
  public static List<String> labels(List<Path> folders) {
    Map<String, Integer> count = new LinkedHashMap<>();
    for (Path f : folders) {
      count.merge(name(f), 1, Integer::sum);
    }
    List<String> labels = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Path f : folders) {
      String label = count.get(name(f)) > 1 ? f.normalize().toString() : name(f);
      String unique = label;
      for (int i = 2; !used.add(unique); i++) {
        unique = label + "#" + i;
      }
      labels.add(unique);
    }
    return labels;
  }

  private static String name(Path f) {
    Path n = f.toAbsolutePath().normalize().getFileName();
    return n == null ? f.toString() : n.toString();
  }

  /**
   * The long table of runs already opened (so every folder is known to be valid).
   *
   * @param withDistributions also the per-step and per-difficulty series
   */
  public static String longCsv(List<SavedRun> runs, List<String> labels, boolean withDistributions)
      throws RunFolderException {
    StringBuilder b = new StringBuilder(EXPORT_HEADER).append('\n');
    for (int i = 0; i < runs.size(); i++) {
      SavedRun run = runs.get(i);
      String label = quote(labels.get(i));
      Set<Long> iterations = new HashSet<>();
      run.snapshots().forEach(s -> iterations.add(s.iteration()));
      CsvFile metrics = CsvFile.read(run.folder(), RunFolder.METRICS, ITERATION);
      Map<Long, List<String>> steps =
          withDistributions
              ? rows(run.folder(), RunFolder.HALTING, "step", STEP_METRICS, iterations)
              : Map.of();
      Map<Long, List<String>> difficulty =
          withDistributions
              ? rows(
                  run.folder(), RunFolder.DIFFICULTY, "difficulty", DIFFICULTY_METRICS, iterations)
              : Map.of();
      for (int r = 0; r < metrics.size(); r++) {
        long it = metrics.longValue(r, ITERATION);
        if (!iterations.contains(it)) {
          continue;
        }
        for (String m : METRICS) {
          b.append(label)
              .append(',')
              .append(it)
              .append(',')
              .append(m)
              .append(',')
              .append(metrics.text(r, m))
              .append('\n');
        }
        if (metrics.has(STEPS_RUN)) { // runs saved before it was recorded have none
          b.append(label)
              .append(',')
              .append(it)
              .append(',')
              .append(STEPS_RUN)
              .append(',')
              .append(metrics.text(r, STEPS_RUN))
              .append('\n');
        }
        for (String line : steps.getOrDefault(it, List.of())) {
          b.append(label).append(',').append(it).append(',').append(line).append('\n');
        }
        for (String line : difficulty.getOrDefault(it, List.of())) {
          b.append(label).append(',').append(it).append(',').append(line).append('\n');
        }
      }
    }
    return b.toString();
  }

  /**
   * "metric:key,value" lines per iteration from a per-step or per-difficulty file, metric by
   * metric.
   */
  private static Map<Long, List<String>> rows(
      Path folder, String file, String key, List<String> metrics, Set<Long> keep)
      throws RunFolderException {
    CsvFile csv = CsvFile.readIfPresent(folder, file, ITERATION, key);
    Map<Long, Map<String, List<String>>> byMetric = new LinkedHashMap<>();
    for (int r = 0; csv != null && r < csv.size(); r++) {
      long it = csv.longValue(r, ITERATION);
      if (!keep.contains(it)) {
        continue;
      }
      for (String m : metrics) {
        String name =
            file.equals(RunFolder.HALTING)
                ? (m.equals(COUNT) ? HALTING_COUNT : m)
                : m + BY_DIFFICULTY;
        byMetric
            .computeIfAbsent(it, k -> new LinkedHashMap<>())
            .computeIfAbsent(name, k -> new ArrayList<>())
            .add(name + ":" + csv.text(r, key) + "," + csv.text(r, m));
      }
    }
    Map<Long, List<String>> out = new LinkedHashMap<>();
    byMetric.forEach((it, m) -> out.put(it, m.values().stream().flatMap(List::stream).toList()));
    return out;
  }

  /** The configs document: per run its label, folder, status, settings, changes and provenance. */
  public static String configsJson(List<SavedRun> runs, List<String> labels) {
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      SavedRun run = runs.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run", labels.get(i));
      m.put("folder", run.folder().toAbsolutePath().normalize().toString());
      m.put("status", run.status().label());
      m.put("status_message", run.statusMessage());
      m.put("iterations_done", run.iteration());
      m.put(SETTINGS, run.config().toText());
      m.put(
          "changes",
          run.changes().stream()
              .map(
                  c ->
                      Map.of(
                          ITERATION, c.iteration(), NAME, c.name(), "from", c.from(), "to", c.to()))
              .toList());
      m.put(PROVENANCE, run.provenance());
      m.put(COMMAND_LINE, run.commandLine());
      list.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "ponderlab-export");
    doc.put("format_version", 1);
    doc.put("runs", list);
    return Json.write(doc);
  }

  /** Writes {@code file} and its configs document next to it ({@link #configsFile}), atomically. */
  public static void write(List<SavedRun> runs, Path file, boolean withDistributions)
      throws IOException, RunFolderException {
    List<String> labels = labels(runs.stream().map(SavedRun::folder).toList());
    String csv = longCsv(runs, labels, withDistributions);
    String json = configsJson(runs, labels);
    AtomicFiles.write(file, csv); // into an existing folder: the caller checked it (OutputPaths)
    AtomicFiles.write(configsFile(file), json);
  }

  /** {@code runs.csv} → {@code runs-configs.json}. */
  public static Path configsFile(Path csv) {
    String name = csv.getFileName().toString();
    String stem =
        name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
            ? name.substring(0, name.length() - 4)
            : name;
    return csv.resolveSibling(stem + "-configs.json");
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }
}
