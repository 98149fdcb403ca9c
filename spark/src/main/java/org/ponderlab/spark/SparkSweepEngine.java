package org.ponderlab.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.ponderlab.core.run.SweepCellTask;
import org.ponderlab.core.run.SweepEngine;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Trains a sweep's cells as Apache Spark tasks: each cell is a one-task Spark job (so cells start
 * and end independently, and the driver writes sweep.csv after each), in its own job group, run by
 * {@link CellJob} on an executor. Spark's scheduler hands the tasks to free cores (local[N]: N
 * threads of this process; spark://…: the cluster's executors) and retries a task whose executor is
 * lost; the retried attempt continues what the lost one saved ({@link SweepCellTask#train()}).
 *
 * <p>Executors get this process's class path ({@code spark.executor.extraClassPath}), so PonderLab
 * must sit at the same path on every worker, as the sweep folder must (README "Sweeps on a
 * cluster"). Settings given with {@code --spark-conf} override the defaults here.
 */
public final class SparkSweepEngine implements SweepEngine {
  /** Job groups of this engine: {@code ponderlab-cell-<index>}. */
  static final String GROUP = "ponderlab-cell-";

  /** Options of every executor JVM besides Spark's own module flags (which Spark adds itself). */
  static final String EXECUTOR_JAVA_OPTIONS =
      "--add-modules jdk.incubator.vector"
          + " -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G";

  /** How long a stopping sweep waits for a cancelled cell to save its last snapshot. */
  static final long STOP_WAIT_MILLIS = 20_000;

  private final String master;
  private final JavaSparkContext spark;
  private volatile boolean stopping;

  /**
   * Starts Spark's driver in this process (connecting to the cluster for a spark:// master).
   *
   * @param master local[N], local[N,F] or spark://HOST:PORT (checked by the command line)
   * @param overrides Spark settings given by the user, applied last
   */
  public SparkSweepEngine(String master, Map<String, String> overrides) {
    this.master = master;
    Quiet.logging();
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName("ponderlab sweep")
            .setIfMissing("spark.ui.enabled", "false")
            .setIfMissing("spark.ui.showConsoleProgress", "false")
            .setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .setIfMissing("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS)
            // a training cell is one long task: one core each, and no speculative second copy
            .setIfMissing("spark.task.cpus", "1")
            .setIfMissing("spark.speculation", "false");
    overrides.forEach(conf::set);
    this.spark = new JavaSparkContext(conf);
    spark.setLogLevel("ERROR");
  }

  @Override
  public void train(List<SweepCellTask> tasks, Progress progress) throws InterruptedException {
    ExecutorService submitters =
        Executors.newFixedThreadPool(
            Math.min(tasks.size(), 256),
            r -> {
              Thread t = new Thread(r, "ponderlab-spark-cell");
              t.setDaemon(true);
              return t;
            });
    StartWatcher watcher = new StartWatcher(tasks, progress);
    spark.sc().addSparkListener(watcher);
    List<Future<?>> jobs = new ArrayList<>();
    try {
      for (SweepCellTask task : tasks) {
        jobs.add(submitters.submit(() -> runCell(task, progress, watcher)));
      }
      for (Future<?> job : jobs) {
        try {
          job.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a Spark cell job failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      spark.sc().removeSparkListener(watcher);
      submitters.shutdownNow();
      submitters.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** One cell as one Spark job; reports its end (with Spark's reason if Spark gave it up). */
  private void runCell(SweepCellTask task, Progress progress, StartWatcher watcher) {
    if (stopping) {
      return;
    }
    String failure = null;
    try {
      // job groups are per thread: this thread's next job belongs to this cell
      spark.setJobGroup(GROUP + task.index(), task.name(), true);
      spark.parallelize(List.of(task), 1).map(new CellJob()).collect();
    } catch (Exception e) { // SparkException is checked, though Scala's signatures do not say so
      failure = stopping ? "stopped" : "Spark gave the cell up: " + Quiet.reason(e);
      if (stopping) {
        try {
          task.awaitNoWriter(STOP_WAIT_MILLIS); // the cancelled task is saving its last snapshot
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      spark.clearJobGroup();
    }
    if (failure == null) {
      watcher.ended(task); // it ran: if the listener bus has not told its start yet, tell it now
    }
    progress.ended(task, failure);
  }

  @Override
  public void stop() {
    stopping = true;
    spark.cancelAllJobs();
  }

  @Override
  public String describe() {
    return "spark " + master;
  }

  @Override
  public void close() {
    spark.stop();
  }

  /**
   * Tells the driver when a cell's task starts on an executor: Spark's listener bus reports each
   * job's start (with its job group, so its cell, and its stages) and each task's start.
   */
  private static final class StartWatcher extends SparkListener {
    private final Map<Integer, SweepCellTask> byIndex = new java.util.HashMap<>();
    private final Map<Integer, SweepCellTask> byStage =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final Progress progress;
    private final Set<Integer> started = new HashSet<>();

    StartWatcher(List<SweepCellTask> tasks, Progress progress) {
      tasks.forEach(t -> byIndex.put(t.index(), t));
      this.progress = progress;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String group =
          job.properties() == null ? null : job.properties().getProperty("spark.jobGroup.id");
      if (group == null || !group.startsWith(GROUP)) {
        return;
      }
      SweepCellTask task = byIndex.get(Integer.parseInt(group.substring(GROUP.length())));
      if (task != null) {
        for (Object stage : CollectionConverters.asJava(job.stageIds())) {
          byStage.put((Integer) stage, task);
        }
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
      SweepCellTask task = byStage.get(taskStart.stageId());
      if (task != null) {
        report(task);
      }
    }

    /** The cell's job ended: if the listener bus had not told its start yet, tell it now. */
    void ended(SweepCellTask task) {
      report(task);
    }

    private void report(SweepCellTask task) {
      synchronized (started) {
        if (!started.add(task.index())) {
          return;
        }
      }
      progress.started(task);
    }
  }
}
