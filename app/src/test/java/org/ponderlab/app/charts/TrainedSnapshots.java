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
  static final TrainingConfig CONFIG =
      TrainingConfig.fromText(
          Map.of(
              "iterations",
              "300",
              "eval-every",
              "50",
              "hidden",
              "16",
              "batch",
              "32",
              "validation-size",
              "512",
              "max-steps",
              "10",
              "seed",
              "3"));
  private static List<Snapshot> snapshots;

  private TrainedSnapshots() {}

  private static final Map<Long, List<Snapshot>> OTHER_SEEDS = new java.util.HashMap<>();

  /** The same short run with another seed (no mid-run change), trained once per test JVM. */
  static synchronized List<Snapshot> withSeed(long seed) throws InterruptedException {
    List<Snapshot> cached = OTHER_SEEDS.get(seed);
    if (cached != null) {
      return cached;
    }
    TrainingConfig config = CONFIG.with("seed", Long.toString(seed));
    List<Snapshot> out = Collections.synchronizedList(new ArrayList<>());
    Trainer t =
        new Trainer(
                config,
                Experiments.create(config),
                new TrainingListener() {
                  @Override
                  public void onSnapshot(Snapshot s) {
                    out.add(s);
                  }
                })
            .start();
    t.play();
    t.join();
    OTHER_SEEDS.put(seed, List.copyOf(out));
    return OTHER_SEEDS.get(seed);
  }

  static synchronized List<Snapshot> get() throws InterruptedException {
    if (snapshots == null) {
      List<Snapshot> out = Collections.synchronizedList(new ArrayList<>());
      Trainer t =
          new Trainer(
                  CONFIG,
                  Experiments.create(CONFIG),
                  new TrainingListener() {
                    @Override
                    public void onSnapshot(Snapshot s) {
                      out.add(s);
                    }
                  })
              .start();
      t.change("beta", "0.02"); // a mid-run change, recorded from the first iteration on
      t.play();
      t.join();
      snapshots = List.copyOf(out);
    }
    return snapshots;
  }
}
