package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The training package builds on the halting package, never the other way round: a halting method
 * reads its own parameter record ({@link HaltingSettings}), not the run's whole config, so the two
 * packages have no cycle.
 */
class PackageDependencyTest {
  @Test
  void haltingImportsNothingFromTrainOrRun() throws IOException {
    Path halting = Path.of("src/main/java/org/ponderlab/core/halting");
    assertTrue(Files.isDirectory(halting), "run from the core module: " + halting.toAbsolutePath());
    List<String> offenders;
    try (Stream<Path> files = Files.list(halting)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(
                  f -> {
                    try {
                      String text = Files.readString(f);
                      return text.contains("org.ponderlab.core.train")
                          || text.contains("org.ponderlab.core.run");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(f -> f.getFileName().toString())
              .toList();
    }
    assertEquals(List.of(), offenders);
  }
}
