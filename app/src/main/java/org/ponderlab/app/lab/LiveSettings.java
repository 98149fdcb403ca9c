package org.ponderlab.app.lab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The settings that change while a run trains ({@link Trainer#LIVE_SETTINGS}: learning rate, β,
 * λ_p, evaluation rule, q): sends a changed form value to the trainer, once, and says in the status
 * bar when it takes effect.
 */
final class LiveSettings {
  private final SetupModel setup;
  private final StatusLine status;

  /** Values sent to the trainer (it applies them at its next iteration), by setting name. */
  private final Map<String, String> sent = new HashMap<>();

  LiveSettings(SetupModel setup, StatusLine status) {
    this.setup = setup;
    this.status = status;
  }

  /** A new trainer starts from its config's values. */
  void clear() {
    sent.clear();
  }

  /**
   * Sends the form's value of a live setting to the trainer when it is valid and differs from the
   * value in force; while paused (after some training) the model is re-evaluated under it at once.
   *
   * @return whether a change was sent
   */
  boolean apply(String name, Session session, boolean running, long iteration) {
    FieldModel fm = setup.field(name);
    if (!fm.live() || fm.getError() != null) {
      return false;
    }
    if (name.equals("eval-rule")) {
      String rule = (String) fm.field().parse(fm.getText());
      List<String> rules = SetupModel.rulesOf(session.config.method());
      if (!rule.equals("default") && !rules.contains(rule)) {
        return false; // the form shows why
      }
    }
    String now = sent.getOrDefault(name, session.trainer().config().toText().get(name));
    Object current = fm.field().parse(now);
    Object wanted = fm.field().parse(fm.getText());
    if (current.equals(wanted)) {
      return false;
    }
    try {
      session.trainer().change(name, fm.getText().trim());
    } catch (ConfigException e) {
      status.fail(StatusText.cannotStart(e));
      return false;
    }
    sent.put(name, wanted.toString());
    if (!running && iteration > 0) {
      // paused: evaluate the trained model under the new setting now, instead of at the next
      // evaluation
      session.trainer().evaluateNow();
      status.say(
          fm.field().label()
              + " changed from "
              + now
              + " to "
              + wanted
              + "; re-evaluating the model as it is now. The charts mark the change.");
    } else {
      status.say(
          fm.field().label()
              + " changes from "
              + now
              + " to "
              + wanted
              + " at the next iteration; the charts mark it.");
    }
    return true;
  }

  /**
   * The value of a live setting in force at a snapshot: the last change at or before its iteration,
   * or the run's starting value ({@code start}'s when the snapshot records no change).
   */
  static String settingAt(Snapshot s, String name, TrainingConfig start) {
    String value = null;
    for (SettingChange c : s.changes()) {
      if (c.name().equals(name) && c.iteration() <= s.iteration()) {
        value = c.to();
      }
    }
    if (value != null) {
      return value;
    }
    for (SettingChange c : s.changes()) {
      if (c.name().equals(name)) {
        return c.from();
      }
    }
    return start == null ? "?" : start.toText().get(name);
  }
}
