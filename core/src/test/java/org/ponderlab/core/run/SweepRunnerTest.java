package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.train.ConfigException;

class SweepRunnerTest {
  @TempDir Path tmp;

  static final Map<String, String> FIXED =
      Map.of(
          "iterations",
          "60",
          "eval-every",
          "20",
          "hidden",
          "8",
          "max-steps",
          "5",
          "batch",
          "32",
          "validation-size",
          "256",
          "seed",
          "4");

  static SweepGrid grid(Map<String, String> fixed) {
    Map<String, String> typed = new LinkedHashMap<>();
    typed.put("beta", "0.01, 0.10"); // typed first, still the second axis: catalogue order
    typed.put("lambda-p", "0.1,0.3");
    return SweepGrid.of(fixed, typed);
  }

  @Test
  void theGridIsTheProductInCatalogueOrderWithNormalisedNames() {
    SweepGrid g = grid(FIXED);
    assertEquals(List.of("lambda-p", "beta"), g.axisNames());
    assertEquals(
        List.of(
            "cell-lambda-p=0.1_beta=0.01",
            "cell-lambda-p=0.1_beta=0.1",
            "cell-lambda-p=0.3_beta=0.01",
            "cell-lambda-p=0.3_beta=0.1"),
        g.cells().stream().map(SweepCell::name).toList());
    assertEquals(0.3, g.cells().get(3).config().lambdaP());
    assertEquals(0.1, g.cells().get(3).config().beta());
    assertEquals(8, g.cells().get(3).config().hidden());
    assertEquals(
        "0.0001", SweepGrid.normalise(org.ponderlab.core.train.ConfigFields.get("lr"), "1e-4"));
  }

