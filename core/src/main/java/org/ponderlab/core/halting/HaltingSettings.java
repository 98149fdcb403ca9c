package org.ponderlab.core.halting;

/**
 * Each halting method's hyperparameters as its own record, read afresh on every call so the live
 * ones (β, λ_p, q) may change between iterations. A method reads only its own record; the run's
 * settings ({@code TrainingConfig}) provide all of them, which keeps this package free of the
 * training package.
 */
public interface HaltingSettings {
  PonderNet.Params ponderNet();

  Act.Params act();

  Pact.Params pact();

  Lac.Params lac();

  Palbert.Params palbert();

  Pabee.Params pabee();
}
