package org.ponderlab.app.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.RunStatus;
import org.ponderlab.core.run.SavedRun;

/**
 * A real full disk: a 1 MiB tmpfs (mounting one needs root, as in this project's sandbox; elsewhere
 * the tests are skipped and the simulated full disk of the core's SnapshotUnitTest covers the same
 * paths). Issue 14, cases 8 and 11.
 */
@Timeout(120)
class FullDiskTest {
  @TempDir Path tmp;
  Path disk;
  boolean mounted;

  @BeforeEach
  void mount() throws Exception {
    disk = Files.createDirectories(tmp.resolve("disk"));
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
            .redirectErrorStream(true)
            .start();
    mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(
        mounted, "cannot mount a tmpfs here (not root): the simulated full disk covers this");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", disk.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** Fills the disk, leaving about {@code freeBytes}. */
  Path fill(long freeBytes) throws IOException {
    Path filler = disk.resolve("filler");
    long size = Files.getFileStore(disk).getUsableSpace() - freeBytes;
    try (var ch =
        java.nio.channels.FileChannel.open(
            filler,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(64 * 1024);
      for (long written = 0; written < size; ) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), size - written));
        written += ch.write(chunk);
      }
    }
    return filler;
  }

  static String[] train(Path out, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--iterations",
                "10",
                "--eval-every",
                "5",
                "--hidden",
                "64",
                "--max-steps",
                "6",
                "--batch",
                "32",
                "--validation-size",
                "128",
                "--seed",
                "3",
                "--quiet"));
    a.addAll(List.of(more));
    a.addAll(List.of("--out", out.toString()));
    return a.toArray(String[]::new);
  }

  Outcome child(String... args) throws Exception {
    Path log = tmp.resolve("child.log");
    Outcome o = Outcome.await(Outcome.start(log, args), log, 90);
    Files.delete(log);
    return o;
  }

  @Test
  void case11_aFullDiskBeforeConfigJsonIsOneLineAndTheSameCommandWorksOnceThereIsSpace()
      throws Exception {
    Path filler = fill(0);
    Path run = disk.resolve("run");
    child(train(run)).expect(1, "could not write the run folder", "No space left on device");
    Files.delete(filler);
    child(train(run)).expect(0);
    assertEquals(RunStatus.FINISHED, RunReader.open(run).status());
  }

  @Test
  void case8_aFullDiskAtTheFirstSnapshotLeavesARunThatResumesOnceThereIsSpace() throws Exception {
    // hidden 64: model.bin is about 60 KB, the rows before it a few KB; 40 KB free runs out in the
    // first snapshot
    Path filler = fill(40 * 1024);
    Path run = disk.resolve("run");
    Outcome failed = child(train(run));
    failed.expect(1, "No space left on device", "keeps everything recorded");
    SavedRun broken = RunReader.open(run);
    assertTrue(broken.checkpoint() == null, "no model.bin was written");
    Files.delete(filler);
    child("train", "--resume", run.toString(), "--quiet").expect(0);
    SavedRun done = RunReader.open(run);
    assertEquals(RunStatus.FINISHED, done.status());
    assertEquals(List.of(5L, 10L), done.snapshots().stream().map(s -> s.iteration()).toList());

    // the same numbers as a run that never met a full disk
    Path straight = tmp.resolve("straight");
    Outcome.of(train(straight)).expect(0);
    assertEquals(
        Files.readAllLines(straight.resolve("halting.csv")),
        Files.readAllLines(run.resolve("halting.csv")));
    assertTrue(
        java.util.Arrays.equals(
            RunReader.open(straight).finalParameters(), done.finalParameters()));
  }
}
