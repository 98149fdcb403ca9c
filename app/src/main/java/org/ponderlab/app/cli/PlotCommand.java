package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.ponderlab.core.run.AtomicFiles;
import org.ponderlab.core.run.OutputPaths;
import org.ponderlab.core.run.RunExport;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ponderlab plot RUN... --out fig.png|fig.svg}: a chart of saved runs (several overlaid), as
 * PNG or SVG by the file's extension. The file goes into an existing folder outside every run
 * folder, and replaces an existing file only with {@code --overwrite}.
 */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description =
        "Draw saved runs as a PNG or SVG (by the extension of --out): curves (accuracy and mean steps over training), losses, halting "
            + "(the last snapshot's halting distribution against the prior), difficulty (accuracy and steps per difficulty) or halting-history "
            + "(x iteration, y step n, colour share of inputs).")
public final class PlotCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders; several are overlaid")
  List<Path> runs;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.png",
      description =
          "the chart to write: FILE.png or FILE.svg, in an existing folder outside the run folders")
  Path out;

  @Option(names = "--overwrite", description = "replace --out if it exists")
  boolean overwrite;

  @Option(
      names = "--chart",
      defaultValue = "curves",
      paramLabel = "KIND",
      description =
          "curves, losses, halting, difficulty or halting-history (the halting distribution over the "
              + "whole run as a heat map; one run) (default: ${DEFAULT-VALUE})")
  String chart;

  @Option(
      names = "--width",
      defaultValue = "900",
      description = "pixels (default: ${DEFAULT-VALUE})")
  int width;

  @Option(
      names = "--height",
      defaultValue = "600",
      description = "pixels (default: ${DEFAULT-VALUE})")
  int height;

  @Override
  public Integer call() throws Exception {
    RunCharts.Kind kind = RunCharts.Kind.parse(chart);
    if (kind == null) {
      return Cli.badValue(
          new ConfigException(
              "chart", chart, "allowed: curves, losses, halting, difficulty, halting-history"));
    }
    if (kind == RunCharts.Kind.HALTING_HISTORY && runs.size() > 1) {
      return Cli.badValue(
          new ConfigException(
              "chart", chart, "halting-history draws one run; give one RUN folder"));
    }
    if (width < 100 || width > 10_000 || height < 100 || height > 10_000) {
      return Cli.badValue(
          new ConfigException("width", width + "x" + height, "each 100 to 10000 pixels"));
    }
    try {
      OutputPaths.checkNewFile(out, "out", List.of(".png", ".svg"), overwrite);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    List<SavedRun> opened = new ArrayList<>();
    try {
      for (Path r : runs) {
        SavedRun run = RunReader.openHistory(r);
        if (run.snapshots().isEmpty()) {
          System.err.println("error: run folder " + r + " has no snapshot yet; nothing to draw");
          return Cli.BAD_VALUE;
        }
        opened.add(run);
      }
    } catch (RunFolderException e) {
      return Cli.runFolder(e);
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<String> labels = RunExport.labels(runs);
    JFreeChart drawn = RunCharts.build(kind, opened, labels);
    try {
      AtomicFiles.write(
          out,
          out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")
              ? svg(drawn, width, height)
              : png(drawn, width, height));
    } catch (java.io.IOException e) {
      return Cli.ioError("write " + out, e);
    }
    System.out.println("wrote " + out);
    return 0;
  }

  static byte[] png(JFreeChart chart, int width, int height) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(bytes, chart, width, height);
    return bytes.toByteArray();
  }

  static byte[] svg(JFreeChart chart, int width, int height) {
    org.jfree.svg.SVGGraphics2D g2 = new org.jfree.svg.SVGGraphics2D(width, height);
    chart.draw(g2, new java.awt.Rectangle(0, 0, width, height));
    return g2.getSVGDocument().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
