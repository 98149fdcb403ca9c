package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunFixtures.Recorder;
import org.ponderlab.core.run.RunFolderException.Problem;
import org.ponderlab.core.train.TrainingCheckpoint;

/** Damaged and foreign folders: each refused with a message naming the file, and left untouched. */
class RunReaderTest {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path trained;

  @BeforeAll
  static void trainOnce() throws Exception {
    trained = shared.resolve("trained");
    RunFixtures.train(trained, RunFixtures.small(100), new Recorder());
  }

  Path copyOfTrained() throws IOException {
    Path dir = tmp.resolve("run");
    try (Stream<Path> files = Files.walk(trained)) {
      for (Path p : files.toList()) {
        Files.copy(p, dir.resolve(trained.relativize(p).toString()));
      }
    }
    return dir;
  }

  /**
   * Opens (and, if that works, resumes) the folder, expecting a refusal; checks nothing changed.
   */
  static RunFolderException refused(Path dir) throws Exception {
    Map<String, String> before = RunFixtures.checksums(dir);
    RunFolderException e =
        assertThrows(
            RunFolderException.class,
            () -> {
              SavedRun run = RunReader.open(dir);
              RunSession.resume(run, 200, Map.of(), List.of(), new Recorder());
            });
    assertEquals(before, RunFixtures.checksums(dir), "a refused open or resume modifies nothing");
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    return e;
  }

