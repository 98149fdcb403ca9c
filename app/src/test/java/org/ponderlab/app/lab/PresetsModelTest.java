package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.Preset;

/** The presets part alone: a real setup form, real preset files, a real background thread. */
class PresetsModelTest {
  @TempDir Path userPresets;
  final ExecutorService worker = Executors.newSingleThreadExecutor();
  final BlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
  final SetupModel setup = new SetupModel();
  final StatusLine status = new StatusLine();
  boolean runExists;
  PresetsModel presets;
  String was;

  @BeforeEach
  void userPresetsInATemporaryFolder() {
    was = System.getProperty("ponderlab.user.presets");
    System.setProperty("ponderlab.user.presets", userPresets.toString());
    System.setProperty("ponderlab.home", Path.of("..").toAbsolutePath().normalize().toString());
    presets =
        new PresetsModel(setup, status, new BackgroundWork(worker, fxQueue::add), () -> runExists);
  }

  @AfterEach
  void restore() {
    worker.shutdownNow();
    System.clearProperty("ponderlab.home");
    if (was == null) {
      System.clearProperty("ponderlab.user.presets");
    } else {
      System.setProperty("ponderlab.user.presets", was);
    }
  }

  void runNextOnOwner() throws InterruptedException {
    Runnable next = fxQueue.poll(30, TimeUnit.SECONDS);
    assertTrue(next != null, "nothing was handed back");
    next.run();
  }

  @Test
  void theListArrivesFromTheBackgroundAndAPresetFillsTheFormUnlessARunExists() throws Exception {
    var listed = presets.refresh();
    assertFalse(listed.isDone(), "the caller does not wait for the disk");
    runNextOnOwner();
    Preset shipped =
        presets.presets().stream()
            .filter(p -> p.name().equals("beta-too-high"))
            .findFirst()
            .orElseThrow();
    runExists = true;
    assertFalse(presets.apply(shipped));
    assertEquals(
        "Reset the run before choosing a preset: the setup is fixed while a run exists.",
        status.errorProperty().get());
    runExists = false;
    assertTrue(presets.apply(shipped));
    assertEquals(shipped.config(), setup.getConfig());
    assertEquals("beta-too-high", presets.presetNameProperty().get());
    assertNull(status.errorProperty().get());
  }

  @Test
  void aSavedPresetIsWrittenInTheBackgroundAndListedWhenItIsBack() throws Exception {
    setup.field("lambda-p").setText("0.35");
    var saved = presets.saveSetup("mine", "a prior of 0.35");
    assertFalse(saved.isDone());
    runNextOnOwner();
    assertTrue(saved.get().isWritten());
    assertTrue(
        Files.list(userPresets).anyMatch(f -> f.getFileName().toString().startsWith("mine")));
    Preset mine =
        presets.presets().stream().filter(p -> p.name().equals("mine")).findFirst().orElseThrow();
    assertEquals(0.35, mine.config().lambdaP());
    assertTrue(
        status.statusProperty().get().startsWith("Saved the setup as preset mine"),
        status.statusProperty().get());

    var refused = presets.saveSetup("bad name!", "x");
    runNextOnOwner();
    assertEquals(WriteOutcome.Kind.REFUSED, refused.get().kind());
    assertTrue(
        refused.get().message().startsWith("Can't save the preset: 'bad name!' is not allowed"),
        refused.get().message());
    assertEquals(refused.get().message(), status.errorProperty().get());
  }

  @Test
  void savingOverYourOwnPresetAsksFirstAndReplacesOnlyWhenConfirmed() throws Exception {
    setup.field("lambda-p").setText("0.35");
    var first = presets.saveSetup("mine", "first");
    runNextOnOwner();
    assertTrue(first.get().isWritten());
    Path file = userPresets.resolve("mine.json");
    String before = Files.readString(file);

    setup.field("lambda-p").setText("0.5");
    var asked = presets.saveSetup("mine", "second");
    runNextOnOwner();
    assertTrue(asked.get().asksToReplace(), asked.get().message());
    assertEquals("mine", asked.get().existing());
    assertTrue(
        asked.get().message().startsWith("You already have a preset named mine."),
        asked.get().message());
    assertFalse(
        asked.get().message().contains("--overwrite"),
        "the window asks; it does not speak of a command-line flag");
    assertEquals(before, Files.readString(file), "nothing replaced before the user confirms");

    var replaced = presets.saveSetup("mine", "second", true);
    runNextOnOwner();
    assertTrue(replaced.get().isWritten());
    assertTrue(Files.readString(file).contains("second"), "replaced once confirmed");
  }
}
