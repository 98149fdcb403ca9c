package org.ponderlab.core.halting;

/**
 * Optional part of a {@link HaltingMethod}: it can tell, while a batch's steps run one at a time,
 * that the batch needs no more, so the trainer and the evaluator really stop it (HALTING.md "Step
 * recurrence": an example that halted at step k costs k steps, and the model really stops running
 * it or the batch). With a {@link org.ponderlab.core.model.StepwiseNetwork} the runner calls {@link
 * #enough} after every step and stops at the first {@code true} (or at N); the loss and the
 * decision then see a {@link StepOutputs} with {@code steps} &lt; {@code maxSteps}.
 *
 * <p>A batch runs until its last example halts: in a per-example rule, examples that halted earlier
 * are still counted at their own halting step (what they would cost on their own), while the
 * batch's steps run — the compute the code really spent — is reported apart ({@code stepsRun}).
 */
public interface EarlyExit {
  /**
   * Whether batches may stop early at all under this config, in training ({@code rule} null) or
   * under that evaluation rule; if not, the runner takes the network's all-steps forward.
   */
  boolean stopsEarly(HaltingSettings config, EvaluationRule rule);

  /**
   * Whether the steps run so far ({@code soFar.steps()}, fewer than {@code soFar.maxSteps()}) are
   * all this batch needs: in training when {@code rule} is null, else under that evaluation rule.
   * Returning false runs the next step; a method returns false for every rule it does not stop
   * early under.
   */
  boolean enough(StepOutputs soFar, HaltingSettings config, EvaluationRule rule);
}
