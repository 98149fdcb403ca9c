package org.ponderlab.core.train;

/**
 * One validation input as the ponder map shows it.
 *
 * @param index       position in the validation set
 * @param difficulty  its difficulty (parity: non-zeros)
 * @param input       the input values (for the hover text)
 * @param label       the true label
 * @param prediction  the prediction under the evaluation rule
 * @param haltStep    the halting step under the evaluation rule (1-based)
 * @param haltingProb p_n per step n = 1..N
 */
public record PonderRow(
    int index, int difficulty, float[] input, int label, int prediction, int haltStep, double[] haltingProb) {}
