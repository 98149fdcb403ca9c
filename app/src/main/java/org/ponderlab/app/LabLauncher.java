package org.ponderlab.app;

/** Opens the lab window (until it exists, prints the command line's help). */
final class LabLauncher {
  private LabLauncher() {}

  static int launch(String[] args) {
    try {
      Class<?> app = Class.forName("org.ponderlab.app.lab.LabApp");
      app.getMethod("launchWindow", String[].class).invoke(null, (Object) args);
      return 0;
    } catch (ClassNotFoundException e) {
      picocli.CommandLine.usage(new Main(), System.out);
      return 0;
    } catch (ReflectiveOperationException e) {
      System.err.println("could not open the lab window: " + e.getCause());
      return 1;
    }
  }
}
