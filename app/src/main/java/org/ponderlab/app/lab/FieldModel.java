package org.ponderlab.app.lab;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigField;

/**
 * One setting of the setup form: the text the user typed, whether it is valid (and if not, why, in
 * the words of {@link ConfigException#reason()}), whether the chosen task and method use it, and
 * whether it may be edited right now.
 */
final class FieldModel {
  private final ConfigField field;
  private final StringProperty text = new SimpleStringProperty();
  private final ReadOnlyStringWrapper ownError = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper crossError = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
  private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper(true);
  private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper(true);

  FieldModel(ConfigField field) {
    this.field = field;
    // an invalidation listener, registered first: it runs before any listener the form adds
    text.addListener((javafx.beans.InvalidationListener) o -> validate());
    ownError.addListener(o -> updateError());
    crossError.addListener(o -> updateError());
    text.set(field.defaultText());
    validate();
  }

  private void validate() {
    ownError.set(reasonFor(text.get()));
  }

  private void updateError() {
    error.set(ownError.get() != null ? ownError.get() : crossError.get());
  }

  /** Why {@code value} is refused, or null when it is allowed. */
  String reasonFor(String value) {
    try {
      field.parse(value);
      return null;
    } catch (ConfigException e) {
      return e.reason();
    }
  }

  public ConfigField field() {
    return field;
  }

  public String name() {
    return field.name();
  }

  /** Whether this setting may change while the run trains (its catalogue field says so). */
  public boolean live() {
    return field.live();
  }

  public StringProperty textProperty() {
    return text;
  }

  public String getText() {
    return text.get();
  }

  public void setText(String value) {
    text.set(value);
  }

  /** The reason the value is refused (its own range, or a rule across fields), or null. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public String getError() {
    return error.get();
  }

  boolean ownValid() {
    return ownError.get() == null;
  }

  void setCrossError(String reason) {
    crossError.set(reason);
  }

  /** Whether the chosen task and method use this setting (the form shows only those). */
  public ReadOnlyBooleanProperty shownProperty() {
    return shown.getReadOnlyProperty();
  }

  public boolean isShown() {
    return shown.get();
  }

  void setShown(boolean value) {
    shown.set(value);
  }

  /** False while a run holds the setting fixed (every setting but the live ones). */
  public ReadOnlyBooleanProperty editableProperty() {
    return editable.getReadOnlyProperty();
  }

  public boolean isEditable() {
    return editable.get();
  }

  void setEditable(boolean value) {
    editable.set(value);
  }
}
