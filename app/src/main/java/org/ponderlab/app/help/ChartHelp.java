package org.ponderlab.app.help;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explanation behind a chart's "?": what is plotted, the formula in readable maths, what a
 * healthy and an unhealthy picture look like, and the lesson that shows it. The texts live in one
 * resource, {@code charts.txt} beside this class, so they are edited in one place.
 *
 * @param id the chart's id ({@code halting}, {@code ponder-map}, ...)
 * @param title the chart's name
 * @param plotted what is plotted
 * @param formula the formula, one equation a line
 * @param healthy what a healthy picture looks like
 * @param unhealthy what an unhealthy picture looks like, and usually why
 * @param lesson the name of the lesson that shows it
 */
public record ChartHelp(
    String id,
    String title,
    String plotted,
    String formula,
    String healthy,
    String unhealthy,
    String lesson) {
  /** The fields every block must have, in the order the help shows them. */
  public static final List<String> FIELDS =
      List.of("title", "plotted", "formula", "healthy", "unhealthy", "lesson");

  private static final String RESOURCE = "charts.txt";
  private static Map<String, ChartHelp> catalogue;

  /** Every chart's explanation, by chart id, in the resource's order. */
  public static synchronized Map<String, ChartHelp> all() {
    if (catalogue == null) {
      try (InputStream in = ChartHelp.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "the chart explanations " + RESOURCE + " are missing from the build");
        }
        catalogue = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return catalogue;
  }

  /** The explanation of one chart; an unknown id is a programming error. */
  public static ChartHelp of(String id) {
    ChartHelp h = all().get(id);
    if (h == null) {
      throw new IllegalArgumentException(
          "no explanation for chart '" + id + "'; known: " + all().keySet());
    }
    return h;
  }

  /**
   * Reads blocks of "[id]" followed by "field: text" lines; a line starting with a space continues
   * the field above (kept as a new line); "#" lines are comments. A block without one of {@link
   * #FIELDS} is refused, naming the chart and the field.
   */
  static Map<String, ChartHelp> parse(String text) {
    Map<String, ChartHelp> out = new LinkedHashMap<>();
    String id = null;
    Map<String, String> fields = new LinkedHashMap<>();
    String last = null;
    for (String line : (text + "\n[]").split("\n", -1)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.startsWith("[") && line.trim().endsWith("]")) {
        if (id != null) {
          out.put(id, block(id, fields));
        }
        id = line.trim().substring(1, line.trim().length() - 1).trim();
        fields = new LinkedHashMap<>();
        last = null;
      } else if (Character.isWhitespace(line.charAt(0)) && last != null) {
        fields.put(last, fields.get(last) + "\n" + line.strip());
      } else {
        int colon = line.indexOf(':');
        if (colon < 0 || id == null) {
          throw new IllegalArgumentException(
              "chart help: line '" + line + "' is neither '[id]' nor 'field: text'");
        }
        last = line.substring(0, colon).trim();
        fields.put(last, line.substring(colon + 1).strip());
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static ChartHelp block(String id, Map<String, String> f) {
    for (String name : FIELDS) {
      if (f.get(name) == null || f.get(name).isBlank()) {
        throw new IllegalArgumentException("chart help [" + id + "] has no '" + name + "'");
      }
    }
    return new ChartHelp(
        id,
        f.get("title"),
        f.get("plotted"),
        f.get("formula"),
        f.get("healthy"),
        f.get("unhealthy"),
        f.get("lesson"));
  }
}
