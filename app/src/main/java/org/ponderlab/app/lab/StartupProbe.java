package org.ponderlab.app.lab;

import javafx.animation.AnimationTimer;

/**
 * Start-up measurement: with the environment variable {@code PONDERLAB_STARTUP_PROBE} set, the
 * window prints {@code painted-at-ms <epoch milliseconds>} once its first frames are on screen and
 * closes. A script that notes the time before launching gets launch-to-painted-window (the README's
 * Install section compares the package with {@code ./ponderlab} this way). An environment variable
 * rather than an option, so it passes unchanged through every launcher, installed or not.
 */
final class StartupProbe {
  static final String VARIABLE = "PONDERLAB_STARTUP_PROBE";

  /**
   * Pulses after {@code show()}: the first lays out and submits a frame, the next ones wait for it
   * to render.
   */
  private static final int FRAMES = 3;

  private StartupProbe() {}

  /**
   * If asked for, reports the first painted frame and then runs {@code close} (on the FX thread).
   */
  static void armIfRequested(Runnable close) {
    if (System.getenv(VARIABLE) == null) {
      return;
    }
    new AnimationTimer() {
      private int frames;

      @Override
      public void handle(long now) {
        if (++frames == FRAMES) {
          stop();
          System.out.println("painted-at-ms " + System.currentTimeMillis());
          close.run();
        }
      }
    }.start();
  }
}
