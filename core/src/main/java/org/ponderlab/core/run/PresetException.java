package org.ponderlab.core.run;

/** A preset that cannot be found, read or saved; the message names the preset or file and why. */
public final class PresetException extends RuntimeException {
  public PresetException(String message) {
    super(message);
  }

  public PresetException(String message, Throwable cause) {
    super(message, cause);
  }
}
