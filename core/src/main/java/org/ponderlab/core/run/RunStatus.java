package org.ponderlab.core.run;

/** Where a saved run is in its life, as read from its folder. */
public enum RunStatus {
  /** Training right now, in a process that is still alive (this one or another on this host). */
  RUNNING,
  /** Reached its iteration budget or target accuracy. */
  FINISHED,
  /** Stopped by the user; can be continued. */
  STOPPED,
  /** Stopped by an error (NaN, a full disk); the status message says which. */
  FAILED,
  /**
   * Its status says running but no live process trains it: it was killed (kill -9, a power cut, a
   * crash). Everything up to its last snapshot is on disk and it can be continued.
   */
  INCOMPLETE;

  /** The lower-case name used in status.json and on the command line. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
