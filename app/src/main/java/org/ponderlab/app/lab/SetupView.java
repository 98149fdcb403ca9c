package org.ponderlab.app.lab;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import org.ponderlab.core.run.Preset;
import org.ponderlab.core.train.ConfigField;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.ConfigGroup;

/**
 * The setup panel (left): task, halting method and the settings they use, each validated as the
 * user types. A refused value gets a ControlsFX error decoration and its reason written under the
 * field. During a run only the live settings (the catalogue marks them: lr, λ_p, β, eval-rule, q)
 * stay editable; Enter applies them.
 */
final class SetupView {
  private final LabModel model;
  private final ValidationSupport validation = new ValidationSupport();
  private final ScrollPane node;
  private final Label commandLine = new Label();

  SetupView(LabModel model) {
    this.model = model;
    VBox content = new VBox();
    content.getStyleClass().add("setup-content");
    SetupModel setup = model.setup();
    String live =
        model.setup().fields().stream()
            .filter(FieldModel::live)
            .map(f -> f.field().label())
            .collect(java.util.stream.Collectors.joining(", "));
    Label lockNote =
        new Label(
            "A run is in progress: settings are fixed until Reset, except these, which change live: "
                + live
                + ".");
    lockNote.setId("lockNote");
    lockNote.getStyleClass().add("lock-note");
    lockNote.visibleProperty().bind(model.trainerStateProperty().isNotNull());
    lockNote.managedProperty().bind(lockNote.visibleProperty());
    content.getChildren().add(lockNote);
    content.getChildren().add(createPresets());
    // each field names its group in the catalogue; the form shows the groups in order
    for (ConfigGroup group : ConfigGroup.values()) {
      if (!group.inForm()) {
        continue; // the transport bar shows the stop condition
      }
      Label title = new Label(group.title());
      title.getStyleClass().add("setup-group");
      content.getChildren().add(title);
      VBox fields = new VBox(1);
      for (ConfigField f : ConfigFields.inGroup(group)) {
        fields.getChildren().add(createField(setup.field(f.name())));
      }
      bindGroupVisibility(title, fields);
      content.getChildren().add(fields);
    }
    content.getChildren().add(createCommandLine());
    node = new ScrollPane(content);
    node.setFitToWidth(true);
    node.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    node.getStyleClass().add("setup");
    node.setPrefWidth(290);
    node.setMinWidth(240);
  }

  Node node() {
    return node;
  }

  ValidationSupport validation() {
    return validation;
  }

  private static void bindGroupVisibility(Label title, VBox fields) {
    var anyShown =
        Bindings.createBooleanBinding(
            () -> fields.getChildren().stream().anyMatch(Node::isVisible),
            fields.getChildren().stream()
                .map(Node::visibleProperty)
                .toArray(javafx.beans.Observable[]::new));
    title.visibleProperty().bind(anyShown);
    title.managedProperty().bind(anyShown);
  }

