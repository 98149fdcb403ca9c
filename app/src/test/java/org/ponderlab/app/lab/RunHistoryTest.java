package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.Snapshot;

/** The history and counters from made-up snapshots and clock readings: no trainer, no window. */
class RunHistoryTest {
  static final long MS = 1_000_000L;
  final RunHistory history = new RunHistory();

  static Snapshot at(long iteration) {
    PonderRow row = new PonderRow(0, 1, new float[] {1, 0}, 1, 1, 2, new double[] {0.5, 0.5});
    return new Snapshot(
        iteration,
        iteration / 100.0,
        0.5,
        0.1,
        0.9,
        2.5,
        2.5,
        "sample",
        new int[] {1, 2},
        new double[] {0.5, 0.5},
        new double[] {0.5, 0.5},
        new double[] {0.8, 0.9},
        new double[] {0.9},
        new double[] {2.5},
        List.of(row),
        1.0,
        List.of());
  }

  @Test
  void snapshotsBeyondTheNewest500KeepTheirNumbersButDropTheirPonderRows() {
    List<Snapshot> all =
        LongStream.rangeClosed(1, RunHistory.FULL_SNAPSHOTS + 20)
            .mapToObj(RunHistoryTest::at)
            .toList();
    // in two polls, as a trainer publishes them
    history.update(1000 * MS, 300, all.subList(0, 300), true, false);
    history.update(2000 * MS, 520, all.subList(300, all.size()), true, false);
    assertEquals(520, history.snapshots().size());
    for (int i = 0; i < 520; i++) {
      Snapshot s = history.snapshots().get(i);
      assertEquals(i + 1, s.iteration());
      assertEquals(all.get(i).accuracy(), s.accuracy());
      assertEquals(i < 20 ? 0 : 1, s.ponderRows().size(), "snapshot " + (i + 1));
    }
    assertSame(all.get(519), history.getLatest());
  }

  @Test
  void theRateCountsTheLastSecondAndIsZeroWhenNotTraining() {
    history.update(1000 * MS, 0, List.of(), true, false);
    assertEquals(0.0, history.iterationsPerSecondProperty().get(), "one reading is no rate");
    history.update(1500 * MS, 40, List.of(), true, false);
    assertEquals(0.0, history.iterationsPerSecondProperty().get(), "not a full second yet");
    history.update(2250 * MS, 100, List.of(), true, false);
    assertEquals(100 / 1.25, history.iterationsPerSecondProperty().get(), 1e-9);
    history.update(2300 * MS, 104, List.of(), false, true);
    assertEquals(0.0, history.iterationsPerSecondProperty().get());
  }

  @Test
  void theCountersMoveAtMost5TimesASecondWhileTrainingAndTheClockOnlyRunsThen() {
    history.update(1000 * MS, 10, List.of(), true, false);
    assertEquals(10, history.getIteration());
    history.update(1100 * MS, 20, List.of(), true, false);
    assertEquals(10, history.getIteration(), "100 ms later: the counter waits");
    assertEquals(0.0, history.elapsedSecondsProperty().get());
    history.update(1150 * MS, 25, List.of(at(25)), true, false);
    assertEquals(25, history.getIteration(), "a snapshot shows at once");
    assertEquals(0.15, history.elapsedSecondsProperty().get(), 1e-9);
    history.update(1200 * MS, 30, List.of(), true, true);
    assertEquals(30, history.getIteration(), "a state change shows at once");
    // paused: the clock stands
    history.update(5000 * MS, 30, List.of(), false, false);
    history.update(6000 * MS, 30, List.of(), false, false);
    assertEquals(0.2, history.elapsedSecondsProperty().get(), 1e-9);
  }

  @Test
  void replayDropAfterAndClear() {
    long v = history.versionProperty().get();
    List<Snapshot> saved = new ArrayList<>(List.of(at(20), at(40), at(60)));
    history.replay(saved, 60, 12.5);
    assertEquals(3, history.snapshots().size());
    assertEquals(60, history.getIteration());
    assertEquals(12.5, history.elapsedSecondsProperty().get());
    assertTrue(history.versionProperty().get() > v);
    history.dropAfter(40);
    assertEquals(List.of(20L, 40L), history.snapshots().stream().map(Snapshot::iteration).toList());
    assertEquals(40, history.getLatest().iteration());
    history.clear();
    assertTrue(history.snapshots().isEmpty());
    assertNull(history.getLatest());
    assertEquals(0, history.getIteration());
    assertEquals(0.0, history.elapsedSecondsProperty().get());
  }
}
