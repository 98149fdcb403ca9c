package org.ponderlab.spark;

/**
 * Keeps Spark's logging off the user's terminal: log4j2.properties (in this module's jar) sends
 * only errors, one line each, to stderr, and Hadoop's native-library notice is silenced. The
 * sweep's own progress lines are what the user reads.
 */
final class Quiet {
  private Quiet() {}

  static void logging() {
    // Spark uses its own log4j2 defaults (INFO on the console) unless a configuration is named
    if (System.getProperty("log4j2.configurationFile") == null
        && Quiet.class.getResource("/ponderlab-spark-log4j2.properties") != null) {
      System.setProperty("log4j2.configurationFile", "classpath:ponderlab-spark-log4j2.properties");
    }
  }

  /** Spark's reason for giving a job up, on one line and without its stack trace. */
  static String reason(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
