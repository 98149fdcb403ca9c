package org.ponderlab.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 for a test: Spark's own Master and one Worker, each
 * a separate Java process on this test's class path, on free ports. The worker starts executors
 * (more processes) with this class path too. {@link #close()} ends them all, executors first, and a
 * shutdown hook does the same if the test JVM ends without it.
 */
final class StandaloneCluster implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();

  /** Every process seen at {@link #close()}: the master, the worker and the worker's executors. */
  private final List<ProcessHandle> seen = new ArrayList<>();

  private final Thread cleanup = new Thread(this::close, "spark-cluster-cleanup");
  private final Path masterLog;
  private final Path workerLog;
  final String url;

  private StandaloneCluster(Path dir, int cores) throws IOException, InterruptedException {
    Runtime.getRuntime().addShutdownHook(cleanup);
    int port = freePort();
    url = "spark://127.0.0.1:" + port;
    masterLog = dir.resolve("master.log");
    workerLog = dir.resolve("worker.log");
    // a SPARK_HOME for the worker's executor command: its jars/ stays empty, executors take the
    // class path from spark.executor.extraClassPath (the driver's, which is this test's)
    Path home = Files.createDirectories(dir.resolve("spark-home"));
    Files.createDirectories(home.resolve("jars"));
    start(
        masterLog,
        home,
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        Integer.toString(port),
        "--webui-port",
        Integer.toString(freePort()));
    waitFor(masterLog, "I have been elected leader", 60);
    start(
        workerLog,
        home,
        "org.apache.spark.deploy.worker.Worker",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--webui-port",
        Integer.toString(freePort()),
        "--cores",
        Integer.toString(cores),
        "--memory",
        "2g",
        "--work-dir",
        Files.createDirectories(dir.resolve("work")).toString(),
        url);
    waitFor(masterLog, "Registering worker", 60);
  }

  /**
   * Starts a master and one worker with {@code cores} cores; returns when the worker has
   * registered.
   */
  static StandaloneCluster start(Path dir, int cores) throws IOException, InterruptedException {
    return new StandaloneCluster(dir, cores);
  }

  private void start(Path log, Path home, String mainClass, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1")); // daemons only coordinate: a quick start beats peak
    // speed
    // Spark's own list of the JVM flags it needs on Java 17 (what spark-class adds)
    cmd.addAll(List.of(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray()));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_CONF_DIR");
    processes.add(pb.start());
  }

  private void waitFor(Path log, String line, int seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.exists(log) || !Files.readString(log).contains(line)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a Spark process ended (exit " + p.exitValue() + "):\n" + logs());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no '" + line + "' in " + seconds + " s:\n" + logs());
      }
      Thread.sleep(100);
    }
  }

  String logs() {
    StringBuilder b = new StringBuilder();
    for (Path log : List.of(masterLog, workerLog)) {
      try {
        b.append("--- ")
            .append(log.getFileName())
            .append('\n')
            .append(Files.exists(log) ? Files.readString(log) : "");
      } catch (IOException e) {
        b.append(e);
      }
    }
    return b.toString();
  }

  /**
   * The processes this cluster started (executors too) that are still alive after {@link #close()}.
   */
  synchronized List<ProcessHandle> alive() {
    return seen.stream().filter(ProcessHandle::isAlive).toList();
  }

  /** How many processes the cluster had when it was closed (master, worker, executors). */
  synchronized int started() {
    return seen.size();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Ends the worker (and its executors), then the master; forcibly after 20 s. */
  @Override
  public synchronized void close() {
    List<ProcessHandle> descendants = new ArrayList<>();
    for (Process p : processes) {
      p.descendants().forEach(descendants::add);
      seen.add(p.toHandle());
    }
    seen.addAll(descendants);
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle h : descendants) {
      h.destroyForcibly();
    }
    // a kill is delivered asynchronously: wait until each is gone, or alive() could see an
    // executor in its last milliseconds (seen once under load)
    for (ProcessHandle h : descendants) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // still alive after 10 s: alive() reports it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // called by the hook itself
    }
  }
}
