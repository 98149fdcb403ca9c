package org.ponderlab.core.model.mnist;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ponderlab.core.model.GruCell;
import org.ponderlab.core.model.MlpCell;
import org.ponderlab.core.model.RecurrentCell;

/**
 * The recurrent cell {@link MnistNetwork} runs on the encoder's features (HALTING.md: "a recurrent
 * cell (GRU or MLP)"): the setting {@code cell}.
 */
public enum MnistCell {
  /** {@link GruCell}: the lab's default since MNIST existed. */
  GRU,
  /** {@link MlpCell}: h_n = tanh(W₂·relu(W₁·[e; h_{n−1}] + b₁) + b₂), paper 000's MLP. */
  MLP;

  /** The setting's values, in declaration order. */
  public static final List<String> IDS = Arrays.stream(values()).map(MnistCell::id).toList();

  /** The setting's value: {@code gru} or {@code mlp}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The cell of that id; throws {@link IllegalArgumentException} naming the ids allowed. */
  public static MnistCell parse(String id) {
    for (MnistCell c : values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown cell '" + id + "'; allowed: " + IDS);
  }

  /** A cell of this kind for {@code shape}, with buffers for maxSteps × maxBatch. */
  RecurrentCell create(MnistNetworkShape shape, int maxSteps, int maxBatch) {
    return switch (this) {
      case GRU -> new GruCell(shape.features(), shape.hidden(), maxSteps, maxBatch);
      case MLP ->
          new MlpCell(shape.features(), shape.hidden(), shape.mlpHidden(), maxSteps, maxBatch);
    };
  }
}
