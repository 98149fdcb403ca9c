package org.ponderlab.app.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.paint.Color;
import org.ponderlab.app.charts.CompareCharts;
import org.ponderlab.core.run.AtomicFiles;
import org.ponderlab.core.run.OutputPaths;
import org.ponderlab.core.run.RunExport;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Snapshot;

/**
 * The Compare tab's model: the runs in the comparison, each with a label, a colour, show/hide and a
 * baseline pin. Saved runs are read once from their folders; "this run" follows the window's run
 * live. Removing a run from the table never touches its files; {@link #deleteFolder} does.
 */
final class CompareModel {
  /** One run in the comparison. */
  static final class Entry {
    final StringProperty label = new SimpleStringProperty();
    final ObjectProperty<Color> colour = new SimpleObjectProperty<>();
    final BooleanProperty shown = new SimpleBooleanProperty(true);
    final BooleanProperty baseline = new SimpleBooleanProperty();

    /** The table's status line for this run, set by the view when it redraws. */
    final StringProperty summary = new SimpleStringProperty("");

    /** The saved run, or null for the window's live run. */
    final SavedRun run;

    Entry(String label, Color colour, SavedRun run) {
      this.label.set(label);
      this.colour.set(colour);
      this.run = run;
    }

    boolean isLive() {
      return run == null;
    }

    StringProperty labelProperty() {
      return label;
    }

    ObjectProperty<Color> colourProperty() {
      return colour;
    }

    BooleanProperty shownProperty() {
      return shown;
    }

    BooleanProperty baselineProperty() {
      return baseline;
    }

    StringProperty summaryProperty() {
      return summary;
    }
  }

  private final LabModel lab;
  private final ObservableList<Entry> entries = FXCollections.observableArrayList();
  private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();

  CompareModel(LabModel lab) {
    this.lab = lab;
  }

  ObservableList<Entry> entries() {
    return entries;
  }

  /**
   * Increases whenever what the charts draw changes (a run added, hidden, recoloured, renamed,
   * pinned).
   */
  ReadOnlyLongProperty versionProperty() {
    return version.getReadOnlyProperty();
  }

  private void changed() {
    version.set(version.get() + 1);
  }

  /**
   * Adds a saved run folder, read in the background.
   *
   * @return completes with null when added, otherwise why not (the folder's problem, in words)
   */
  CompletableFuture<String> add(Path folder) {
    CompletableFuture<String> outcome = new CompletableFuture<>();
    lab.work()
        .run(
            "Reading the run in " + folder + "…",
            () -> RunReader.openHistory(folder),
            run -> outcome.complete(add(run)),
            e ->
                outcome.complete(
                    e instanceof RunFolderException
                        ? "Can't add the run: " + e.getMessage()
                        : "Can't add the run in " + folder + ": " + e.getMessage()));
    return outcome;
  }

  private String add(SavedRun run) {
    for (Entry e : entries) {
      if (!e.isLive()
          && e.run
              .folder()
              .toAbsolutePath()
              .normalize()
              .equals(run.folder().toAbsolutePath().normalize())) {
        return "The run " + run.name() + " is already in the comparison.";
      }
    }
    add(new Entry(run.name(), nextColour(), run));
    return null;
  }

  /** Adds the window's run, drawn live as it trains; null when added, otherwise why not. */
  String addLive() {
    if (entries.stream().anyMatch(Entry::isLive)) {
      return "This run is already in the comparison.";
    }
    if (lab.history().isEmpty()) {
      return "This run has no snapshots yet: press Play or Step first.";
    }
    add(new Entry("this run (live)", nextColour(), null));
    return null;
  }

  private void add(Entry e) {
    e.label.addListener(o -> changed());
    e.colour.addListener(o -> changed());
    e.shown.addListener(o -> changed());
    e.baseline.addListener(
        (o, was, now) -> {
          if (now) { // one baseline at a time
            entries.stream()
                .filter(other -> other != e)
                .forEach(other -> other.baseline.set(false));
          }
          changed();
        });
    entries.add(e);
    changed();
  }

  /** Removes a run from the comparison; its folder stays as it is. */
  void remove(Entry e) {
    entries.remove(e);
    changed();
  }

  /**
   * Deletes a saved run's folder from the disk (in the background) and removes it from the
   * comparison. Refuses a folder without a run's config.json (never deletes anything else), and the
   * window's own run.
   *
   * @return completes with null when deleted, otherwise why not
   */
  CompletableFuture<String> deleteFolder(Entry e) {
    if (e.isLive()) {
      return CompletableFuture.completedFuture(
          "The window's run can't be deleted here; Reset it first, then delete its folder.");
    }
    Path folder = e.run.folder();
    if (folder.equals(lab.runFolderProperty().get())) {
      return CompletableFuture.completedFuture("This run is open in the window; Reset it first.");
    }
    CompletableFuture<String> outcome = new CompletableFuture<>();
    lab.work()
        .run(
            "Deleting " + folder + "…",
            () -> deleteRunFolder(folder),
            problem -> {
              if (problem == null) {
                remove(e);
              }
              outcome.complete(problem);
            },
            ex -> outcome.complete("Could not delete " + folder + ": " + ex.getMessage()));
    return outcome;
  }

  private static String deleteRunFolder(Path folder) {
    if (!Files.isRegularFile(folder.resolve("config.json"))) {
      return "Not deleted: " + folder + " does not look like a run folder (no config.json).";
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException ex) {
      return "Could not delete " + folder + " completely: " + ex.getMessage();
    }
    return null;
  }

