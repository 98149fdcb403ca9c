package org.ponderlab.app.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.FolderLock;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.RunStatus;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.run.SweepCell;
import org.ponderlab.core.run.SweepGrid;

/**
 * Issue 14, the write side, as a careless user (and a hostile file) would try it: every case runs
 * the real command on real files and checks a clear message, the exit status, no stack trace, no
 * hang (each test has a time limit), and that every file that existed before is byte-identical
 * after ({@link FileTree}). The numbers in the names are the issue's.
 */
@Timeout(value = 120)
class CarelessUserTest {
  @TempDir Path tmp;

  static final String[] SMALL = {
    "--eval-every",
    "5",
    "--hidden",
    "8",
    "--max-steps",
    "6",
    "--batch",
    "32",
    "--validation-size",
    "128",
    "--seed",
    "3",
    "--quiet"
  };

  static String[] train(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("train"));
    a.addAll(List.of(SMALL));
    if (!List.of(more).contains("--iterations")) {
      a.addAll(List.of("--iterations", "10"));
    }
    a.addAll(List.of(more));
    a.addAll(List.of("--out", out.toString()));
    return a.toArray(String[]::new);
  }

  /** A finished small run in {@code tmp/name}. */
  Path run(String name) {
    Path dir = tmp.resolve(name);
    Outcome.of(train(dir)).expect(0);
    return dir;
  }

  // ---- 1: train --out never replaces what it did not make, or a run without --overwrite ----

  @Test
  void case1_aUsersOwnFolderWithAConfigJsonIsRefusedEvenWithOverwrite() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("config.json"), "{\"my\": \"settings\"}");
    Files.write(project.resolve("model.bin"), new byte[] {1, 2, 3});
    Files.writeString(project.resolve("metrics.csv"), "week,sales\n1,10\n");
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of(train(project)).expect(2, "--out", "not a PonderLab run folder");
    Outcome.of(train(project, "--overwrite")).expect(2, "--out", "not a PonderLab run folder");
    assertEquals(before, FileTree.of(tmp));
  }

  @Test
  void case1_retypingTheCommandNeverDestroysARunAndOverwriteReplacesOnlyItsFiles()
      throws Exception {
    Path dir = run("p1");
    Files.writeString(dir.resolve("notes.txt"), "what I saw");
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of(train(dir)).expect(2, "--out", "already holds a finished run", "--overwrite");
    assertEquals(before, FileTree.of(tmp));

    String started = Files.readString(dir.resolve("config.json"));
    Outcome.of(train(dir, "--overwrite", "--beta", "0.02")).expect(0);
    assertNotEquals(started, Files.readString(dir.resolve("config.json")));
    assertEquals(
        before.get("p1/notes.txt"),
        FileTree.of(tmp).get("p1/notes.txt"),
        "a file the user added stays");
    assertEquals(RunStatus.FINISHED, RunReader.open(dir).status());
    assertEquals("0.02", RunReader.open(dir).config().toText().get("beta"));
  }

  @Test
  void case1_overwriteAlsoDropsTheEvaluationsOfTheReplacedModelButNotTheUsersFiles()
      throws Exception {
    Path dir = run("p2");
    Outcome.of("evaluate", dir.toString(), "--eval-rule", "expectation").expect(0);
    Path evaluations = dir.resolve("evaluations");
    assertTrue(Files.isRegularFile(evaluations.resolve("expectation.json")));
    Files.writeString(evaluations.resolve("my-notes.txt"), "kept");
    Outcome.of(train(dir, "--overwrite", "--beta", "0.02")).expect(0);
    assertFalse(
        Files.exists(evaluations.resolve("expectation.json")),
        "an evaluation of the replaced model is gone");
    assertEquals("kept", Files.readString(evaluations.resolve("my-notes.txt")));
  }

  @Test
  void case5_aSymlinkedEvaluationsFolderIsRefusedAndNothingOutsideIsWritten() throws Exception {
    Path dir = run("e");
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(dir.resolve("evaluations"), outside);
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of("evaluate", dir.toString(), "--eval-rule", "expectation")
        .expect(1, "evaluations", "symbolic link");
    Outcome.of(train(dir, "--overwrite")).expect(1, "symbolic link");
    assertEquals(before, FileTree.of(tmp));
  }

  @Test
  void case1_aRunFromBeforeTheMarkerStillResumesGetsTheMarkerAndIsNotReplaced() throws Exception {
    Path dir = run("older");
    Files.delete(dir.resolve(".ponderlab-run")); // as written by an earlier build
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of(train(dir)).expect(2, "already holds");
    assertEquals(before, FileTree.of(tmp));
    Outcome.of("train", "--resume", dir.toString(), "--more", "5", "--quiet").expect(0);
    assertTrue(Files.isRegularFile(dir.resolve(".ponderlab-run")));
    assertEquals(15, RunReader.open(dir).iteration());
  }

  @Test
  void runFilesGetOrdinaryPermissionsNotOwnerOnly() throws Exception {
    Path dir = run("perm");
    String ordinary =
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(Files.createFile(tmp.resolve("ref"))));
    for (String f :
        List.of(
            "config.json",
            "metrics.csv",
            "model.bin",
            "status.json",
            "summary.json",
            "ponder/inputs.csv")) {
      assertEquals(
          ordinary,
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))),
          f);
    }
    assertTrue(Files.getPosixFilePermissions(dir.resolve("metrics.csv")).size() > 2, "not 0600");
  }

  // ---- 2: outputs never land on inputs; the format follows the extension ----

  @Test
  void case2_exportAndPlotIntoARunFolderAreRefusedAndTheRunStaysOpenable() throws Exception {
    Path dir = run("r");
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of("export", dir.toString(), "--out", dir.resolve("metrics.csv").toString())
        .expect(2, "inside the run folder");
    Outcome.of(
            "export", dir.toString(), "--out", dir.resolve("metrics.csv").toString(), "--overwrite")
        .expect(2, "inside the run folder");
    Outcome.of("export", dir.toString(), "--out", dir.resolve("ponder/all.csv").toString())
        .expect(2, "inside the run folder");
    Outcome.of("plot", dir.toString(), "--out", dir.resolve("model.bin").toString())
        .expect(2, ".png or .svg");
    Outcome.of("plot", dir.toString(), "--out", dir.resolve("curves.png").toString(), "--overwrite")
        .expect(2, "inside the run folder");
    assertEquals(before, FileTree.of(tmp));
    assertEquals(RunStatus.FINISHED, RunReader.open(dir).status());
  }

  @Test
  void case2_plotWritesTheFormatItsExtensionNamesAndRefusesOthers() throws Exception {
    Path dir = run("r");
    Path out = Files.createDirectories(tmp.resolve("figs"));
    Outcome.of("plot", dir.toString(), "--out", out.resolve("c.svg").toString()).expect(0);
    assertTrue(Files.readString(out.resolve("c.svg")).contains("<svg"), "an SVG document");
    Outcome.of("plot", dir.toString(), "--out", out.resolve("c.PNG").toString()).expect(0);
    byte[] png = Files.readAllBytes(out.resolve("c.PNG"));
    assertEquals(
        List.of((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G'),
        List.of(png[0], png[1], png[2], png[3]));
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of("plot", dir.toString(), "--out", out.resolve("c.jpg").toString())
        .expect(2, "--out", ".png or .svg");
    Outcome.of("export", dir.toString(), "--out", out.resolve("all.txt").toString())
        .expect(2, "--out", ".csv");
    assertEquals(before, FileTree.of(tmp));
  }

  @Test
  void case2_anExistingFileIsReplacedOnlyWithOverwriteAndNoFolderIsCreated() throws Exception {
    Path dir = run("r");
    Path csv = Files.writeString(tmp.resolve("all.csv"), "my own table\n");
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of("export", dir.toString(), "--out", csv.toString())
        .expect(2, "exists", "--overwrite");
    Outcome.of("plot", dir.toString(), "--out", tmp.resolve("no/such/folder/c.png").toString())
        .expect(2, "does not exist");
    Outcome.of("export", dir.toString(), "--out", tmp.resolve("no/such/all.csv").toString())
        .expect(2, "does not exist");
    assertEquals(before, FileTree.of(tmp));
    Outcome.of("export", dir.toString(), "--out", csv.toString(), "--overwrite").expect(0);
    assertTrue(Files.readString(csv).startsWith("run,iteration,metric,value"));
  }

  // ---- 3: one writer per folder, across processes ----

  @Test
  void case3_aFolderInUseIsRefusedNamingItsOwner() throws Exception {
    Path dir = run("r");
    Map<String, String> before;
    try (FolderLock held = FolderLock.acquire(dir)) {
      before = FileTree.of(tmp);
      Path log = tmp.resolve("child.log");
      Outcome child =
          Outcome.await(
              Outcome.start(log, "train", "--resume", dir.toString(), "--more", "5", "--quiet"),
              log,
              60);
      child.expect(
          2, "in use by another PonderLab run", "process " + ProcessHandle.current().pid());
      Files.delete(log);
      Outcome.of(train(dir, "--overwrite")).expect(2, "in use");
      assertEquals(before, FileTree.of(tmp));
    }
  }

  @Test
  void case3_twoTrainsOnOneNewFolderTwoResumesOfOneRunAndAResumeRacingATrain() throws Exception {
    // two trains on one new folder: exactly one trains; the other is told the folder is taken
    Path fresh = tmp.resolve("fresh");
    List<Outcome> both =
        race(train(fresh, "--iterations", "30"), train(fresh, "--iterations", "30"));
    assertEquals(
        List.of(0, 2), both.stream().map(Outcome::status).sorted().toList(), both.toString());
    both.forEach(Outcome::noTrace);
    assertTrue(
        both.stream()
            .anyMatch(
                o ->
                    o.output().contains("in use")
                        || o.output().contains("already holds")
                        || o.output().contains("being trained there right now")),
        both.toString());
    SavedRun won = RunReader.open(fresh);
    assertEquals(RunStatus.FINISHED, won.status());
    assertEquals(
        List.of(5L, 10L, 15L, 20L, 25L, 30L),
        won.snapshots().stream().map(s -> s.iteration()).toList());

    // two resumes of one run: one continues; the other is refused (in use, or the total is reached)
    List<Outcome> resumes =
        race(
            new String[] {"train", "--resume", fresh.toString(), "--iterations", "60", "--quiet"},
            new String[] {"train", "--resume", fresh.toString(), "--iterations", "60", "--quiet"});
    assertEquals(
        List.of(0, 2), resumes.stream().map(Outcome::status).sorted().toList(), resumes.toString());
    resumes.forEach(Outcome::noTrace);
    SavedRun resumed = RunReader.open(fresh);
    assertEquals(60, resumed.iteration());
    assertEquals(12, resumed.snapshots().size(), "every snapshot once");

    // a retyped train while another process resumes the run: the train never replaces it
    Path log = tmp.resolve("resume.log");
    Process resuming =
        Outcome.start(log, "train", "--resume", fresh.toString(), "--iterations", "80", "--quiet");
    Outcome.of(train(fresh, "--iterations", "30")).expect(2, "--out");
    Outcome.await(resuming, log, 90).expect(0);
    assertEquals(80, RunReader.open(fresh).iteration());
    assertEquals(16, RunReader.open(fresh).snapshots().size());
  }

  /** Starts two commands as child processes at once and waits for both. */
  List<Outcome> race(String[] a, String[] b) throws Exception {
    Path la = Files.createTempFile(tmp, "a", ".log");
    Path lb = Files.createTempFile(tmp, "b", ".log");
    Process pa = Outcome.start(la, a);
    Process pb = Outcome.start(lb, b);
    List<Outcome> out = List.of(Outcome.await(pa, la, 90), Outcome.await(pb, lb, 90));
    Files.delete(la);
    Files.delete(lb);
    return out;
  }

  // ---- 4: a sweep writes only into a new, empty or its own folder ----

  @Test
  void case4_sweepRefusesAForeignFolderARunFolderAndAnotherSweepsTablesWithoutOverwrite()
      throws Exception {
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("sweep.csv"), "my,own\n");
    Files.writeString(mine.resolve("heatmap-accuracy.png"), "not a chart");
    Path runDir = run("r");
    Path sweep = tmp.resolve("sweep");
    String[] first = sweep(sweep, "0.2,0.4");
    Outcome.of(first).expect(0);
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of(sweep(mine, "0.2,0.4")).expect(2, "--out", "not a PonderLab sweep folder");
    Outcome.of(sweep(mine, "0.2,0.4", "--overwrite"))
        .expect(2, "--out", "not a PonderLab sweep folder");
    Outcome.of(sweep(runDir, "0.2,0.4")).expect(2, "--out", "not a PonderLab sweep folder");
    Outcome.of(sweep(sweep, "0.3,0.5")).expect(2, "--out", "another sweep", "--overwrite");
    assertEquals(before, FileTree.of(tmp));
    Outcome.of(first)
        .expect(0, "2 of 2 cells finished"); // the same sweep again: continues (here: done)
    Outcome.of(sweep(sweep, "0.3,0.5", "--overwrite")).expect(0);
    assertTrue(Files.readString(sweep.resolve("sweep.csv")).contains("lambda-p=0.5"));
    assertEquals(
        before.get("sweep/cell-lambda-p=0.2/model.bin"),
        FileTree.of(tmp).get("sweep/cell-lambda-p=0.2/model.bin"),
        "the earlier sweep's cells stay");
  }

  static String[] sweep(Path out, String lambdas, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of("sweep", "--no-charts", "--lambda-p", lambdas, "--iterations", "10"));
    a.addAll(List.of(SMALL));
    a.addAll(List.of(more));
    a.addAll(List.of("--out", out.toString()));
    return a.toArray(String[]::new);
  }

  // ---- 5: a symbolic link inside a run folder never leads a write or delete outside it ----

  @Test
  void case5_aSymlinkedPonderFolderIsRefusedAndNothingOutsideIsTouched() throws Exception {
    Path dir = run("r");
    // the user moved ponder/ elsewhere and linked it back; a file of someone else's sits there too
    Path ponder = dir.resolve("ponder");
    Path outside = tmp.resolve("outside");
    Files.move(ponder, outside);
    Files.createSymbolicLink(ponder, outside);
    Files.writeString(
        outside.resolve("000000099.csv"), "someone else's file, named like a later snapshot's");
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of("train", "--resume", dir.toString(), "--more", "5", "--quiet")
        .expect(1, "ponder", "symbolic link");
    Outcome.of(train(dir, "--overwrite")).expect(1, "symbolic link");
    assertEquals(before, FileTree.of(tmp));
    assertTrue(Files.isSymbolicLink(ponder));
  }

  // ---- 7: presets --save never replaces a preset of yours without --overwrite ----

  @Test
  void case7_savingAPresetRefusesAnExistingOneStripsJsonAndLabelsItsErrors() throws Exception {
    Path presets = Files.createDirectories(tmp.resolve("presets"));
    String old = System.getProperty("ponderlab.user.presets");
    System.setProperty("ponderlab.user.presets", presets.toString());
    try {
      Outcome.of("presets", "--save", "mine", "--beta", "0.03").expect(0);
      Map<String, String> before = FileTree.of(tmp);
      Outcome.of("presets", "--save", "mine", "--beta", "0.05")
          .expect(2, "--save", "already have a preset", "--overwrite");
      Outcome.of("presets", "--save", "bad/name").expect(2, "--save");
      assertEquals(before, FileTree.of(tmp));
      Outcome.of("presets", "--save", "mine", "--beta", "0.05", "--overwrite").expect(0);
      assertTrue(Files.readString(presets.resolve("mine.json")).contains("0.05"));
      Outcome.of("presets", "--save", "x.json").expect(0, "saved x in");
      assertTrue(Files.isRegularFile(presets.resolve("x.json")));
      assertFalse(Files.exists(presets.resolve("x.json.json")));
    } finally {
      if (old == null) {
        System.clearProperty("ponderlab.user.presets");
      } else {
        System.setProperty("ponderlab.user.presets", old);
      }
    }
  }

  // ---- 9: sweep cells and compared methods never share a folder ----

  @Test
  void case9_sweepCellNamesAreDistinctAndShortAndCompareRefusesAMethodTwice() throws Exception {
    SweepGrid grid = SweepGrid.of(Map.of("task", "mnist"), Map.of("data", "x/y,x_y,x?y"));
    List<String> names = grid.cells().stream().map(SweepCell::name).toList();
    assertEquals(3, Set.copyOf(names).size(), names.toString());
    String longValue = "d".repeat(300);
    SweepGrid longGrid =
        SweepGrid.of(Map.of("task", "mnist"), Map.of("data", longValue + "1," + longValue + "2"));
    List<String> longNames = longGrid.cells().stream().map(SweepCell::name).toList();
    assertEquals(2, Set.copyOf(longNames).size());
    longNames.forEach(n -> assertTrue(n.getBytes(StandardCharsets.UTF_8).length <= 160, n));
    assertEquals(
        longNames,
        SweepGrid.of(Map.of("task", "mnist"), Map.of("data", longValue + "1," + longValue + "2"))
            .cells()
            .stream()
            .map(SweepCell::name)
            .toList(),
        "the same names every time");

    Path out = tmp.resolve("cmp");
    Outcome.of(
            "compare",
            "--methods",
            "act,act",
            "--parallel",
            "2",
            "--iterations",
            "10",
            "--out",
            out.toString())
        .expect(2, "--methods", "act twice");
    Outcome.of("compare", "--methods", "act,ACT", "--iterations", "10", "--out", out.toString())
        .expect(2, "twice");
    assertFalse(Files.exists(out));
  }

  // ---- 11: file-system errors outside training are one clear line ----

  @Test
  void case11_badTargetsAreOneClearLine() throws Exception {
    Path dir = run("r");
    Path file = Files.writeString(tmp.resolve("afile.txt"), "text");
    Map<String, String> before = FileTree.of(tmp);
    Outcome.of(train(file.resolve("run"))).expect(2, "--out", "is a file, not a folder");
    Outcome.of(train(file)).expect(2, "--out", "not a folder");
    Outcome.of("export", dir.toString(), "--out", tmp.toString())
        .expect(2, "--out", "it is a folder");
    Path folderNamedCsv = Files.createDirectories(tmp.resolve("t.csv"));
    before = FileTree.of(tmp);
    Outcome.of("export", dir.toString(), "--out", folderNamedCsv.toString())
        .expect(2, "it is a folder");
    Outcome.of("plot", dir.toString(), "--out", tmp.resolve("figs.png").toString()).expect(0);
    Files.delete(tmp.resolve("figs.png"));
    Path folderNamedPng = Files.createDirectories(tmp.resolve("f.png"));
    before = FileTree.of(tmp);
    Outcome.of("plot", dir.toString(), "--out", folderNamedPng.toString())
        .expect(2, "it is a folder");
    String longName = "n".repeat(300);
    Outcome.of(train(tmp.resolve(longName))).expect(2, "--out", "bytes long");
    Outcome.of("export", dir.toString(), "--out", tmp.resolve(longName + ".csv").toString())
        .expect(2, "bytes long");
    Outcome.of(sweep(tmp.resolve(longName), "0.2,0.4")).expect(2, "bytes long");
    assertEquals(before, FileTree.of(tmp));
    // a place nobody may write, root included
    Outcome.of(train(Path.of("/sys/ponderlab-test/run")))
        .expect(1, "could not write the run folder");
    Outcome.of("export", dir.toString(), "--out", "/sys/ponderlab-test.csv")
        .expect(1, "could not write");
    assertFalse(Files.exists(Path.of("/sys/ponderlab-test"), LinkOption.NOFOLLOW_LINKS));
  }

  static String sorted(Map<String, String> m) {
    return m.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
