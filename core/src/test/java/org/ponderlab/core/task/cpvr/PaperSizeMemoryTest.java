package org.ponderlab.core.task.cpvr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Paper 003's C-PVR size (the shipped 003-cpvr preset: L 100, N 32, batch 128, evaluation chunks of
 * 256) trains in a child JVM limited to a stated heap, and its buffers are what {@code
 * TransformerMemory} says. In {@value #HEAP} the kernel recomputes each step's block in the
 * backward instead of keeping 32 steps of activations (which alone would take about 1.7 GB at 256
 * rows); in {@value #LAUNCHER_HEAP} (the launcher's smallest heap) it keeps every step's
 * activations but the attention maps and GELU's tanh (0.96 GB), recomputing only those.
 *
 * <p>Cost: two paper-size iterations in the small heap, one in the launcher's, about 5 s of CPU
 * each on the project's machine (JIT included; 16 s and 25 s of wall time at load 10); the second
 * child JVM allocates 1.2 GB.
 */
class PaperSizeMemoryTest {
  static final String HEAP = "512m";
  static final String LAUNCHER_HEAP = "2g";
  static final Path SHIPPED = Path.of("..", "assets", "presets").toAbsolutePath().normalize();

  @Test
  void thePaperSizeTrainsWithinTheStatedHeap() throws IOException, InterruptedException {
    Map<String, String> values = trainInChild(HEAP, 2);
    String output = values.get("output");
    assertEquals("false", values.get("storesEveryStep"), output);
    assertEquals("RECOMPUTE", values.get("policy"), output);
    long kernelBytes = Long.parseLong(values.get("kernelBytes"));
    assertTrue(kernelBytes < 300L << 20, "kernel buffers " + kernelBytes);
  }

  @Test
  void inTheLaunchersSmallestHeapEveryStepIsKeptButTheMaps()
      throws IOException, InterruptedException {
    Map<String, String> values = trainInChild(LAUNCHER_HEAP, 1);
    String output = values.get("output");
    assertEquals("EVERY_STEP_LEAN", values.get("policy"), output);
    long kernelBytes = Long.parseLong(values.get("kernelBytes"));
    assertTrue(kernelBytes > 1_000L << 20 && kernelBytes < 1_300L << 20, "kernel " + kernelBytes);
  }

  /** Trains in a child JVM with this heap; its printed values, and its output. */
  private static Map<String, String> trainInChild(String heap, int iterations)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "--add-modules",
                    "jdk.incubator.vector",
                    "-Xmx" + heap,
                    "-cp",
                    System.getProperty("java.class.path"),
                    PaperSizeTraining.class.getName(),
                    SHIPPED.toString(),
                    Integer.toString(iterations)))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "child did not finish");
    assertEquals(0, process.exitValue(), output);
    Map<String, String> values = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] parts = line.trim().split(" ");
      for (int i = 0; i + 1 < parts.length; i += 2) {
        values.put(parts[i], parts[i + 1]);
      }
    }
    assertEquals("100", values.get("length"), output);
    assertEquals("32", values.get("steps"), output);
    assertEquals("128", values.get("batch"), output);
    assertEquals(values.get("formulaBytes"), values.get("kernelBytes"), output);
    assertEquals(Integer.toString(iterations), values.get("trained"), output);
    assertTrue(Double.isFinite(Double.parseDouble(values.get("loss"))), output);
    values.put("output", output);
    return values;
  }
}
