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
 * 256) trains in a child JVM limited to a {@value #HEAP} heap: the kernel recomputes each step's
 * block in the backward instead of keeping 32 steps of activations (which alone would take about
 * 1.7 GB at 256 rows), and its buffers are what {@code TransformerMemory} says.
 *
 * <p>Cost: two paper-size iterations, about 5 s of CPU on the project's machine (JIT included).
 */
class PaperSizeMemoryTest {
  static final String HEAP = "512m";
  static final Path SHIPPED = Path.of("..", "assets", "presets").toAbsolutePath().normalize();

  @Test
  void thePaperSizeTrainsWithinTheStatedHeap() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "--add-modules",
                    "jdk.incubator.vector",
                    "-Xmx" + HEAP,
                    "-cp",
                    System.getProperty("java.class.path"),
                    PaperSizeTraining.class.getName(),
                    SHIPPED.toString(),
                    "2"))
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
    assertEquals("false", values.get("storesEveryStep"), output);
    assertEquals(values.get("formulaBytes"), values.get("kernelBytes"), output);
    long kernelBytes = Long.parseLong(values.get("kernelBytes"));
    assertTrue(kernelBytes < 300L << 20, "kernel buffers " + kernelBytes);
    assertEquals("2", values.get("trained"), output);
    assertTrue(Double.isFinite(Double.parseDouble(values.get("loss"))), output);
  }
}
