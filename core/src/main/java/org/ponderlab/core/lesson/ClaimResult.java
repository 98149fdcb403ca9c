package org.ponderlab.core.lesson;

/**
 * A lesson's claim checked on a finished run.
 *
 * @param holds whether the run shows it
 * @param measured the numbers, in words ("mean steps on unseen inputs 8.4 against 6.1 on seen")
 */
public record ClaimResult(boolean holds, String measured) {
  /** The report line: the numbers and ✓ or ✗. */
  public String line() {
    return measured + ": " + (holds ? "✓" : "✗");
  }
}
