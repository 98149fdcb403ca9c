package org.ponderlab.app.lab;

import java.util.Map;
import org.ponderlab.app.charts.InputStepsChart;

/**
 * One input step by step, as the input view shows it (plain arrays, index n−1), computed off the FX
 * thread by an {@link InputInspector}.
 *
 * @param task the task's name (parity, mnist, cpvr)
 * @param input the input values
 * @param label the true label, −1 when unknown (a drawn digit)
 * @param difficulty its difficulty, −1 when unknown
 * @param lambda λ_n
 * @param p p_n (sums to 1)
 * @param cumulative Σ_{j≤n} p_j
 * @param prediction ŷ_n
 * @param confidence the probability the model gives ŷ_n
 * @param expectedStep E[n] = Σ n·p_n
 * @param q the q-exit threshold in force
 * @param stops rule name → halting step, the method's own rule first
 * @param stopPredictions rule name → the prediction it makes there
 */
record Inspected(
    String task,
    float[] input,
    int label,
    int difficulty,
    double[] lambda,
    double[] p,
    double[] cumulative,
    int[] prediction,
    double[] confidence,
    double expectedStep,
    double q,
    Map<String, Integer> stops,
    Map<String, Integer> stopPredictions) {

  int steps() {
    return p.length;
  }

  InputStepsChart.Steps chartSteps() {
    return new InputStepsChart.Steps(lambda, p, cumulative, confidence, stops);
  }
}
