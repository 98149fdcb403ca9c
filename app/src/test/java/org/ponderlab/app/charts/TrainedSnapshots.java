package org.ponderlab.app.charts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/** Snapshots of a short real parity run (small network), trained once per test JVM. */
final class TrainedSnapshots {
  static final TrainingConfig CONFIG = TrainingConfig.fromText(Map.of("iterations", "300", "eval-every", "50",
      "hidden", "16", "batch", "32", "validation-size", "512", "max-steps", "10", "seed", "3"));
  private static List<Snapshot> snapshots;

  private TrainedSnapshots() {}

  static synchronized List<Snapshot> get() throws InterruptedException {
    if (snapshots == null) {
      List<Snapshot> out = Collections.synchronizedList(new ArrayList<>());
      Trainer t = new Trainer(CONFIG, Experiments.create(CONFIG), new TrainingListener() {
        @Override
        public void onSnapshot(Snapshot s) {
          out.add(s);
        }
      }).start();
      t.change("beta", "0.02"); // a mid-run change, recorded from the first iteration on
      t.play();
      t.join();
      snapshots = List.copyOf(out);
    }
    return snapshots;
  }
}