  private Node createField(FieldModel fm) {
    ConfigField f = fm.field();
    Label label = new Label(f.label());
    label.getStyleClass().add("setup-label");
    Control control = f.type() == ConfigField.Type.CHOICE ? createChoice(fm) : createText(fm);
    control.setId("field-" + f.name());
    control.setMaxWidth(Double.MAX_VALUE);
    control.disableProperty().bind(fm.editableProperty().not());
    StringBuilder perMethod = new StringBuilder();
    ConfigFields.methodDefaults(f.name())
        .forEach(
            (method, value) ->
                perMethod
                    .append(perMethod.length() == 0 ? " (" : ", ")
                    .append(StatusText.methodName(method))
                    .append(": ")
                    .append(value));
    if (perMethod.length() > 0) {
      perMethod.append(')');
    }
    String tip =
        f.description()
            + "\nDefault: "
            + (f.defaultText().isEmpty() ? "none" : f.defaultText())
            + perMethod
            + "   Allowed: "
            + f.range()
            + (f.unit().isEmpty() ? "" : " " + f.unit())
            + (fm.live() ? "\nMay change while training: type a value and press Enter." : "");
    Tooltip tooltip = new Tooltip(tip);
    tooltip.setWrapText(true);
    tooltip.setMaxWidth(420);
    label.setTooltip(tooltip);
    control.setTooltip(tooltip);
    label.setLabelFor(control);

    Label error = new Label();
    error.setId("error-" + f.name());
    error.getStyleClass().add("field-error");
    error
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> fm.getError() == null ? "" : fm.getError(), fm.errorProperty()));
    error.visibleProperty().bind(fm.errorProperty().isNotNull());
    error.managedProperty().bind(error.visibleProperty());

    validation.registerValidator(
        control,
        false,
        (Validator<Object>)
            (c, value) ->
                ValidationResult.fromErrorIf(
                    c,
                    fm.getError() == null ? "" : fm.getError(),
                    fm.getError() != null && fm.isShown()));
    fm.errorProperty().addListener(o -> validation.revalidate(control));
    fm.shownProperty().addListener(o -> validation.revalidate(control));

    VBox box = new VBox(2, label, control, error);
    if (fm.live()) {
      Label hint =
          new Label(
              fm.field().type() == ConfigField.Type.CHOICE
                  ? "live: applies when picked"
                  : "live: press Enter to apply while training");
      hint.getStyleClass().add("live-hint");
      hint.visibleProperty()
          .bind(model.trainerStateProperty().isNotNull().and(fm.editableProperty()));
      hint.managedProperty().bind(hint.visibleProperty());
      box.getChildren().add(hint);
    }
    box.visibleProperty().bind(fm.shownProperty());
    box.managedProperty().bind(fm.shownProperty());
    return box;
  }

  private Control createText(FieldModel fm) {
    TextField t = new TextField();
    t.textProperty().bindBidirectional(fm.textProperty());
    t.setPromptText(fm.field().defaultText());
    if (fm.live()) {
      t.setOnAction(e -> model.applyLiveSetting(fm.name()));
      t.focusedProperty()
          .addListener(
              (o, was, now) -> {
                if (!now) {
                  model.applyLiveSetting(fm.name());
                }
              });
    }
    return t;
  }

  private Control createChoice(FieldModel fm) {
    ComboBox<String> c = new ComboBox<>();
    c.getItems().setAll(fm.field().choices());
    c.valueProperty().bindBidirectional(fm.textProperty());
    if (fm.name().equals("eval-rule")) {
      // offer only the rules the chosen method supports (the form refuses others anyway)
      FieldModel method = model.setup().field("method");
      Runnable follow =
          () -> {
            List<String> rules = SetupModel.rulesOf(method.getText());
            String value = c.getValue();
            List<String> items = new java.util.ArrayList<>(List.of("default"));
            items.addAll(
                rules.isEmpty()
                    ? fm.field().choices().subList(1, fm.field().choices().size())
                    : rules);
            c.getItems().setAll(items);
            c.setValue(value);
          };
      method.textProperty().addListener(o -> follow.run());
      follow.run();
    }
    if (fm.live()) {
      c.valueProperty().addListener(o -> model.applyLiveSetting(fm.name()));
    }
    c.setCellFactory(list -> new ChoiceCell(fm.name()));
    c.setButtonCell(new ChoiceCell(fm.name()));
    return c;
  }

  /** Shows "PonderNet" for "pondernet" and so on. */
  private static final class ChoiceCell extends ListCell<String> {
    private final String field;

    ChoiceCell(String field) {
      this.field = field;
    }

    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setText(null);
      } else if ("method".equals(field)) {
        setText(StatusText.methodName(item));
      } else if ("task".equals(field)) {
        setText(StatusText.taskName(item));
      } else {
        setText(item);
      }
    }
  }

  /** The preset chooser (name; description as tooltip) and "Save setup as preset…". */
  private Node createPresets() {
    Label title = new Label("Presets");
    title.getStyleClass().add("setup-group");
    ComboBox<Preset> chooser = new ComboBox<>(model.presets());
    chooser.setId("presetChooser");
    chooser.setPromptText("Choose a preset…");
    chooser.setMaxWidth(Double.MAX_VALUE);
    chooser.setCellFactory(list -> new PresetCell());
    chooser.setButtonCell(new PresetCell());
    chooser.disableProperty().bind(model.trainerStateProperty().isNotNull());
    // set before the action handler: showing the preset must not apply it again over typed options
    String already = model.presetNameProperty().get();
    model.presets().stream()
        .filter(p -> p.name().equals(already))
        .findFirst()
        .ifPresent(chooser::setValue);
    chooser.setOnAction(
        e -> {
          Preset p = chooser.getValue();
          if (p != null) {
            model.applyPreset(p);
          }
        });
    // a preset applied from elsewhere (ponderlab lab --preset) shows as chosen
    model
        .presetNameProperty()
        .addListener(
            (o, was, now) -> {
              if (chooser.getValue() == null || !chooser.getValue().name().equals(now)) {
                model.presets().stream()
                    .filter(p -> p.name().equals(now))
                    .findFirst()
                    .ifPresent(chooser::setValue);
              }
            });
    chooser.setOnShowing(
        e -> {
          Preset was = chooser.getValue();
          model
              .refreshPresets()
              .thenRun(
                  () -> {
                    if (was != null) {
                      model.presets().stream()
                          .filter(p -> p.name().equals(was.name()))
                          .findFirst()
                          .ifPresent(chooser::setValue);
                    }
                  });
        });
    Button save = new Button("Save setup as preset…");
    save.setId("savePreset");
    save.setMaxWidth(Double.MAX_VALUE);
    save.disableProperty().bind(model.setup().validProperty().not());
    save.setOnAction(e -> showSavePresetDialog(save));
    VBox box = new VBox(4, title, chooser, save);
    box.setPadding(new Insets(0, 0, 4, 0));
    return box;
  }

  private void showSavePresetDialog(Node owner) {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.setTitle("Save setup as preset");
    if (owner.getScene() != null) {
      dialog.initOwner(owner.getScene().getWindow());
    }
    TextField name =
        new TextField(
            model.presetNameProperty().get() == null
                ? ""
                : model.presetNameProperty().get() + "-mine");
    name.setId("presetName");
    name.setPromptText("letters, digits, '.', '_' or '-'");
    TextField description = new TextField();
    description.setId("presetDescription");
    description.setPromptText("what this setup shows");
    Label problem = new Label();
    problem.getStyleClass().add("field-error");
    problem.setWrapText(true);
    javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
    grid.setHgap(8);
    grid.setVgap(6);
    grid.addRow(0, new Label("Name"), name);
    grid.addRow(1, new Label("Description"), description);
    grid.add(problem, 0, 2, 2, 1);
    name.setPrefColumnCount(24);
    dialog.getDialogPane().setContent(grid);
    dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
    String[] replaceConfirmed = {null}; // the name the user was told exists, until they edit it
    ok.addEventFilter(
        javafx.event.ActionEvent.ACTION,
        e -> {
          e.consume(); // the dialog closes once the preset is written (in the background), or
          // shows why not
          ok.setDisable(true);
          problem.setText("Saving…");
          boolean replace = name.getText().equals(replaceConfirmed[0]);
          model
              .saveSetupAsPreset(name.getText(), description.getText(), replace)
              .thenAccept(
                  outcome -> {
                    ok.setDisable(false);
                    if (outcome.isWritten()) {
                      dialog.setResult(ButtonType.OK);
                      dialog.close();
                    } else {
                      problem.setText(outcome.message());
                      if (outcome.asksToReplace()) {
                        replaceConfirmed[0] =
                            name.getText(); // a second press on the same name replaces it
                        ((Button) ok).setText("Replace");
                      }
                    }
                  });
        });
    name.textProperty()
        .addListener(
            (o, was, now) -> {
              replaceConfirmed[0] = null;
              ((Button) ok).setText("OK");
            });
    dialog.showAndWait();
  }

  /** A preset's name, with its description (and source) as tooltip. */
  private static final class PresetCell extends ListCell<Preset> {
    @Override
    protected void updateItem(Preset item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setText(null);
        setTooltip(null);
      } else {
        setText(item.name() + (item.user() ? "  (yours)" : ""));
        String tip =
            item.description()
                + (item.source() == null || item.source().isEmpty()
                    ? ""
                    : "\nSource: " + item.source());
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(420);
        setTooltip(t);
      }
    }
  }

  private Node createCommandLine() {
    Label title = new Label("Reproduce");
    title.getStyleClass().add("setup-group");
    Button copy = new Button("Copy setup as command line");
    copy.setId("copyCommand");
    copy.setMaxWidth(Double.MAX_VALUE);
    copy.disableProperty().bind(model.setup().validProperty().not());
    commandLine.setId("commandLine");
    commandLine.getStyleClass().add("command-line");
    commandLine.setWrapText(true);
    commandLine
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  String c = model.commandLine();
                  return c == null ? "(fix the settings marked in red first)" : c;
                },
                model.setup().configProperty(),
                model.targetAccuracyProperty()));
    copy.setOnAction(
        e -> {
          String c = model.commandLine();
          if (c != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(c);
            Clipboard.getSystemClipboard().setContent(content);
          }
        });
    VBox box = new VBox(4, title, copy, commandLine);
    box.setPadding(new Insets(6, 0, 0, 0));
    return box;
  }
}
