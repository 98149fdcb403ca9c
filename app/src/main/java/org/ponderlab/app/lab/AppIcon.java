package org.ponderlab.app.lab;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/**
 * The window's icon in every size the build ships (assets/icon, copied into the jar), so the window
 * manager picks the one that fits its title bar, task bar or switcher.
 */
final class AppIcon {
  static final int[] SIZES = {16, 32, 48, 64, 128, 256};

  private AppIcon() {}

  /**
   * The sizes found in the jar (none if the build left them out: the window opens all the same).
   */
  static List<Image> images() {
    List<Image> images = new ArrayList<>();
    for (int size : SIZES) {
      try (InputStream in =
          AppIcon.class.getResourceAsStream("/org/ponderlab/app/icon/ponderlab-" + size + ".png")) {
        if (in != null) {
          images.add(new Image(in));
        }
      } catch (java.io.IOException e) {
        // a missing size is not a reason to refuse to open the window
      }
    }
    return images;
  }
}
