package org.ponderlab.app.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigField;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The setup form's state: one {@link FieldModel} per setting of the {@link ConfigFields} catalogue,
 * re-validated on every keystroke. The form is valid when every setting the chosen task and method
 * use is valid and the settings agree with each other; then {@link #configProperty()} holds the
 * {@link TrainingConfig} a run would use.
 */
final class SetupModel {
  private final Map<String, FieldModel> fields = new LinkedHashMap<>();
  private final ReadOnlyObjectWrapper<TrainingConfig> config = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
  private boolean loading;

  /** The method the form's per-method defaults were last filled for. */
  private String defaultsMethod;

  public SetupModel() {
    for (ConfigField f : ConfigFields.all()) {
      FieldModel fm = new FieldModel(f);
      fm.textProperty()
          .addListener((o, was, now) -> recompute()); // after the field validated itself
      fields.put(f.name(), fm);
    }
    defaultsMethod = choice("method");
    recompute();
  }

  /** Every setting, in the catalogue's order (shown or not). */
  public List<FieldModel> fields() {
    return List.copyOf(fields.values());
  }

  public FieldModel field(String name) {
    FieldModel fm = fields.get(name);
    if (fm == null) {
      throw new IllegalArgumentException("no setting named " + name);
    }
    return fm;
  }

  /**
   * Fills the form from settings given as text (e.g. the command line's), leaving others as they
   * are.
   */
  public void load(Map<String, String> values) {
    loading = true;
    List<String> given = new ArrayList<>();
    try {
      values.forEach(
          (k, v) -> {
            String name = ConfigFields.get(k).name();
            given.add(name);
            field(name).setText(v);
          });
    } finally {
      loading = false;
    }
    followMethodDefaults(given);
    recompute();
  }

  /**
   * When the method changes, a setting still at the old method's default moves to the new method's
   * (ACT and PACT start their halting bias at −3, the others at 0), exactly as the command line
   * applies them; a value the user typed, or that {@code keep} names, stays.
   */
  private void followMethodDefaults(List<String> keep) {
    String method = choice("method");
    String was = defaultsMethod;
    if (method.equals(was)) {
      return;
    }
    defaultsMethod = method;
    loading = true;
    try {
      for (FieldModel fm : fields.values()) {
        String oldDefault = ConfigFields.defaultText(fm.name(), was);
        String newDefault = ConfigFields.defaultText(fm.name(), method);
        if (!keep.contains(fm.name())
            && !oldDefault.equals(newDefault)
            && sameValue(fm, oldDefault)) {
          fm.setText(newDefault);
        }
      }
    } finally {
      loading = false;
    }
  }

  private static boolean sameValue(FieldModel fm, String text) {
    if (!fm.ownValid()) {
      return false;
    }
    return Objects.equals(fm.field().parse(fm.getText()), fm.field().parse(text));
  }

  /** The default the form shows for {@code fm} under the chosen method. */
  public String defaultFor(FieldModel fm) {
    return ConfigFields.defaultText(fm.name(), choice("method"));
  }

  private void recompute() {
    if (loading) {
      return;
    }
    followMethodDefaults(List.of());
    String task = choice("task");
    String method = choice("method");
    Map<String, String> text = new LinkedHashMap<>();
    String firstProblem = null;
    for (FieldModel fm : fields.values()) {
      fm.setShown(fm.field().appliesTo(task, method));
      fm.setCrossError(null);
      if (fm.ownValid()) {
        text.put(fm.name(), fm.getText());
      } else if (fm.isShown() && firstProblem == null) {
        firstProblem = fm.field().label() + ": " + fm.getError();
      }
      // an invalid setting the chosen method does not use takes its default and blocks nothing
    }
    TrainingConfig c = null;
    if (firstProblem == null) {
      try {
        checkRule(method);
        c = TrainingConfig.fromText(text);
      } catch (ConfigException e) {
        FieldModel named = fields.get(e.field());
        if (named != null) {
          named.setCrossError(e.reason());
          // a setting the task or method does not use is hidden, unless its value is what blocks
          // the run (MNIST's mlp cell kept after switching to parity): then it shows, with why
          named.setShown(true);
        }
        firstProblem = (named == null ? e.field() : named.field().label()) + ": " + e.reason();
      }
    }
    config.set(c);
    valid.set(c != null);
    problem.set(firstProblem);
  }

  /** The rules the method supports (its default first), or an empty list for an unknown method. */
  public static List<String> rulesOf(String method) {
    try {
      return HaltingMethods.create(method).rules().stream().map(EvaluationRule::cliName).toList();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  private void checkRule(String method) {
    String rule = choice("eval-rule");
    List<String> rules = rulesOf(method);
    if (!"default".equals(rule) && !rules.isEmpty() && !rules.contains(rule)) {
      throw new ConfigException(
          "eval-rule",
          rule,
          StatusText.methodName(method)
              + " supports "
              + String.join(", ", rules)
              + " (default: "
              + rules.get(0)
              + ")");
    }
  }

  private String choice(String name) {
    FieldModel fm = field(name);
    return fm.ownValid() ? (String) fm.field().parse(fm.getText()) : fm.field().defaultText();
  }

  /** The config the form describes, or null while something is invalid. */
  public ReadOnlyObjectProperty<TrainingConfig> configProperty() {
    return config.getReadOnlyProperty();
  }

  public TrainingConfig getConfig() {
    return config.get();
  }

  public ReadOnlyBooleanProperty validProperty() {
    return valid.getReadOnlyProperty();
  }

  public boolean isValid() {
    return valid.get();
  }

  /** The first refused setting, as "label: reason", or null when all are valid. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /**
   * Locks the form for a run: while a run exists only the live settings stay editable, and those
   * only while it can still train.
   */
  void lock(boolean runExists, boolean liveAllowed) {
    for (FieldModel fm : fields.values()) {
      fm.setEditable(!runExists || (fm.live() && liveAllowed));
    }
  }

  /**
   * Lets the evaluation rule and q change on a finished or reopened run (its model is re-evaluated;
   * nothing is retrained).
   */
  void unlockEvaluation() {
    for (String name : java.util.List.of("eval-rule", "q")) {
      if (fields.containsKey(name)) {
        fields.get(name).setEditable(true);
      }
    }
  }

  /** Locks the form for continuing an opened run: only the iteration budget may change. */
  void lockForContinue() {
    for (FieldModel fm : fields.values()) {
      fm.setEditable(fm.name().equals("iterations"));
    }
  }

  /**
   * The {@code ./ponderlab train} command that reproduces this setup: only settings that differ
   * from their defaults and that the chosen task and method use, then {@code extra} options and
   * {@code --out}. Null while the form is invalid.
   */
  public String commandLine(List<String> extra) {
    TrainingConfig c = getConfig();
    if (c == null) {
      return null;
    }
    List<String> words = new ArrayList<>(List.of("./ponderlab", "train"));
    c.toText()
        .forEach(
            (name, value) -> {
              // against the method's own default: ACT at halting bias 0 must say so, since its
              // default is −3
              ConfigField f = field(name).field();
              Object methodDefault = f.parse(ConfigFields.defaultText(name, c.method()));
              if (field(name).isShown() && !Objects.equals(f.parse(value), methodDefault)) {
                words.add("--" + name);
                words.add(value);
              }
            });
    words.addAll(extra);
    words.add("--out");
    words.add("runs/" + c.task() + "-" + c.method() + "-seed" + c.seed());
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(shellQuote(w));
    }
    return sb.toString();
  }

  /** Quotes a word for a POSIX shell when it needs it. */
  static String shellQuote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=+,@%-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