  @Test
  void aBadValueAnywhereInAListNamesTheSettingValueAndRange() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> SweepGrid.of(Map.of(), Map.of("beta", "0.01,-1")));
    assertEquals("beta", e.field());
    assertEquals("beta: '-1' is not allowed; allowed range [0, ∞)", e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> SweepGrid.of(Map.of(), Map.of("hidden", "8,sixteen")));
    assertEquals(
        "hidden: 'sixteen' is not allowed; expected a whole number 1 to 1024", e.getMessage());
    assertEquals(
        "sweep",
        assertThrows(ConfigException.class, () -> SweepGrid.of(Map.of(), Map.of("beta", "0.1")))
            .field());
    assertTrue(
        assertThrows(
                ConfigException.class, () -> SweepGrid.of(Map.of(), Map.of("beta", "0.1,0.10")))
            .getMessage()
            .contains("listed twice"));
    // a cross-field rule is checked per cell, before anything runs
    e =
        assertThrows(
            ConfigException.class,
            () ->
                SweepGrid.of(
                    Map.of("method", "pabee"), Map.of("max-steps", "4,10", "patience", "6")));
    assertTrue(e.getMessage().contains("(in the cell cell-max-steps=4)"), e.getMessage());
  }

  @Test
  void stoppedAfterOneCellTheRerunSkipsItAndTrainsTheRest() throws Exception {
    Path out = tmp.resolve("sweep");
    List<String> ended = Collections.synchronizedList(new ArrayList<>());
    SweepRunner[] first = new SweepRunner[1];
    first[0] =
        new SweepRunner(
            grid(FIXED),
            out,
            1,
            new SweepRunner.Listener() {
              @Override
              public void cellEnded(SweepCell cell, SweepResult result) {
                ended.add(cell.name());
                first[0].stop();
              }
            });
    assertEquals(
        List.of(
            SweepRunner.Action.NEW,
            SweepRunner.Action.NEW,
            SweepRunner.Action.NEW,
            SweepRunner.Action.NEW),
        List.copyOf(first[0].plan().values()));
    List<SweepResult> partial = first[0].run(List.of("test"));
    assertEquals(List.of("cell-lambda-p=0.1_beta=0.01"), ended);
    assertEquals(
        List.of("finished", "pending", "pending", "pending"),
        partial.stream().map(SweepResult::status).toList());
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(
        "cell,lambda-p,beta,status,accuracy,mean_steps,iterations,wall_seconds", csv.get(0));
    assertTrue(
        csv.get(1)
            .matches(
                "cell-lambda-p=0\\.1_beta=0\\.01,0\\.1,0\\.01,finished,0\\.\\d{5},\\d\\.\\d{4},60,\\d+\\.\\d"),
        csv.get(1));
    assertEquals("cell-lambda-p=0.1_beta=0.1,0.1,0.1,pending,,,0,0.0", csv.get(2));
    assertEquals(5, csv.size());
    Path firstCell = out.resolve("cell-lambda-p=0.1_beta=0.01");
    Map<String, String> before = RunFixtures.checksums(firstCell);

    List<String> started = Collections.synchronizedList(new ArrayList<>());
    SweepRunner again =
        new SweepRunner(
            grid(FIXED),
            out,
            2,
            new SweepRunner.Listener() {
              @Override
              public void cellStarting(SweepCell cell, SweepRunner.Action action, long from) {
                started.add(cell.index() + ":" + action);
              }
            });
    assertEquals(
        List.of(
            SweepRunner.Action.SKIP,
            SweepRunner.Action.NEW,
            SweepRunner.Action.NEW,
            SweepRunner.Action.NEW),
        List.copyOf(again.plan().values()));
    List<SweepResult> all = again.run(List.of("test"));
    assertEquals(
        List.of("finished", "finished", "finished", "finished"),
        all.stream().map(SweepResult::status).toList());
    assertTrue(started.contains("0:SKIP"), started.toString());
    assertEquals(before, RunFixtures.checksums(firstCell), "the finished cell is not touched");
    assertEquals(partial.get(0).accuracy(), all.get(0).accuracy());
    for (SweepResult r : all) {
      assertEquals(60, r.iterations());
      SavedRun run = RunReader.open(out.resolve(r.cell().name()));
      assertEquals(r.accuracy(), run.last().accuracy());
      assertEquals(r.cell().config(), run.config());
    }
    // different cells really trained differently: β = 0.1 vs 0.01 gives a larger regulariser
    double reg001 =
        RunReader.open(out.resolve("cell-lambda-p=0.3_beta=0.01")).last().regularisationLoss();
    double reg01 =
        RunReader.open(out.resolve("cell-lambda-p=0.3_beta=0.1")).last().regularisationLoss();
    assertTrue(reg01 > reg001, reg01 + " vs " + reg001);
    assertEquals(5, Files.readAllLines(out.resolve("sweep.csv")).size());
  }

  @Test
  void aCellFolderHoldingOtherSettingsStopsTheSweepBeforeItStarts() throws Exception {
    Path out = tmp.resolve("sweep");
    SweepRunner first =
        new SweepRunner(
            SweepGrid.of(FIXED, Map.of("lambda-p", "0.1,0.3")),
            out,
            1,
            new SweepRunner.Listener() {});
    first.plan();
    first.run(List.of());
    Map<String, String> wider = new LinkedHashMap<>(FIXED);
    wider.put("hidden", "16");
    SweepRunner other =
        new SweepRunner(
            SweepGrid.of(wider, Map.of("lambda-p", "0.1,0.3")),
            out,
            1,
            new SweepRunner.Listener() {});
    Map<String, String> before = RunFixtures.checksums(out);
    RunFolderException e = assertThrows(RunFolderException.class, other::plan);
    assertEquals(RunFolderException.Problem.CANNOT_CONTINUE, e.problem());
    assertTrue(
        e.getMessage()
            .endsWith(
                "config.json: it holds a run with other settings (hidden 8 there, 16 here); "
                    + "use another --out, delete the cell's folder, or replace it with --overwrite"),
        e.getMessage());
    assertEquals(before, RunFixtures.checksums(out));
  }
}
