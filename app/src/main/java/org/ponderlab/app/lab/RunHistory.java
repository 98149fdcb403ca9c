package org.ponderlab.app.lab;

import java.util.List;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.ponderlab.core.train.Snapshot;

/**
 * What the charts draw and the transport counts: every snapshot of the run (oldest first), the
 * newest one, the iteration counter, the training clock and the rate. The lab model feeds it what
 * the trainer published at each poll ({@link #update}); it never sees the trainer, so it is tested
 * with snapshots made up on the spot.
 *
 * <p>Two limits keep the window light: snapshots older than {@link #FULL_SNAPSHOTS} keep their
 * numbers but drop their ponder rows (memory), and the counters change at most every {@link
 * #COUNTER_INTERVAL_NANOS} while training (every changed frame costs a render).
 */
final class RunHistory {
  /** Snapshots older than this many keep their numbers but drop their ponder rows (memory). */
  static final int FULL_SNAPSHOTS = 500;

  /** The iteration counter and clock are published at most this often while training (5 Hz). */
  static final long COUNTER_INTERVAL_NANOS = 200_000_000L;

  /** The rate is the iterations of the last second or more. */
  static final long RATE_WINDOW_NANOS = 1_000_000_000L;

  private final ObservableList<Snapshot> snapshots = FXCollections.observableArrayList();
  private final ObservableList<Snapshot> snapshotsView =
      FXCollections.unmodifiableObservableList(snapshots);
  private final ReadOnlyObjectWrapper<Snapshot> latest = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();
  private final ReadOnlyLongWrapper iteration = new ReadOnlyLongWrapper();
  private final ReadOnlyDoubleWrapper elapsedSeconds = new ReadOnlyDoubleWrapper();
  private final ReadOnlyDoubleWrapper iterationsPerSecond = new ReadOnlyDoubleWrapper();
  private double elapsed;
  private long lastPollNanos;
  private long countersNanos;
  private long rateNanos;
  private long rateIteration;

  /**
   * Takes one poll's news: the trainer's iteration counter, the snapshots it published since the
   * last poll (added in one change) and whether it is training (the clock runs only then).
   *
   * @param somethingElseChanged the trainer changed state: show the counters now, not at the next 5
   *     Hz tick
   */
  void update(
      long nowNanos,
      long trainerIteration,
      List<Snapshot> fresh,
      boolean training,
      boolean somethingElseChanged) {
    long it = trainerIteration;
    if (training && lastPollNanos != 0) {
      elapsed += (nowNanos - lastPollNanos) / 1e9;
    }
    lastPollNanos = nowNanos;
    if (!fresh.isEmpty()) {
      it = Math.max(it, fresh.get(fresh.size() - 1).iteration());
    }
    if (!fresh.isEmpty()
        || somethingElseChanged
        || !training
        || nowNanos - countersNanos >= COUNTER_INTERVAL_NANOS) {
      countersNanos = nowNanos;
      iteration.set(it);
      elapsedSeconds.set(elapsed);
    }
    updateRate(nowNanos, it, training);
    if (!fresh.isEmpty()) {
      add(fresh);
    }
  }

  /** A poll with no run: only the clock's reference moves. */
  void idle(long nowNanos) {
    lastPollNanos = nowNanos;
  }

  /** A trainer starts (or continues): the clock and the rate start counting from its first poll. */
  void restartClock() {
    lastPollNanos = 0;
    rateNanos = 0;
  }

  private void updateRate(long nowNanos, long it, boolean training) {
    if (!training) {
      iterationsPerSecond.set(0);
      rateNanos = nowNanos;
      rateIteration = it;
      return;
    }
    if (rateNanos == 0) {
      rateNanos = nowNanos;
      rateIteration = it;
    } else if (nowNanos - rateNanos >= RATE_WINDOW_NANOS) {
      iterationsPerSecond.set((it - rateIteration) / ((nowNanos - rateNanos) / 1e9));
      rateNanos = nowNanos;
      rateIteration = it;
    }
  }

  private void add(List<Snapshot> fresh) {
    int before = snapshots.size();
    snapshots.addAll(fresh);
    for (int i = Math.max(0, before - FULL_SNAPSHOTS); i < snapshots.size() - FULL_SNAPSHOTS; i++) {
      Snapshot s = snapshots.get(i);
      if (!s.ponderRows().isEmpty()) {
        snapshots.set(i, withoutPonderRows(s));
      }
    }
    latest.set(fresh.get(fresh.size() - 1));
    changed();
  }

  /**
   * An evaluation of the trained model under another rule or q (nothing trained): one more snapshot
   * of the same iteration, drawn like the others.
   */
  void addEvaluation(Snapshot evaluation) {
    add(List.of(evaluation));
  }

  static Snapshot withoutPonderRows(Snapshot s) {
    return s.withoutPonderRows(); // keeps its DifficultyStats (unseen range, spread)
  }

  /** Empty, counters at zero (Reset). */
  void clear() {
    snapshots.clear();
    latest.set(null);
    changed();
    iteration.set(0);
    iterationsPerSecond.set(0);
    elapsed = 0;
    elapsedSeconds.set(0);
  }

  /** Shows a saved run's history as it was saved: its snapshots, iteration and training time. */
  void replay(List<Snapshot> saved, long savedIteration, double wallSeconds) {
    snapshots.setAll(saved);
    latest.set(saved.isEmpty() ? null : saved.get(saved.size() - 1));
    changed();
    iteration.set(savedIteration);
    elapsed = wallSeconds;
    elapsedSeconds.set(elapsed);
  }

  /**
   * Drops the snapshots after {@code iteration} (a killed session's rows, which the resumed run
   * retrains).
   */
  void dropAfter(long lastKept) {
    snapshots.removeIf(s -> s.iteration() > lastKept);
    latest.set(snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1));
    changed();
  }

  private void changed() {
    version.set(version.get() + 1);
  }

  /** Every snapshot of the run so far, oldest first (unmodifiable). */
  public ObservableList<Snapshot> snapshots() {
    return snapshotsView;
  }

  public ReadOnlyObjectProperty<Snapshot> latestProperty() {
    return latest.getReadOnlyProperty();
  }

  public Snapshot getLatest() {
    return latest.get();
  }

  /**
   * Increases whenever the history changes (new snapshots, reset, a run opened); charts redraw when
   * it moves.
   */
  public ReadOnlyLongProperty versionProperty() {
    return version.getReadOnlyProperty();
  }

  public ReadOnlyLongProperty iterationProperty() {
    return iteration.getReadOnlyProperty();
  }

  public long getIteration() {
    return iteration.get();
  }

  /** Wall time spent training (paused time excluded). */
  public ReadOnlyDoubleProperty elapsedSecondsProperty() {
    return elapsedSeconds.getReadOnlyProperty();
  }

  /** Training iterations per second over the last second (0 while not training). */
  public ReadOnlyDoubleProperty iterationsPerSecondProperty() {
    return iterationsPerSecond.getReadOnlyProperty();
  }
}
