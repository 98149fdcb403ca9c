package org.ponderlab.core.run;

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
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * Keeps a run on disk as it trains: config.json (every setting and provenance) at once, then at
 * every snapshot metrics.csv (a row per evaluation), halting.csv (the histogram per evaluation),
 * ponder.csv (the latest ponder rows) and status.json, and summary.json at the end. Every file is
 * rewritten whole through {@link AtomicFiles}, so a crash leaves the last complete version. An I/O
 * failure (a full disk) is thrown on the trainer's thread, which stops the run with the message.
 */
public final class RunWriter implements TrainingListener {
  private final Path dir;
  private final TrainingConfig config;
  private final long startNanos = System.nanoTime();
  private final StringBuilder metrics = new StringBuilder(
      "iteration,elapsed_s,loss_rec,loss_reg,loss_total,accuracy,mean_steps,rule,ms_per_iteration\n");
  private final StringBuilder halting = new StringBuilder("iteration,step,count,prior,mean_p,accuracy_at_step\n");
  private final List<Double> windowMedians = new ArrayList<>();
  private Snapshot last;

  public RunWriter(Path dir, TrainingConfig config, Instant start, List<String> commandLine) throws IOException {
    this.dir = dir;
    this.config = config;
    Files.createDirectories(dir);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("settings", config.toText());
    doc.put("provenance", Provenance.capture(start));
    doc.put("command_line", commandLine);
    AtomicFiles.write(dir.resolve(RunFolder.CONFIG), Json.write(doc));
    writeStatus("running", "training");
  }

  @Override
  public void onSnapshot(Snapshot s) {
    last = s;
    if (Double.isFinite(s.msPerIteration())) {
      windowMedians.add(s.msPerIteration());
    }
    metrics.append(String.format(Locale.ROOT, "%d,%.3f,%.6f,%.6f,%.6f,%.5f,%.4f,%s,%.4f%n",
        s.iteration(), s.elapsedSeconds(), s.reconstructionLoss(), s.regularisationLoss(), s.totalLoss(),
        s.accuracy(), s.meanSteps(), s.rule(), s.msPerIteration()));
    for (int n = 1; n <= s.steps(); n++) {
      halting.append(String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.5f%n", s.iteration(), n,
          s.haltingHistogram()[n - 1], s.prior() == null ? Double.NaN : s.prior()[n - 1],
          s.meanHaltingProbability()[n - 1], s.accuracyAtStep()[n - 1]));
    }
    try {
      AtomicFiles.write(dir.resolve(RunFolder.METRICS), metrics.toString());
      AtomicFiles.write(dir.resolve(RunFolder.HALTING), halting.toString());
      AtomicFiles.write(dir.resolve(RunFolder.PONDER), ponderCsv(s));
      writeStatus("running", "iteration " + s.iteration());
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the run in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String ponderCsv(Snapshot s) {
    StringBuilder b = new StringBuilder("index,difficulty,label,prediction,halt_step");
    for (int n = 1; n <= s.steps(); n++) {
      b.append(",p").append(n);
    }
    b.append('\n');
    for (PonderRow r : s.ponderRows()) {
      b.append(r.index()).append(',').append(r.difficulty()).append(',').append(r.label()).append(',')
          .append(r.prediction()).append(',').append(r.haltStep());
      for (double p : r.haltingProb()) {
        b.append(String.format(Locale.ROOT, ",%.5f", p));
      }
      b.append('\n');
    }
    return b.toString();
  }

  @Override
  public void onStateChanged(TrainerState state, String message) {
    if (!state.isTerminal()) {
      return;
    }
    try {
      writeSummary(state, message);
      writeStatus(state.name().toLowerCase(Locale.ROOT), message);
    } catch (IOException e) {
      // the trainer is ending anyway; the files from the last snapshot are intact
      System.err.println("could not write the run's summary in " + dir + ": " + e.getMessage());
    }
  }

  private void writeSummary(TrainerState state, String message) throws IOException {
    Map<String, Object> sum = new LinkedHashMap<>();
    sum.put("status", state.name().toLowerCase(Locale.ROOT));
    sum.put("message", message);
    sum.put("task", config.task());
    sum.put("method", config.method());
    sum.put("seed", config.seed());
    sum.put("iterations", last == null ? 0 : last.iteration());
    sum.put("accuracy", last == null ? null : last.accuracy());
    sum.put("mean_steps", last == null ? null : last.meanSteps());
    sum.put("rule", last == null ? null : last.rule());
    sum.put("wall_seconds", (System.nanoTime() - startNanos) / 1e9);
    sum.put("training_seconds", last == null ? 0 : last.elapsedSeconds());
    double[] med = windowMedians.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    sum.put("ms_per_iteration_median", med.length == 0 ? null : med[med.length / 2]);
    sum.put("steps_max", config.maxSteps());
    if (last != null) {
      sum.put("compute_saved_vs_fixed_depth", 1 - last.meanSteps() / config.maxSteps());
      sum.put("halting_histogram", last.haltingHistogram());
      sum.put("accuracy_by_difficulty", nullForNaN(last.accuracyByDifficulty()));
      sum.put("mean_steps_by_difficulty", nullForNaN(last.meanStepsByDifficulty()));
    }
    AtomicFiles.write(dir.resolve(RunFolder.SUMMARY), Json.write(sum));
  }

  private static List<Double> nullForNaN(double[] values) {
    return Arrays.stream(values).mapToObj(v -> Double.isNaN(v) ? null : v).toList();
  }

  private void writeStatus(String status, String message) throws IOException {
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("status", status);
    st.put("message", message);
    st.put("updated", Instant.now().toString());
    AtomicFiles.write(dir.resolve(RunFolder.STATUS), Json.write(st));
  }
}
