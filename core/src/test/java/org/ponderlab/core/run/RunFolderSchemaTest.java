package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The run folder's names are defined once ({@link RunFolderSchema}), and the README says the same.
 */
class RunFolderSchemaTest {
  @Test
  void theReadmeTableListsExactlyTheSchemasFiles() throws IOException {
    Path readme = Path.of("..", "README.md");
    assertTrue(Files.isRegularFile(readme), "run from the core module: " + readme.toAbsolutePath());
    List<String> lines = Files.readAllLines(readme);
    int start = lines.indexOf("### Keeping and comparing experiments: the run folder");
    assertTrue(start >= 0, "the README's run-folder section");
    List<String> listed = new ArrayList<>();
    Pattern row = Pattern.compile("^\\| `([^`]+)` \\|");
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
      Matcher m = row.matcher(lines.get(i));
      if (m.find()) {
        listed.add(m.group(1));
      }
    }
    assertEquals(List.copyOf(RunFolderSchema.FILES.keySet()), listed);
  }

  @Test
  void theWritersHeadersAreTheSchemas() {
    assertEquals(
        "iteration,elapsed_s,loss_rec,loss_reg,loss_total,accuracy,mean_steps,rule,ms_per_iteration,steps_run",
        RunWriter.METRICS_HEADER);
    assertEquals(
        "iteration,elapsed_s,loss_rec,loss_reg,loss_total,accuracy,mean_steps,rule,ms_per_iteration",
        RunWriter.METRICS_HEADER_V1,
        "format-2 folders written before steps_run still open");
    assertEquals("iteration,difficulty,accuracy,mean_steps", RunWriter.DIFFICULTY_HEADER_V1);
    assertEquals(
        "index,difficulty,label,prediction,halt_step,p1,p2",
        RunFolderSchema.PONDER_ROWS.header("p", 2));
    // every column name is snake_case: one convention inside files
    for (RunFolderSchema.Csv csv : RunFolderSchema.csvFiles()) {
      for (String column : csv.columns()) {
        assertTrue(column.matches("[a-z][a-z0-9_]*"), csv.file() + ": " + column);
      }
    }
  }
}
