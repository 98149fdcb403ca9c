package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/** Small runs and file checks shared by the run-folder tests. */
final class RunFixtures {
  private RunFixtures() {}

  /** A small parity/PonderNet setup that trains 400 iterations in about a second. */
  static TrainingConfig small(int iterations) {
    return TrainingConfig.fromText(
        Map.of(
            "iterations",
            Integer.toString(iterations),
            "eval-every",
            "50",
            "hidden",
            "8",
            "max-steps",
            "6",
            "batch",
            "32",
            "validation-size",
            "256",
            "seed",
            "7",
            "eval-rule",
            "sample"));
  }

  /** Records what a session publishes. */
  static final class Recorder implements TrainingListener {
    final List<Snapshot> snapshots = new ArrayList<>();

    @Override
    public synchronized void onSnapshot(Snapshot s) {
      snapshots.add(s);
    }
  }

  static TrainerState train(Path dir, TrainingConfig config, Recorder recorder) throws Exception {
    return RunSession.create(dir, config, List.of("test"), recorder).start().await(i -> {}, 100);
  }

  /** SHA-256 of every file under {@code dir}, by relative path. */
  static Map<String, String> checksums(Path dir) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        try {
          byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
          sums.put(dir.relativize(p).toString(), HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return sums;
  }

  /** The rows of a CSV file with the given columns (0-based) removed. */
  static List<String> withoutColumns(Path csv, int... columns) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      String[] cells = line.split(",", -1);
      List<String> kept = new ArrayList<>();
      outer:
      for (int i = 0; i < cells.length; i++) {
        for (int c : columns) {
          if (c == i) {
            continue outer;
          }
        }
        kept.add(cells[i]);
      }
      out.add(String.join(",", kept));
    }
    return out;
  }
}
