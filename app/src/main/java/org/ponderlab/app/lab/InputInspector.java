package org.ponderlab.app.lab;

import java.util.concurrent.CompletableFuture;

/**
 * Computes one input step by step on the trained model, on a background thread (the network lives
 * there, never on the FX thread); the future completes there with plain arrays. A bad typed input
 * completes exceptionally with an {@link IllegalArgumentException} whose message says what is
 * wrong.
 */
interface InputInspector {
  /** The task the model was trained on (parity, mnist, cpvr): which input editor to show. */
  String task();

  /** A validation input of the run, by its index in the validation set. */
  CompletableFuture<Inspected> validation(int index);

  /** A typed input: a parity vector "1,0,-1,…" or a C-PVR list "3,1,4,…". */
  CompletableFuture<Inspected> typed(String text);

  /** A drawn digit (784 values in [0, 1]). */
  CompletableFuture<Inspected> drawn(float[] pixels);

  /** What a typed input looks like for this task (the field's prompt). */
  String typedExample();
}
