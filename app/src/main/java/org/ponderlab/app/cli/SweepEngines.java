package org.ponderlab.app.cli;

import java.util.Map;
import java.util.regex.Pattern;
import org.ponderlab.core.run.SweepEngine;
import org.ponderlab.core.train.ConfigException;

/**
 * The sweep's {@code --engine}, {@code --master} and {@code --spark-conf}: checked here, before
 * anything runs and before a single Spark class loads; the Spark engine itself lives in the
 * separate {@code spark} module, which the launcher puts on the class path only for {@code sweep
 * --engine spark}, and is found by name.
 */
final class SweepEngines {
  static final String LOCAL = "local";
  static final String SPARK = "spark";
  static final String SPARK_ENGINE_CLASS = "org.ponderlab.spark.SparkSweepEngine";
  static final String MASTERS =
      "allowed: local[N] (N from 1 to 256), local[*], local[N,F] (F tries per cell), "
          + "spark://HOST:PORT (a standalone cluster; several masters: spark://H1:P1,H2:P2); "
          + "YARN and Kubernetes: run PonderLab through Spark's spark-submit (README \"Sweeps on a cluster\")";

  private static final Pattern LOCAL_MASTER =
      Pattern.compile("local(\\[(\\*|[1-9][0-9]{0,2})(,[1-9][0-9]{0,2})?\\])?");
  private static final Pattern HOST_PORT =
      Pattern.compile(
          "([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})");

  private SweepEngines() {}

  /** Thrown when the engine is valid but cannot be loaded in this installation. */
  static final class Unavailable extends Exception {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Checks the options together.
   *
   * @param master --master, or null
   * @param submitted the master spark-submit passed (system property spark.master), or null
   * @return the master to use with the spark engine (null for the local engine)
   * @throws ConfigException naming the option, the value and what is allowed
   */
  static String check(
      String engine, String master, Map<String, String> sparkConf, int parallel, String submitted) {
    if (!engine.equals(LOCAL) && !engine.equals(SPARK)) {
      throw new ConfigException(
          "engine", engine, "allowed: local (this process, the default) or spark (Apache Spark)");
    }
    if (engine.equals(LOCAL)) {
      if (master != null) {
        throw new ConfigException(
            "master", master, "only with --engine spark (the local engine trains in this process)");
      }
      if (!sparkConf.isEmpty()) {
        throw new ConfigException(
            "spark-conf", sparkConf.keySet().iterator().next(), "only with --engine spark");
      }
      return null;
    }
    for (Map.Entry<String, String> e : sparkConf.entrySet()) {
      if (!e.getKey().startsWith("spark.")
          || e.getKey().length() == "spark.".length()
          || e.getValue().isEmpty()) {
        throw new ConfigException(
            "spark-conf",
            e.getKey() + "=" + e.getValue(),
            "give KEY=VALUE with a Spark setting's key, e.g. spark.executor.memory=4g");
      }
    }
    if (master == null) {
      return submitted != null && !submitted.isBlank() ? submitted : "local[" + parallel + "]";
    }
    checkMaster(master);
    return master;
  }

  static void checkMaster(String master) {
    if (LOCAL_MASTER.matcher(master).matches()) {
      java.util.regex.Matcher m = LOCAL_MASTER.matcher(master);
      m.matches();
      if (m.group(2) != null && !m.group(2).equals("*") && Integer.parseInt(m.group(2)) > 256) {
        throw new ConfigException("master", master, MASTERS);
      }
      return;
    }
    if (master.startsWith("spark://")) {
      String[] hosts = master.substring("spark://".length()).split(",", -1);
      for (String h : hosts) {
        java.util.regex.Matcher m = HOST_PORT.matcher(h);
        if (!m.matches()
            || Integer.parseInt(m.group(3)) < 1
            || Integer.parseInt(m.group(3)) > 65535) {
          throw new ConfigException("master", master, MASTERS);
        }
      }
      return;
    }
    throw new ConfigException("master", master, MASTERS);
  }

  /** Loads the Spark engine (its classes load here, not before). */
  static SweepEngine spark(String master, Map<String, String> sparkConf) throws Unavailable {
    Class<?> type;
    try {
      type = Class.forName(SPARK_ENGINE_CLASS);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new Unavailable(
          "the spark engine is not on this installation's class path: run the sweep with the "
              + "ponderlab launcher of a source checkout (it adds spark/target/lib for --engine spark), or through "
              + "spark-submit (README \"Sweeps on a cluster\")",
          e);
    }
    try {
      return (SweepEngine)
          type.getConstructor(String.class, Map.class).newInstance(master, sparkConf);
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new Unavailable("Spark could not start on " + master + ": " + firstLine(cause), cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new Unavailable("the spark engine could not be loaded: " + firstLine(e), e);
    }
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
