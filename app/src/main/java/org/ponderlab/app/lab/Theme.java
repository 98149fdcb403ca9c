package org.ponderlab.app.lab;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Parent;

/**
 * The window's one stylesheet and its style classes. The source is {@code assets/lab.css}: the
 * window loads it from {@code $ponderlab.home/assets/} (the launcher sets that property, so an edit
 * shows on the next start without a build) and otherwise from the copy the build puts in the jar.
 */
final class Theme {
  static final String DARK = "theme-dark";
  static final String PRESENTATION = "presentation";
  private static final String CLASSPATH_COPY = "/org/ponderlab/app/lab/lab.css";

  private Theme() {}

  /** The stylesheet's URL, or null if neither copy exists. */
  static String stylesheet() {
    String home = System.getProperty("ponderlab.home");
    if (home != null) {
      Path file = Path.of(home, "assets", "lab.css");
      if (Files.isRegularFile(file)) {
        return file.toUri().toString();
      }
    }
    URL copy = Theme.class.getResource(CLASSPATH_COPY);
    return copy == null ? null : copy.toExternalForm();
  }

  /** Puts or removes the theme's style classes on a scene root. */
  static void apply(Parent root, boolean dark, boolean presentation) {
    toggle(root, DARK, dark);
    toggle(root, PRESENTATION, presentation);
  }

  private static void toggle(Parent root, String styleClass, boolean on) {
    if (on && !root.getStyleClass().contains(styleClass)) {
      root.getStyleClass().add(styleClass);
    } else if (!on) {
      root.getStyleClass().remove(styleClass);
    }
  }
}
