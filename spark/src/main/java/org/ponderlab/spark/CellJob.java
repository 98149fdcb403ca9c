package org.ponderlab.spark;

import org.apache.spark.api.java.function.Function;
import org.ponderlab.core.run.SweepCellTask;

/**
 * What a Spark task does with its cell, on an executor: trains it into its run folder in the shared
 * sweep folder and returns the run's status. An exception fails the task, which Spark retries (up
 * to spark.task.maxFailures) and the driver reports.
 */
final class CellJob implements Function<SweepCellTask, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String call(SweepCellTask task) throws Exception {
    Quiet.logging();
    return task.train();
  }
}
