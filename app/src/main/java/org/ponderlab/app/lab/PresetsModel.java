package org.ponderlab.app.lab;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.ponderlab.core.run.Preset;
import org.ponderlab.core.run.Presets;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The presets of the setup panel: the shipped and the user's presets (read from disk in the
 * background), filling the form from one, and saving the form as one of the user's.
 */
final class PresetsModel {
  private final SetupModel setup;
  private final StatusLine status;
  private final BackgroundWork work;

  /** Whether a run exists (the form is locked until Reset, so no preset may fill it). */
  private final BooleanSupplier runExists;

  private final ObservableList<Preset> presets = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper presetName = new ReadOnlyStringWrapper();
  private CompletableFuture<Void> lastRefresh = CompletableFuture.completedFuture(null);

  PresetsModel(
      SetupModel setup, StatusLine status, BackgroundWork work, BooleanSupplier runExists) {
    this.setup = setup;
    this.status = status;
    this.work = work;
    this.runExists = runExists;
  }

  /**
   * Re-reads the shipped and the user's presets in the background; a folder that cannot be read
   * shows its reason.
   *
   * @return completes once the list is updated
   */
  public CompletableFuture<List<Preset>> refresh() {
    CompletableFuture<List<Preset>> listed =
        work.run(
            "Reading the presets…",
            Presets::list,
            presets::setAll,
            e -> {
              presets.clear();
              status.fail("Can't list the presets: " + e.getMessage());
            });
    lastRefresh = listed.handle((list, e) -> null);
    return listed;
  }

  /**
   * Completes once the latest {@link #refresh()} has updated the list (or failed, with its reason
   * shown).
   */
  public CompletableFuture<Void> listed() {
    return lastRefresh;
  }

  /** The presets found by the last {@link #refresh()}, shipped and the user's. */
  public ObservableList<Preset> presets() {
    return presets;
  }

  /** The preset the form was last filled from, or null. */
  public ReadOnlyStringProperty presetNameProperty() {
    return presetName.getReadOnlyProperty();
  }

  /**
   * Fills the form from a preset: every setting back to its default, then the preset's values
   * (validated as if typed). Refused while a run exists (the form is locked until Reset).
   *
   * @return whether the form was filled
   */
  public boolean apply(Preset preset) {
    if (runExists.getAsBoolean()) {
      status.fail("Reset the run before choosing a preset: the setup is fixed while a run exists.");
      return false;
    }
    Map<String, String> values = new LinkedHashMap<>(TrainingConfig.defaults().toText());
    values.putAll(preset.settings());
    try {
      setup.load(values);
    } catch (RuntimeException e) {
      status.fail("Preset " + preset.name() + " can't be used: " + e.getMessage());
      return false;
    }
    presetName.set(preset.name());
    status.fail(null);
    status.say(
        "Preset "
            + preset.name()
            + ": "
            + preset.description()
            + (setup.isValid() ? "" : " Fix the settings marked in red before Play."));
    return true;
  }

  /**
   * Saves the form's setup as one of the user's presets, in the background.
   *
   * @return completes with null when saved, otherwise why not, in words (also shown in the status
   *     bar)
   */
  public CompletableFuture<WriteOutcome> saveSetup(String name, String description) {
    return saveSetup(name, description, false);
  }

  /**
   * Saves the setup as a preset; a user preset of that name is replaced only with {@code replace}
   * (otherwise the outcome {@linkplain WriteOutcome#asksToReplace() asks}, and the window saves
   * again with {@code replace} once the user agrees).
   */
  public CompletableFuture<WriteOutcome> saveSetup(
      String name, String description, boolean replace) {
    TrainingConfig c = setup.getConfig();
    if (c == null) {
      return CompletableFuture.completedFuture(
          refused("Fix the settings marked in red before saving a preset."));
    }
    String trimmedName = name == null ? "" : name.trim();
    String trimmedDescription = description == null ? "" : description.trim();
    CompletableFuture<WriteOutcome> outcome = new CompletableFuture<>();
    work.run(
        "Saving preset " + trimmedName + "…",
        () -> {
          if (!replace && Presets.hasUserPreset(trimmedName)) {
            return null; // asked first: the window's confirmation, not the command line's
            // --overwrite
          }
          Path file = Presets.save(trimmedName, trimmedDescription, c, replace);
          return new Saved(file, Presets.list());
        },
        saved -> {
          if (saved == null) {
            outcome.complete(
                WriteOutcome.asksToReplace(
                    trimmedName,
                    "You already have a preset named "
                        + trimmedName
                        + ". Press Replace to overwrite it, or choose another name."));
            return;
          }
          presets.setAll(saved.presets());
          presetName.set(trimmedName);
          status.say("Saved the setup as preset " + trimmedName + " (" + saved.file() + ").");
          status.fail(null);
          outcome.complete(WriteOutcome.written());
        },
        e -> outcome.complete(refused(whyNotSaved(e))));
    return outcome;
  }

  private record Saved(Path file, List<Preset> presets) {}

  private static String whyNotSaved(Throwable e) {
    if (e instanceof ConfigException c) {
      return "Can't save the preset: " + c.reason();
    }
    return "Can't save the preset: " + e.getMessage();
  }

  private WriteOutcome refused(String problem) {
    status.fail(problem);
    return WriteOutcome.refused(problem);
  }
}
