package org.ponderlab.app.cli;

import org.ponderlab.core.train.ConfigException;

/** Conventions shared by the sub-commands. */
final class Cli {
  /** picocli's and the shell's usual status for a bad argument. */
  static final int BAD_VALUE = 2;

  private Cli() {}

  static int badValue(ConfigException e) {
    System.err.println("error: --" + e.getMessage());
    return BAD_VALUE;
  }
}
