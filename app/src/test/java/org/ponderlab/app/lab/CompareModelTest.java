package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.charts.CompareCharts;
import org.ponderlab.app.charts.Palette;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/** The Compare tab's model without a window, on two short real runs. */
class CompareModelTest {
  @TempDir static Path dir;
  static Path lowPrior;
  static Path highPrior;

  @BeforeAll
  static void trainTwoRuns() throws Exception {
    lowPrior = train("lp0.1", "0.1");
    highPrior = train("lp0.6", "0.6");
  }

  static Path train(String name, String lambdaP) throws Exception {
    Map<String, String> s = new LinkedHashMap<>(LabModelTest.TINY);
    s.put("lambda-p", lambdaP);
    Path folder = dir.resolve(name);
    RunSession.create(
            folder, TrainingConfig.fromText(s), List.of("test"), new TrainingListener() {})
        .start()
        .await(i -> {}, 50);
    return folder;
  }

  @Test
  void runsGetOkabeItoColoursAndOneBaselineAndRemovingKeepsTheFiles() {
    CompareModel compare = new CompareModel(new LabModel());
    assertNull(compare.add(lowPrior).join());
    assertNull(compare.add(highPrior).join());
    assertTrue(compare.add(lowPrior).join().contains("already in the comparison"));
    assertTrue(compare.add(dir.resolve("nothing-here")).join().startsWith("Can't add the run: "));
    assertTrue(compare.addLive().contains("no snapshots yet"));
    List<CompareModel.Entry> entries = compare.entries();
    assertEquals(List.of("lp0.1", "lp0.6"), entries.stream().map(e -> e.label.get()).toList());
    assertEquals(CompareModel.fx(Palette.BLUE), entries.get(0).colour.get());
    assertEquals(CompareModel.fx(Palette.ORANGE), entries.get(1).colour.get());

    long v = compare.versionProperty().get();
    entries.get(0).baseline.set(true);
    entries.get(1).baseline.set(true);
    assertFalse(entries.get(0).baseline.get(), "one baseline at a time");
    entries.get(1).label.set("λ_p = 0.6");
    entries.get(0).colour.set(Color.BLACK);
    entries.get(0).shown.set(false);
    assertTrue(compare.versionProperty().get() > v);
    List<CompareCharts.Run> drawn = compare.chartRuns();
    assertEquals(1, drawn.size(), "hidden runs are not drawn");
    assertEquals("λ_p = 0.6", drawn.get(0).label());
    assertTrue(drawn.get(0).baseline());
    assertEquals(3, drawn.get(0).snapshots().size());

    CompareModel.Entry first = entries.get(0);
    compare.remove(first);
    assertEquals(1, compare.entries().size());
    assertTrue(
        Files.isRegularFile(lowPrior.resolve("config.json")),
        "removing from the table keeps the folder");
  }

  @Test
  void exportWritesTheLongCsvWithTheTableLabels() throws Exception {
    CompareModel compare = new CompareModel(new LabModel());
    compare.add(lowPrior).join();
    compare.add(highPrior).join();
    compare.entries().get(0).label.set("low prior");
    Path csv = Files.createDirectories(dir.resolve("out")).resolve("runs.csv");
    assertTrue(compare.exportCsv(List.copyOf(compare.entries()), csv, false).join().isWritten());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("run,iteration,metric,value", lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("low prior,60,accuracy,")), lines.get(1));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("lp0.6,60,accuracy,")));
    assertTrue(Files.isRegularFile(dir.resolve("out").resolve("runs-configs.json")));
    assertEquals(
        WriteOutcome.refused("Nothing to export: add runs to the comparison first."),
        compare.exportCsv(List.of(), csv, false).join());
  }

  @Test
  void exportNeverLandsInARunFolderNorReplacesTheConfigsFileUnasked() throws Exception {
    CompareModel compare = new CompareModel(new LabModel());
    compare.add(lowPrior).join();
    Path metrics = lowPrior.resolve("metrics.csv");
    byte[] before = Files.readAllBytes(metrics);
    WriteOutcome inside = compare.exportCsv(List.copyOf(compare.entries()), metrics, true).join();
    assertEquals(WriteOutcome.Kind.REFUSED, inside.kind(), inside.message());
    assertTrue(inside.message().contains("inside the run folder"), inside.message());
    assertArrayEquals(before, Files.readAllBytes(metrics), "the run's own file is untouched");

    Path out = Files.createDirectories(dir.resolve("mine"));
    Path csv = out.resolve("runs.csv");
    Path configs = out.resolve("runs-configs.json");
    Files.writeString(configs, "my own notes");
    WriteOutcome asked = compare.exportCsv(List.copyOf(compare.entries()), csv, false).join();
    assertTrue(asked.asksToReplace(), asked.message());
    assertEquals(configs.toString(), asked.existing());
    assertEquals("my own notes", Files.readString(configs), "not replaced before the user says so");
    assertFalse(Files.exists(csv), "nothing half-written");
    assertTrue(compare.exportCsv(List.copyOf(compare.entries()), csv, true).join().isWritten());
    assertTrue(
        Files.readString(configs).startsWith("{") || Files.readString(configs).startsWith("["),
        "replaced when confirmed");
  }

  @Test
  void deleteFolderRemovesOnlyARunFolder() throws Exception {
    Path copy = train("to-delete", "0.3");
    Path notARun = Files.createDirectories(dir.resolve("not-a-run"));
    CompareModel compare = new CompareModel(new LabModel());
    assertNull(compare.add(copy).join());
    assertNull(compare.deleteFolder(compare.entries().get(0)).join());
    assertFalse(Files.exists(copy));
    assertTrue(compare.entries().isEmpty());
    assertTrue(Files.isDirectory(notARun));
  }

  @Test
  void runsThatDifferOnlyInSeedOrLengthShareABandGroup() {
    TrainingConfig base =
        TrainingConfig.fromText(Map.of("lambda-p", "0.3", "seed", "1", "iterations", "6000"));
    String group = CompareModel.seedGroup(base);
    assertEquals(group, CompareModel.seedGroup(base.with("seed", "2")));
    assertEquals(group, CompareModel.seedGroup(base.with("seed", "5").with("iterations", "3000")));
    assertFalse(group.equals(CompareModel.seedGroup(base.with("lambda-p", "0.5"))));
    assertFalse(group.equals(CompareModel.seedGroup(base.with("method", "act"))));
  }
}
