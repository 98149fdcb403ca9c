package org.ponderlab.core.halting;

import java.util.function.Function;

/**
 * A method's parameter record for the settings it was last read from. Settings are immutable (a
 * live change is a new instance), so the record is rebuilt only when they change and a training
 * iteration allocates nothing.
 */
final class ParamsMemo<P> {
  private final Function<HaltingSettings, P> read;
  private HaltingSettings from;
  private P params;

  ParamsMemo(Function<HaltingSettings, P> read) {
    this.read = read;
  }

  P of(HaltingSettings settings) {
    if (settings != from) {
      params = read.apply(settings);
      from = settings;
    }
    return params;
  }
}
