package org.ponderlab.core.run;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where and with what a run was made: versions, host, start time (Tribuo-style provenance). */
public final class Provenance {
  public static final String PONDERLAB_VERSION = "0.1.0";

  /** The run-folder format; a folder written by a newer format is refused on open. */
  public static final int FORMAT_VERSION = 2;

  private Provenance() {}

  public static Map<String, Object> capture(Instant start) {
    return capture(start, 1);
  }

  /**
   * As {@link #capture(Instant)}, with the threads training ran on: how the run was executed, not
   * what it computed (1 and 2 threads give the same bits).
   */
  public static Map<String, Object> capture(Instant start, int threads) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("ponderlab_version", PONDERLAB_VERSION);
    p.put("format_version", FORMAT_VERSION);
    p.put("java_version", System.getProperty("java.version"));
    p.put("java_vendor", System.getProperty("java.vendor"));
    p.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    p.put("cpus", Runtime.getRuntime().availableProcessors());
    p.put("threads", threads);
    p.put("nd4j_version", "1.0.0-M2.1");
    p.put("host", hostName());
    p.put("start_time", start.toString());
    return p;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
