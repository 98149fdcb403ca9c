package org.ponderlab.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version and the commit this build was made from. The build writes them into the jar ({@code
 * build.properties}, from the pom's version and {@code git describe}; see app/pom.xml), so an
 * installed package that has no git and no pom still knows where it came from.
 */
public final class BuildInfo implements IVersionProvider {
  static final String RESOURCE = "/org/ponderlab/app/build.properties";
  private static final Properties PROPERTIES = read();

  /** The project's version, e.g. {@code 0.1.0} ("unknown" in a build that did not write it). */
  public static String version() {
    return PROPERTIES.getProperty("version", "unknown");
  }

  /**
   * {@code git describe --always --dirty} of the build's work tree ("unknown" outside a git clone).
   */
  public static String commit() {
    String commit = PROPERTIES.getProperty("commit", "").trim();
    return commit.isEmpty() ? "unknown" : commit;
  }

  /** What {@code ponderlab --version} prints. */
  public static String describe() {
    return "PonderLab " + version() + " (commit " + commit() + ")";
  }

  @Override
  public String[] getVersion() {
    return new String[] {describe()};
  }

  private static Properties read() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable jar entry leaves both values "unknown": --version must still answer
    }
    return p;
  }
}
