package org.ponderlab.core.run;

import java.io.IOException;
import java.util.List;

/**
 * Where a sweep's cells train when they do not train in this process's threads: a cluster, or an
 * embedded engine such as Spark's {@code local[N]}. The {@link SweepRunner} plans the sweep, keeps
 * sweep.csv and sweep.json, and hands the engine the cells that need training; the engine runs each
 * {@link SweepCellTask} wherever it likes (every worker must see the sweep folder) and reports.
 */
public interface SweepEngine extends AutoCloseable {
  /** Reports from the engine, on any thread (implementations synchronise). */
  interface Progress {
    /** A cell's task started on a worker (for a retried task: again). */
    void started(SweepCellTask task);

    /**
     * A cell's task ended: its run folder holds what it trained.
     *
     * @param failure null when the task returned; otherwise why the engine gave the cell up
     */
    void ended(SweepCellTask task, String failure);
  }

  /** Trains every task and returns when each has ended, or when {@link #stop()} was called. */
  void train(List<SweepCellTask> tasks, Progress progress) throws IOException, InterruptedException;

  /** Cancels the tasks: running cells stop after saving a last snapshot. Returns at once. */
  void stop();

  /** A short name for messages and sweep.json, e.g. {@code spark local[2]}. */
  String describe();

  @Override
  void close();
}
