package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunFixtures.Recorder;
import org.ponderlab.core.train.TrainerState;

/**
 * A snapshot is a unit: whichever file a full disk refuses (simulated here at each file in turn;
 * the app's FullDiskTest fills a real tmpfs), the folder keeps its last complete snapshot, and the
 * run continues from it, once there is space, to the numbers of a run that never failed.
 */
class SnapshotUnitTest {
  @TempDir Path tmp;

  @AfterEach
  void diskHasSpaceAgain() {
    AtomicFiles.simulatedFullDisk = target -> false;
  }

  /** The disk is full from the {@code nth} write of {@code name} on. */
  static Predicate<Path> fullAt(String name, int nth) {
    AtomicInteger writes = new AtomicInteger();
    return target ->
        target.getFileName().toString().equals(name) && writes.incrementAndGet() >= nth;
  }

  SavedRun failThenResume(String name, Predicate<Path> full, int snapshotsKept) throws Exception {
    Path dir = tmp.resolve(name);
    AtomicFiles.simulatedFullDisk = full;
    RunSession session =
        RunSession.create(dir, RunFixtures.small(200), List.of("test"), new Recorder());
    assertEquals(TrainerState.FAILED, session.start().await(i -> {}, 50));
    assertTrue(session.endMessage().contains("No space left on device"), session.endMessage());
    assertFalse(session.endMessage().contains("Exception"), session.endMessage());
    AtomicFiles.simulatedFullDisk = target -> false;
    SavedRun broken = RunReader.open(dir);
    assertEquals(snapshotsKept, broken.snapshots().size());
    RunSession resumed = RunSession.resume(broken, null, Map.of(), List.of("test"), new Recorder());
    assertEquals(TrainerState.FINISHED, resumed.start().await(i -> {}, 50));
    return RunReader.open(dir);
  }

  @Test
  void aFullDiskAtAnyFileOfASnapshotLeavesTheRunResumableToTheSameNumbers() throws Exception {
    Path straight = tmp.resolve("straight");
    RunFixtures.train(straight, RunFixtures.small(200), new Recorder());
    SavedRun expected = RunReader.open(straight);
    // the first model.bin (the case the issue found: a metrics row with no model, never resumable)
    SavedRun first = failThenResume("model-first", fullAt(RunFolder.MODEL, 1), 1);
    // a later model.bin, metrics.csv, halting.csv, a ponder file
    SavedRun laterModel = failThenResume("model-later", fullAt(RunFolder.MODEL, 2), 2);
    SavedRun metrics = failThenResume("metrics", fullAt(RunFolder.METRICS, 3), 1);
    SavedRun halting = failThenResume("halting", fullAt(RunFolder.HALTING, 3), 1);
    SavedRun ponder = failThenResume("ponder", fullAt("000000100.csv", 1), 1);
    for (SavedRun run : List.of(first, laterModel, metrics, halting, ponder)) {
      assertEquals(RunStatus.FINISHED, run.status());
      assertEquals(
          expected.snapshots().stream().map(s -> s.iteration()).toList(),
          run.snapshots().stream().map(s -> s.iteration()).toList(),
          run.folder().toString());
      assertEquals(
          Files.readAllLines(straight.resolve(RunFolder.HALTING)),
          Files.readAllLines(run.folder().resolve(RunFolder.HALTING)));
      assertArrayEquals(expected.finalParameters(), run.finalParameters());
    }
  }

  @Test
  void aFullDiskBeforeConfigJsonLeavesAFolderTheSameCommandCanUseAgain() throws Exception {
    Path dir = tmp.resolve("run");
    AtomicFiles.simulatedFullDisk = fullAt(RunFolder.CONFIG, 1);
    IOException e =
        assertThrows(
            IOException.class,
            () -> RunSession.create(dir, RunFixtures.small(50), List.of("test"), new Recorder()));
    assertTrue(e.getMessage().contains("No space left"), e.getMessage());
    assertEquals(RunFolder.Kind.EMPTY, RunFolder.kind(dir));
    AtomicFiles.simulatedFullDisk = target -> false;
    assertEquals(
        TrainerState.FINISHED, RunFixtures.train(dir, RunFixtures.small(50), new Recorder()));
  }

  @Test
  void aFinishedRunWhoseModelWasRemovedIsStillRefusedRatherThanRetrained() throws Exception {
    Path dir = tmp.resolve("run");
    RunFixtures.train(dir, RunFixtures.small(100), new Recorder());
    Files.delete(dir.resolve(RunFolder.MODEL));
    Map<String, String> before = RunFixtures.checksums(dir);
    RunFolderException e =
        assertThrows(
            RunFolderException.class,
            () ->
                RunSession.resume(
                    RunReader.open(dir), 200, Map.of(), List.of("test"), new Recorder()));
    assertEquals(RunFolderException.Problem.CANNOT_CONTINUE, e.problem());
    assertEquals(before, RunFixtures.checksums(dir));
  }
}