  /**
   * One run to export: a saved run, or the window's run read back from its folder; with its table
   * label.
   */
  private record Exported(SavedRun run, Path liveFolder, String label) {}

  /**
   * Writes the long CSV of these runs (and its configs document next to it) with their labels, via
   * {@link RunExport}, in the background. The live run is read back from its folder.
   *
   * <p>The file chooser has already asked before replacing {@code file}; its configs document next
   * to it is replaced only with {@code replaceConfigs} (else the export stops and says so, so the
   * window can ask). Like {@code ponderlab export}, it never writes inside a run folder.
   *
   * @return completes with how it ended
   */
  CompletableFuture<WriteOutcome> exportCsv(List<Entry> chosen, Path file, boolean replaceConfigs) {
    if (chosen.isEmpty()) {
      return CompletableFuture.completedFuture(
          WriteOutcome.refused("Nothing to export: add runs to the comparison first."));
    }
    List<Exported> sources = new ArrayList<>();
    for (Entry e : chosen) {
      if (e.isLive() && lab.runFolderProperty().get() == null) {
        return CompletableFuture.completedFuture(
            WriteOutcome.refused(
                "This run is not saved in a folder (no runs directory), so it can't be exported."));
      }
      sources.add(
          new Exported(e.run, e.isLive() ? lab.runFolderProperty().get() : null, e.label.get()));
    }
    CompletableFuture<WriteOutcome> outcome = new CompletableFuture<>();
    lab.work()
        .run(
            "Exporting " + sources.size() + " runs to " + file + "…",
            () -> write(sources, file, replaceConfigs),
            outcome::complete,
            ex ->
                outcome.complete(
                    WriteOutcome.refused("Could not write " + file + ": " + ex.getMessage())));
    return outcome;
  }

  private static WriteOutcome write(List<Exported> sources, Path file, boolean replaceConfigs) {
    List<SavedRun> runs = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    try {
      for (Exported source : sources) {
        runs.add(source.run() != null ? source.run() : RunReader.openHistory(source.liveFolder()));
        String label =
            source.label().isBlank() ? runs.get(runs.size() - 1).name() : source.label().strip();
        String unique = label;
        for (int i = 2; !used.add(unique); i++) {
          unique = label + "#" + i;
        }
        labels.add(unique);
      }
      OutputPaths.checkNewFile(file, "export file", List.of(".csv"), true);
      Path configs = RunExport.configsFile(file);
      if (!replaceConfigs && Files.exists(configs, LinkOption.NOFOLLOW_LINKS)) {
        return WriteOutcome.asksToReplace(
            configs.toString(), "The configs file exists: " + configs);
      }
      OutputPaths.checkNewFile(configs, "export file", List.of(".json"), true);
      AtomicFiles.write(file, RunExport.longCsv(runs, labels, true));
      AtomicFiles.write(RunExport.configsFile(file), RunExport.configsJson(runs, labels));
      return WriteOutcome.written();
    } catch (RunFolderException | ConfigException ex) {
      return WriteOutcome.refused("Can't export: " + ex.getMessage());
    } catch (IOException ex) {
      return WriteOutcome.refused("Could not write " + file + ": " + ex.getMessage());
    }
  }

  /**
   * Saved runs with the same settings but for the seed (and how long they ran) form one group: the
   * charts draw their mean ± sd band. The live run is in no group.
   */
  static String seedGroup(org.ponderlab.core.train.TrainingConfig config) {
    java.util.Map<String, String> settings = new java.util.TreeMap<>(config.toText());
    settings.remove("seed");
    settings.remove("iterations");
    return settings.toString();
  }

  /** The shown runs, as the charts draw them. */
  List<CompareCharts.Run> chartRuns() {
    List<CompareCharts.Run> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.shown.get()) {
        List<Snapshot> s = e.isLive() ? List.copyOf(lab.history()) : e.run.snapshots();
        out.add(
            new CompareCharts.Run(
                e.label.get(),
                awt(e.colour.get()),
                e.baseline.get(),
                s,
                e.isLive() ? null : seedGroup(e.run.configInForce())));
      }
    }
    return out;
  }

  /**
   * The evaluations saved beside a run ({@code ponderlab evaluate}, under other rules on the same
   * weights), for the Compare tab to list under the run; empty for the live run or when none. Reads
   * small files: call off the FX thread for many runs.
   */
  List<org.ponderlab.core.run.RunEvaluations.Saved> evaluations(Entry e) {
    Path folder = e.isLive() ? lab.runFolderProperty().get() : e.run.folder();
    return folder == null ? List.of() : org.ponderlab.core.run.RunEvaluations.list(folder);
  }

  /** The history a run's row summarises. */
  Snapshot last(Entry e) {
    if (e.isLive()) {
      return lab.getLatest();
    }
    return e.run.last();
  }

  /** The first Okabe–Ito colour no run uses yet (then round again). */
  Color nextColour() {
    List<java.awt.Color> palette = CompareCharts.COLOURS;
    for (java.awt.Color c : palette) {
      Color fx = fx(c);
      if (entries.stream().noneMatch(e -> fx.equals(e.colour.get()))) {
        return fx;
      }
    }
    return fx(palette.get(entries.size() % palette.size()));
  }

  static Color fx(java.awt.Color c) {
    return Color.rgb(c.getRed(), c.getGreen(), c.getBlue());
  }

  static java.awt.Color awt(Color c) {
    return new java.awt.Color(
        (float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
  }
}
