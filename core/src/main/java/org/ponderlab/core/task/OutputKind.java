package org.ponderlab.core.task;

/** What a task's per-step output head predicts. */
public enum OutputKind {
  /** One logit, BCE-with-logits loss (parity). */
  BINARY,
  /** One logit per class, softmax cross-entropy (MNIST, C-PVR). */
  CLASSES
}
