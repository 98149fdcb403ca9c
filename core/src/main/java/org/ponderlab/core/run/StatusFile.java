package org.ponderlab.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * status.json: the run's state, plus which process writes it (pid, its start time, host), so a
 * reader can tell a run that is training right now from one whose process was killed.
 *
 * @param status running | finished | stopped | failed
 * @param message what happened, in words
 * @param iteration iterations trained at the last write
 * @param wallSeconds wall time of every session so far, evaluations and saving included
 * @param pid the writing process
 * @param processStart that process's start time (guards against a reused pid), or ""
 * @param host the writing host
 */
record StatusFile(
    String status,
    String message,
    long iteration,
    double wallSeconds,
    long pid,
    String processStart,
    String host) {
  private static final String LOCAL_HOST = localHost();

  /** A status written by this process now. */
  static StatusFile ofThisProcess(
      String status, String message, long iteration, double wallSeconds) {
    ProcessHandle self = ProcessHandle.current();
    return new StatusFile(
        status,
        message,
        iteration,
        wallSeconds,
        self.pid(),
        self.info().startInstant().map(Instant::toString).orElse(""),
        LOCAL_HOST);
  }

  void write(Path dir) throws IOException {
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("status", status);
    st.put("message", message);
    st.put("iteration", iteration);
    st.put("wall_seconds", wallSeconds);
    st.put("pid", pid);
    st.put("process_start", processStart);
    st.put("host", host);
    st.put("updated", Instant.now().toString());
    AtomicFiles.write(dir.resolve(RunFolder.STATUS), Json.write(st));
  }

  /**
   * Reads status.json; empty if it is missing or unreadable (the reader then calls the run
   * incomplete).
   */
  static Optional<StatusFile> read(Path dir) {
    Path file = dir.resolve(RunFolder.STATUS);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      JsonNode n =
          Json.read(dir, file); // never opens a FIFO or device, never reads past Json's bound
      if (n == null || !n.hasNonNull("status")) {
        return Optional.empty();
      }
      return Optional.of(
          new StatusFile(
              n.get("status").asText(),
              n.path("message").asText(""),
              n.path("iteration").asLong(0),
              n.path("wall_seconds").asDouble(0),
              n.path("pid").asLong(-1),
              n.path("process_start").asText(""),
              n.path("host").asText("")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the process that wrote this status is alive now (same host, pid and start time). */
  boolean writerIsAlive() {
    if (!LOCAL_HOST.equals(host) || pid <= 0) {
      return false;
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                processStart.isEmpty()
                    || p.info()
                        .startInstant()
                        .map(Instant::toString)
                        .map(processStart::equals)
                        .orElse(true))
        .isPresent();
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
