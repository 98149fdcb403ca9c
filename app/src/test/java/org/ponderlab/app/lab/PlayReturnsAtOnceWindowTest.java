package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ponderlab.app.lab.LabWindowTest.fx;
import static org.ponderlab.app.lab.LabWindowTest.waitUntil;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Play on MNIST (data loading and a CNN to build: the slowest start) hands the FX thread back at
 * once: while the experiment is built in the background the FX thread keeps running pulses and
 * queued work. Costs about the MNIST build (2–5 s).
 */
@ExtendWith(ApplicationExtension.class)
class PlayReturnsAtOnceWindowTest {
  LabWindow window;
  LabModel model;
  @TempDir Path tmp;

  @Start
  void start(Stage stage) {
    window = WindowFixture.show(stage, tmp, WindowFixture.smallMnist(100000));
    model = window.model();
  }

  @AfterEach
  void stop() throws InterruptedException {
    WaitForAsyncUtils.waitForAsyncFx(5000, () -> window.stop());
    waitUntilBuilt();
    model.awaitTrainer(10_000);
  }

  void waitUntilBuilt() {
    try {
      waitUntil(() -> !model.transport().pendingProperty().get());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void playOnMnistLeavesTheFxThreadFreeWhileTheExperimentIsBuilt() throws Exception {
    waitUntil(() -> model.activityProperty().get() == null); // the presets are listed
    AtomicInteger pulsesWhileBuilding = new AtomicInteger();
    boolean[] laterRanWhileBuilding = new boolean[1];
    fx(
        () -> {
          new AnimationTimer() {
            @Override
            public void handle(long now) {
              if (model.transport().pendingProperty().get()) {
                pulsesWhileBuilding.incrementAndGet();
              }
            }
          }.start();
          model.play();
          // play() has returned: the experiment is still being built, and nothing blocks this
          // thread
          assertTrue(
              model.transport().pendingProperty().get(), "Play returned before the build ended");
          assertNull(model.trainerStateProperty().get());
          Platform.runLater(
              () -> laterRanWhileBuilding[0] = model.transport().pendingProperty().get());
          return null;
        });
    waitUntil(() -> model.trainerStateProperty().get() != null);
    assertTrue(laterRanWhileBuilding[0], "work queued after Play ran before the build ended");
    assertTrue(
        pulsesWhileBuilding.get() >= 3,
        "FX pulses while the experiment was built: " + pulsesWhileBuilding.get());
    assertTrue(fx(model::isRunning));
    assertTrue(fx(() -> model.statusProperty().get()).startsWith("Training MNIST digits"));
  }
}
