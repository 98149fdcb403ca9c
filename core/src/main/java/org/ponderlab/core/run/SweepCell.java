package org.ponderlab.core.run;

import java.nio.file.Path;
import java.util.Map;
import org.ponderlab.core.train.TrainingConfig;

/**
 * One cell of a sweep grid: its swept values and the full config it trains.
 *
 * @param index position in the grid (0-based, first swept setting varying slowest)
 * @param name folder name, e.g. {@code cell-lambda-p=0.1_beta=0.01}
 * @param values the swept settings' values of this cell (normalised text), in grid order
 * @param config every setting of the cell's run
 */
public record SweepCell(int index, String name, Map<String, String> values, TrainingConfig config) {
  public SweepCell {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /** The cell's run folder inside the sweep folder. */
  public Path folder(Path sweepFolder) {
    return sweepFolder.resolve(name);
  }
}
