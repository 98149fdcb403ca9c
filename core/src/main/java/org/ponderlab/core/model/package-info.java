/**
 * Step functions and heads of the lab's models, with hand-written forward and backward kernels.
 *
 * <p>The GRU PonderNet of the parity task runs on {@link org.ponderlab.core.model.GruCell} and
 * {@link org.ponderlab.core.model.LinearHeads} (together: {@link
 * org.ponderlab.core.model.PonderNetwork}): pure Java with the JDK Vector API, allocation-free per
 * iteration, one thread. ND4J's per-op dispatch made the same network 10–20× slower at these sizes
 * (ARCHITECTURE.md, "ND4J facts"); the test sources hold the same network in SameDiff ({@code
 * Nd4jPonderReference}), against which every logit and gradient is checked. The shared pieces
 * (matrix products, activations and their derivatives, column sums, transposes, a PyTorch {@code
 * Linear}) live in {@link org.ponderlab.core.model.kernel}.
 *
 * <p>Typical training iteration (the loss and optimiser live elsewhere):
 *
 * <pre>{@code
 * network.forward(params, x, batch, steps);          // logits for steps 1..N
 * // loss reads network.outputLogits(), network.haltingLogits()
 * // and writes dL/dlogits into dY, dA (same layouts)
 * network.backward(params, dY, dA, grads, null);     // grads overwritten
 * }</pre>
 *
 * Early exit (LAC) runs a {@link org.ponderlab.core.model.StepwiseNetwork} one step at a time
 * instead: {@code begin(params, x, batch)}, then {@code step(params)} until the method has enough
 * (each step's logits and norms are ready as soon as it has run), then the same {@code backward},
 * which covers the steps run.
 *
 * <p>Performance notes for whoever edits the kernels (JDK 17's incubating Vector API): keep vectors
 * inside one method (a helper that takes or returns a vector allocates when the JIT does not inline
 * it), keep methods with vector loops larger than C2's FreqInlineSize (325 bytecodes) or called
 * only from such methods so their inlining depth stays shallow, and run {@code AllocationFreeTest}
 * and {@code KernelBench} (test sources): an allocation per iteration means some vector operation
 * fell back to boxed Java code.
 */
package org.ponderlab.core.model;
