package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.model.PalbertNetwork;

/**
 * PALBERT's Lambda head trains at {@code lambda-lr}, the rest at {@code lr}: Adam's first step
 * moves every parameter with a non-zero gradient by exactly its rate (m̂/√v̂ = ±1), so after one
 * training step each parameter has moved by lr or by lambda-lr. (Mutation seen failing: removing
 * the rate ratio in TrainingStep — then the Lambda head moves by lr.)
 */
class LambdaLearningRateTest {
  @Test
  void lambdaHeadMovesAtItsOwnRate() {
    TrainingConfig config =
        TrainingConfig.fromText(
            Map.of(
                "method",
                "palbert",
                "bits",
                "4",
                "hidden",
                "8",
                "max-steps",
                "4",
                "batch",
                "16",
                "lr",
                "0.001",
                "lambda-lr",
                "0.0001",
                "seed",
                "3"));
    Experiment experiment = Experiments.create(config);
    TrainingStep step = new TrainingStep(experiment, config);
    float[] before = step.parameters().clone();
    step.run(config);
    float[] after = step.parameters();
    PalbertNetwork net = (PalbertNetwork) experiment.network();
    int lambdaMoves = 0;
    int otherMoves = 0;
    for (int i = 0; i < before.length; i++) {
      double moved = Math.abs(after[i] - before[i]);
      if (moved == 0) {
        continue; // a parameter whose gradient was exactly 0
      }
      boolean lambda = i >= net.lambdaHead().from() && i < net.lambdaHead().to();
      // Adam's ε makes a tiny gradient move a little less than its rate
      double rate = lambda ? 0.0001 : 0.001;
      assertTrue(moved <= rate * (1 + 1e-4), "parameter " + i + " moved " + moved);
      if (moved > rate * 0.99) {
        if (lambda) {
          lambdaMoves++;
        } else {
          otherMoves++;
        }
      }
    }
    assertTrue(lambdaMoves > 50, "Lambda parameters moved by lambda-lr: " + lambdaMoves);
    assertTrue(otherMoves > 50, "other parameters moved by lr: " + otherMoves);
    assertEquals(1, step.optimizer().steps());
  }
}
