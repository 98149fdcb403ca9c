package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.halting.LossParts;
import org.ponderlab.core.halting.PonderNet;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.model.PonderNetwork;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.task.ParityTask;

/**
 * Finite-difference check of the whole training loss — network forward, PonderNet's L_rec + β·KL,
 * the method's hand-derived gradient and the kernel's backward — against central differences in the
 * parameters.
 */
class WholeLossGradientTest {
  @Test
  void backpropagatedGradientMatchesCentralDifferencesOfTheLoss() {
    for (String kl : new String[] {"forward", "reversed"}) {
      TrainingConfig config =
          TrainingConfig.fromText(
              Map.of(
                  "bits",
                  "5",
                  "hidden",
                  "7",
                  "max-steps",
                  "6",
                  "batch",
                  "9",
                  "beta",
                  "0.3",
                  "lambda-p",
                  "0.3",
                  "kl",
                  kl,
                  "prior",
                  "normalized"));
      check(config);
    }
  }

  private static void check(TrainingConfig config) {
    int steps = config.maxSteps();
    ParityTask task = new ParityTask(config.bits(), ParityTask.Label.PLUS_ONES, 16, 1);
    Batch batch = Batch.allocate(config.batch(), config.bits());
    task.sample(new SplittableRandom(3), batch);
    PonderNetwork net = new PonderNetwork(config.bits(), config.hidden(), 1, steps, config.batch());
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 17, 0.5f);
    // larger weights than the default init, so every gate and step carries gradient
    for (int i = 0; i < params.length; i++) {
      params[i] *= 3f;
    }
    PonderNet method = new PonderNet();
    float[] dOut = new float[steps * config.batch()];
    float[] dHalt = new float[steps * config.batch()];
    float[] grads = new float[params.length];
    loss(net, method, params, batch, config, dOut, dHalt);
    net.backward(params, dOut, dHalt, grads);

    SplittableRandom pick = new SplittableRandom(5);
    double worst = 0;
    int checked = 0;
    for (int k = 0; k < 300; k++) {
      int i = pick.nextInt(params.length);
      float saved = params[i];
      double h = 1e-2;
      params[i] = (float) (saved + h);
      double up = loss(net, method, params, batch, config, dOut, dHalt);
      params[i] = (float) (saved - h);
      double down = loss(net, method, params, batch, config, dOut, dHalt);
      params[i] = saved;
      double numeric = (up - down) / (2 * h);
      double analytic = grads[i];
      if (Math.abs(numeric) < 1e-4 && Math.abs(analytic) < 1e-4) {
        continue;
      }
      double rel = Math.abs(numeric - analytic) / Math.max(Math.abs(numeric), Math.abs(analytic));
      worst = Math.max(worst, rel);
      checked++;
    }
    assertTrue(checked > 100, "too few informative coordinates: " + checked);
    assertTrue(worst < 3e-2, config.kl() + ": worst relative error " + worst);
  }

  private static double loss(
      PonderNetwork net,
      PonderNet method,
      float[] params,
      Batch batch,
      TrainingConfig config,
      float[] dOut,
      float[] dHalt) {
    net.forward(params, batch.inputs(), batch.size(), config.maxSteps());
    StepOutputs out =
        new StepOutputs(
            net.outputLogits(),
            net.haltingLogits(),
            net.hiddenNorms(),
            batch.size(),
            config.maxSteps(),
            1,
            OutputKind.BINARY);
    LossParts parts =
        method.loss(out, batch.labels(), config, new SplittableRandom(1), dOut, dHalt);
    return parts.total();
  }
}
