package org.ponderlab.app.lab;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What every window test starts from and ends with: a real {@link LabWindow} (1280×800) over a new
 * {@link LabModel} whose runs go to the test's temporary folder, and a close that stops the window
 * and waits for the trainer to write its last snapshot before the folder is deleted.
 */
final class WindowFixture {
  private WindowFixture() {}

  /** Shows the window on the test's stage; call from {@code @Start} (the FX thread). */
  static LabWindow show(Stage stage, Path runs, Map<String, String> setup) {
    LabModel model = new LabModel(); // made on the FX thread: its slow work runs in the background
    model.runsDirectoryProperty().set(runs);
    if (!setup.isEmpty()) {
      model.setup().load(setup);
    }
    LabWindow window = new LabWindow(model, 1280, 800);
    stage.setScene(window.scene());
    stage.show();
    window.start();
    return window;
  }

  /** A small MNIST setup (H 16, batch 16, N 4, 64 validation digits) trained for {@code n}. */
  static Map<String, String> smallMnist(int iterations) {
    Map<String, String> setup = new HashMap<>();
    setup.put("task", "mnist");
    setup.put("hidden", "16");
    setup.put("batch", "16");
    setup.put("validation-size", "64");
    setup.put("max-steps", "4");
    setup.put("eval-every", "20");
    setup.put("iterations", Integer.toString(iterations));
    return setup;
  }

  /** Stops the window (on the FX thread) and waits for its trainer to finish writing. */
  static void close(LabWindow window) throws InterruptedException {
    WaitForAsyncUtils.waitForAsyncFx(5000, window::stop);
    window.model().awaitTrainer(10_000);
  }
}
