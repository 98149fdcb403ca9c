package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.cli.TrainCommandTest.Result;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;

/**
 * A Hyper-UT run saved by a build that generated only the MLP's weights (W_q, W_k, W_v, W_o plain)
 * holds fewer parameters than today's Hyper-UT builds for the same settings. Continuing or
 * evaluating it is refused with exit 2 and a message that says so, before anything is written; its
 * history still opens.
 *
 * <p>The counts, by hand, for the settings below (d 8, MLP m 32, pool M 3, module width e = max(4,
 * d/2) = 4, L = K = 10 classes, N 3). A hyper-module generating [in, out] has keys and values 2·M·e
 * = 24, a router d·e = 32 and a generator (e + 1)·in·out:
 *
 * <pre>
 * embeddings: token 10·8 + position 10·8 + step 3·8                                   = 184
 * block, today: LNs 4·8 = 32; Q, K, V, O modules 4·(24 + 32 + 5·64) = 4·376 = 1,504; their
 *   biases 32; MLP modules 2·(24 + 32 + 5·256) = 2·1,336 = 2,672; b₁ 32, b₂ 8          = 4,280
 * block, earlier: Q, K, V, O plain 4·8·8 = 256 instead of 1,504                      = 3,032
 * final LN 16; head 8·10 + 10 + 8 + 1 = 99                                           = 115
 * today 184 + 4,280 + 115 = 4,579; earlier 184 + 3,032 + 115 = 3,331
 * </pre>
 *
 * Mutation seen failing (run once, then reverted): {@code EarlierLayouts.explain} returning null
 * (no earlier layout known) makes the resume exit 1 with "it holds 3331 parameters but the run's
 * settings make a network of 4579 (it belongs to another run, or is damaged)".
 */
class EarlierHyperUtRunTest {
  @TempDir Path tmp;

  static final int TODAY = 4_579;
  static final int EARLIER = 3_331;

  @Test
  void anEarlierHyperUtRunIsRefusedWithItsReasonAndNothingChanges() throws Exception {
    Path run = tmp.resolve("run");
    Result trained =
        TrainCommandTest.run(
            "train",
            "--task",
            "cpvr",
            "--model",
            "hyper-ut",
            "--method",
            "pondernet",
            "--list-length",
            "10",
            "--model-dim",
            "8",
            "--heads",
            "2",
            "--max-steps",
            "3",
            "--pool-size",
            "3",
            "--train-hops",
            "2",
            "--batch",
            "8",
            "--iterations",
            "4",
            "--eval-every",
            "4",
            "--validation-size",
            "18",
            "--seed",
            "1",
            "--out",
            run.toString());
    assertEquals(0, trained.status(), trained.err());
    assertEquals(TODAY, RunReader.open(run).finalParameters().length);

    // the model.bin the earlier build wrote: same header, arrays of the earlier count
    writeModelWithCount(run.resolve("model.bin"), EARLIER);
    Map<String, String> before = SweepCommandTest.checksums(run);

    Result resumed = TrainCommandTest.run("train", "--resume", run.toString(), "--more", "4");
    assertEquals(2, resumed.status(), resumed.err());
    String expected =
        "error: run folder "
            + run
            + ", model.bin: it holds 3331 parameters: the Hyper-UT of earlier PonderLab builds,"
            + " which generated only the MLP's weights";
    assertTrue(resumed.err().startsWith(expected), resumed.err());
    assertTrue(resumed.err().contains("a network of 4579 parameters"), resumed.err());
    assertFalse(resumed.err().contains("Exception") || resumed.err().contains("\tat "));

    Result evaluated = TrainCommandTest.run("evaluate", run.toString(), "--eval-rule", "sample");
    assertEquals(2, evaluated.status(), evaluated.err());
    assertTrue(evaluated.err().startsWith(expected), evaluated.err());

    assertEquals(before, SweepCommandTest.checksums(run), "nothing in the folder changed");
    SavedRun history = RunReader.openHistory(run);
    assertEquals(4, history.iteration());
    assertTrue(history.snapshots().size() >= 1);
  }

  /** Rewrites model.bin (format 1) with {@code count} parameters, keeping its header's fields. */
  private static void writeModelWithCount(Path file, int count) throws Exception {
    ByteBuffer old = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int state = old.getInt(44);
    ByteBuffer b =
        ByteBuffer.allocate(48 + 12 * count + 8 * state + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put(old.array(), 0, 48);
    b.putInt(36, count);
    b.position(48 + 12 * count);
    for (int i = 0; i < state; i++) {
      b.putDouble(0.0);
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    Files.write(file, b.array());
  }
}