  @Test
  void aForeignFolderIsNotARun() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(dir.resolve("holiday.jpg"), "jpeg");
    RunFolderException e = refused(dir);
    assertEquals(Problem.NOT_A_RUN, e.problem());
    assertEquals(
        "run folder " + dir + ": not a PonderLab run folder (it has no config.json)",
        e.getMessage());
    assertEquals(
        Problem.NOT_FOUND,
        assertThrows(RunFolderException.class, () -> RunReader.open(tmp.resolve("nope")))
            .problem());
  }

  @Test
  void unreadableJson() throws Exception {
    Path dir = copyOfTrained();
    Files.writeString(dir.resolve("config.json"), "{\"settings\": {\"seed\": \"7\",\n  oops");
    RunFolderException e = refused(dir);
    assertEquals(Problem.DAMAGED, e.problem());
    assertEquals("config.json", e.file());
    assertTrue(
        e.getMessage().startsWith("run folder " + dir + ", config.json: not valid JSON (line 2"),
        e.getMessage());
  }

  @Test
  void aNewerFormatIsRefusedWithAnUpdateHint() throws Exception {
    Path dir = copyOfTrained();
    String config = Files.readString(dir.resolve("config.json"));
    Files.writeString(
        dir.resolve("config.json"),
        config.replace(
            "\"format_version\" : " + Provenance.FORMAT_VERSION,
            "\"format_version\" : " + (Provenance.FORMAT_VERSION + 1)));
    RunFolderException e = refused(dir);
    assertEquals(Problem.TOO_NEW, e.problem());
    assertTrue(
        e.getMessage()
            .contains(
                "config.json: written by a newer PonderLab (run format "
                    + (Provenance.FORMAT_VERSION + 1)
                    + "; this build reads up to "
                    + Provenance.FORMAT_VERSION
                    + ")"),
        e.getMessage());
  }

  @Test
  void aSettingOutOfRangeInConfigJsonNamesTheSetting() throws Exception {
    Path dir = copyOfTrained();
    String config = Files.readString(dir.resolve("config.json"));
    Files.writeString(
        dir.resolve("config.json"),
        config.replace("\"lambda-p\" : \"0.2\"", "\"lambda-p\" : \"7\""));
    RunFolderException e = refused(dir);
    assertTrue(
        e.getMessage()
            .contains("config.json: setting lambda-p: '7' is not allowed; allowed range (0, 1)"),
        e.getMessage());
  }

  @Test
  void aMissingMetricsFile() throws Exception {
    Path dir = copyOfTrained();
    Files.delete(dir.resolve("metrics.csv"));
    RunFolderException e = refused(dir);
    assertEquals(Problem.DAMAGED, e.problem());
    assertEquals("run folder " + dir + ", metrics.csv: the file is missing", e.getMessage());
  }

  @Test
  void aMangledMetricsRowNamesTheLine() throws Exception {
    Path dir = copyOfTrained();
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
    lines.set(2, lines.get(2).replaceFirst(",0\\.", ",zero."));
    Files.write(dir.resolve("metrics.csv"), lines);
    RunFolderException e = refused(dir);
    assertTrue(e.getMessage().contains("metrics.csv: line 3: column "), e.getMessage());
  }

  @Test
  void aTruncatedModel() throws Exception {
    Path dir = copyOfTrained();
    byte[] model = Files.readAllBytes(dir.resolve("model.bin"));
    Files.write(dir.resolve("model.bin"), Arrays.copyOf(model, model.length - 100));
    RunFolderException e = refused(dir);
    assertEquals("model.bin", e.file());
    int count = ByteBuffer.wrap(model, 36, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertEquals(
        "run folder "
            + dir
            + ", model.bin: truncated: "
            + (model.length - 100)
            + " bytes where "
            + count
            + " parameters need "
            + model.length,
        e.getMessage());
    Files.write(dir.resolve("model.bin"), Arrays.copyOf(model, 10));
    assertTrue(
        refused(dir)
            .getMessage()
            .endsWith("model.bin: truncated: 10 bytes, a model file has at least 52"));
  }

  @Test
  void aFlippedBitInTheModelFailsItsChecksum() throws Exception {
    Path dir = copyOfTrained();
    byte[] model = Files.readAllBytes(dir.resolve("model.bin"));
    model[model.length / 2] ^= 0x10;
    Files.write(dir.resolve("model.bin"), model);
    assertTrue(
        refused(dir)
            .getMessage()
            .endsWith("model.bin: damaged: its checksum does not match its content"));
  }

  @Test
  void aFolderOfAnEarlierRunFormatIsNamedAsSuch() throws Exception {
    Path dir = copyOfTrained();
    String config = Files.readString(dir.resolve("config.json"));
    Files.writeString(
        dir.resolve("config.json"),
        config.replace(
            "\"format_version\" : " + Provenance.FORMAT_VERSION, "\"format_version\" : 1"));
    assertTrue(
        refused(dir)
            .getMessage()
            .contains("written in run format 1 by an early development build"));
  }

  @Test
  void theModelFileLayoutIsLittleEndianWithAHeaderAndChecksum() throws Exception {
    float[] p = {1.5f, -2f};
    byte[] bytes =
        ModelFile.encode(
            new TrainingCheckpoint(
                250,
                249,
                123_456_789L,
                p,
                new float[] {0.25f, 0},
                new float[] {0, 1e-3f},
                List.of(new org.ponderlab.core.train.SettingChange(100, "beta", "0.01", "0.1")),
                new double[] {0.6931}));
    assertEquals(48 + 3 * 2 * 4 + 8 + 4, bytes.length);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("PLMB", new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(1, b.getInt(4));
    assertEquals(250, b.getLong(8));
    assertEquals(249, b.getLong(16));
    assertEquals(123_456_789L, b.getLong(24));
    assertEquals(1, b.getInt(32)); // one setting change
    assertEquals(2, b.getInt(36)); // parameters
    assertEquals(3, b.getInt(40)); // arrays
    assertEquals(1, b.getInt(44)); // method-state values
    assertEquals(1.5f, b.getFloat(48));
    assertEquals(-2f, b.getFloat(52));
    assertEquals(0.25f, b.getFloat(56));
    assertEquals(1e-3f, b.getFloat(68));
    assertEquals(0.6931, b.getDouble(72));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, 0, 80);
    assertEquals((int) crc.getValue(), b.getInt(80));
    // 0x3FC00000 is 1.5f: the first parameter's bytes in little-endian order
    assertEquals(
        List.of((byte) 0, (byte) 0, (byte) 0xC0, (byte) 0x3F),
        List.of(bytes[48], bytes[49], bytes[50], bytes[51]));
    ModelFile.Contents back = ModelFile.decode(Path.of("x"), "model.bin", bytes);
    assertEquals(1, back.changeCount());
    assertEquals(250, back.checkpoint().iteration());
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new float[] {0, 1e-3f}, back.checkpoint().secondMoment());
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {0.6931}, back.checkpoint().methodState());
  }

  @Test
  void aRunTrainingRightNowIsReportedRunningAndNotReplacedOrResumed() throws Exception {
    Path dir = tmp.resolve("live");
    // a writer of this (live) process that has not finished: its status says running, with our pid
    new RunWriter(dir, RunFixtures.small(100), java.time.Instant.now(), List.of());
    SavedRun run = RunReader.open(dir);
    assertEquals(RunStatus.RUNNING, run.status());
    Map<String, String> before = RunFixtures.checksums(dir);
    org.ponderlab.core.train.ConfigException replace =
        assertThrows(
            org.ponderlab.core.train.ConfigException.class,
            () -> RunSession.create(dir, RunFixtures.small(10), List.of(), new Recorder()));
    assertTrue(
        replace.getMessage().contains("a run is being trained there right now"),
        replace.getMessage());
    RunFolderException resume =
        assertThrows(
            RunFolderException.class,
            () -> RunSession.resume(run, 200, Map.of(), List.of(), new Recorder()));
    assertEquals(Problem.CANNOT_CONTINUE, resume.problem());
    assertEquals(before, RunFixtures.checksums(dir));
    // the same folder written by a process that is gone reads as incomplete
    String status = Files.readString(dir.resolve("status.json"));
    Files.writeString(
        dir.resolve("status.json"), status.replaceFirst("\"pid\" : \\d+", "\"pid\" : 999999999"));
    assertEquals(RunStatus.INCOMPLETE, RunReader.open(dir).status());
  }
}
