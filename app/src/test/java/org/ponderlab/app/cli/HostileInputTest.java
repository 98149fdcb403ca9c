package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.cli.TrainCommandTest.Result;

/**
 * Issue 14, the read side: hostile files and settings that cannot work, tried through the real
 * command line (in process, real files: a FIFO made with mkfifo, a link to /dev/zero, a sparse 3
 * GiB file, deeply nested and huge JSON, a gzip bomb, IDX files of the wrong shape). Each case
 * asserts a message naming the file or setting, the exit status, no stack trace, no hang (a
 * timeout) and that every file that was there before is byte-identical after.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
  @TempDir static Path shared;
  @TempDir Path tmp;
  private static Path run;

  /** One small finished parity run, copied by each test that damages a run folder. */
  private static String homeBefore;

  @BeforeAll
  static void trainOneRun() {
    homeBefore = System.getProperty("ponderlab.home");
    System.setProperty(
        "ponderlab.home",
        Path.of("..").toAbsolutePath().normalize().toString()); // the shipped presets
    run = shared.resolve("run");
    Result r =
        TrainCommandTest.run(
            "train",
            "--iterations",
            "4",
            "--eval-every",
            "2",
            "--hidden",
            "4",
            "--batch",
            "8",
            "--validation-size",
            "32",
            "--max-steps",
            "4",
            "--quiet",
            "--out",
            run.toString());
    assertEquals(0, r.status(), r.err());
  }

  @org.junit.jupiter.api.AfterAll
  static void restoreHome() {
    if (homeBefore == null) {
      System.clearProperty("ponderlab.home");
    } else {
      System.setProperty("ponderlab.home", homeBefore);
    }
  }

  // ---- case 12: hostile run folders ----

  @Test
  void aModelFileThatIsAFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path copy = copyRun();
    Files.delete(copy.resolve("model.bin"));
    mkfifo(copy.resolve("model.bin"));
    Map<String, String> before = snapshot(copy);
    Result resume = cli("train", "--resume", copy.toString(), "--more", "2", "--quiet");
    refused(resume, 1, "model.bin: refused: it is not a regular file (a FIFO (named pipe))");
    // export and plot do not need model.bin: they neither read it nor hang on it
    assertEquals(
        0, cli("export", copy.toString(), "--out", tmp.resolve("all.csv").toString()).status());
    assertEquals(
        0, cli("plot", copy.toString(), "--out", tmp.resolve("c.png").toString()).status());
    assertEquals(before, snapshot(copy));
  }

  @Test
  void aModelFileLinkedToDevZeroIsRefused() throws Exception {
    Path copy = copyRun();
    Files.delete(copy.resolve("model.bin"));
    Files.createSymbolicLink(copy.resolve("model.bin"), Path.of("/dev/zero"));
    Map<String, String> before = snapshot(copy);
    refused(
        cli("train", "--resume", copy.toString(), "--more", "2", "--quiet"),
        1,
        "model.bin: refused: it is a symbolic link leading out of");
    assertEquals(
        0, cli("export", copy.toString(), "--out", tmp.resolve("all.csv").toString()).status());
    assertEquals(before, snapshot(copy));
  }

  @Test
  void aSparseThreeGibModelFileIsRefusedBeforeReading() throws Exception {
    Path copy = copyRun();
    try (RandomAccessFile f = new RandomAccessFile(copy.resolve("model.bin").toFile(), "rw")) {
      f.setLength(3L << 30);
    }
    Map<String, String> before = snapshot(copy);
    Result r = cli("train", "--resume", copy.toString(), "--more", "2", "--quiet");
    refused(r, 1, "model.bin: refused: it is 3.0 GiB, larger than the");
    assertEquals(
        0, cli("export", copy.toString(), "--out", tmp.resolve("all.csv").toString()).status());
    assertEquals(before, snapshot(copy));
  }

  @Test
  void aMetricsFileLinkedToDevZeroIsRefused() throws Exception {
    Path copy = copyRun();
    Files.delete(copy.resolve("metrics.csv"));
    Files.createSymbolicLink(copy.resolve("metrics.csv"), Path.of("/dev/zero"));
    Map<String, String> before = snapshot(copy);
    refused(
        cli("export", copy.toString(), "--out", tmp.resolve("all.csv").toString()),
        1,
        "metrics.csv: refused: it is a symbolic link leading out of");
    assertFalse(Files.exists(tmp.resolve("all.csv")));
    assertEquals(before, snapshot(copy));
  }

  @Test
  void aConfigThatIsAFifoIsRefusedWithoutHanging() throws Exception {
    Path copy = copyRun();
    Files.delete(copy.resolve("config.json"));
    mkfifo(copy.resolve("config.json"));
    Map<String, String> before = snapshot(copy);
    refused(
        cli("export", copy.toString(), "--out", tmp.resolve("all.csv").toString()),
        1,
        "config.json: refused: it is not a regular file (a FIFO (named pipe))");
    refused(cli("train", "--resume", copy.toString(), "--quiet"), 1, "config.json: refused");
    assertEquals(before, snapshot(copy));
  }

  @Test
  void aConfigNestedTwoHundredThousandDeepIsRefused() throws Exception {
    Path copy = copyRun();
    Files.writeString(
        copy.resolve("config.json"),
        "{\"settings\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}");
    Map<String, String> before = snapshot(copy);
    refused(
        cli("export", copy.toString(), "--out", tmp.resolve("all.csv").toString()),
        1,
        "config.json: too deeply nested or too long for a PonderLab file");
    refused(
        cli("train", "--resume", copy.toString(), "--quiet"), 1, "config.json: too deeply nested");
    assertEquals(before, snapshot(copy));
  }

  @Test
  void aConfigWithAThirtyMegabyteStringIsRefused() throws Exception {
    Path copy = copyRun();
    String config = Files.readString(copy.resolve("config.json"));
    Files.writeString(
        copy.resolve("config.json"),
        config.replaceFirst("\\{", "{\"note\": \"" + "x".repeat(30_000_000) + "\","));
    Map<String, String> before = snapshot(copy);
    refused(
        cli("train", "--resume", copy.toString(), "--quiet"),
        1,
        "config.json: refused: it is 28.6 MiB, larger than the 4.0 MiB it can be");
    assertEquals(before, snapshot(copy));
  }

  // ---- case 6: a config.json missing a key is an error, never a default ----

  @Test
  void aConfigMissingLrOrSeedIsRefusedNamingTheKey() throws Exception {
    for (String key : List.of("lr", "seed")) {
      Path copy = copyRun();
      String config = Files.readString(copy.resolve("config.json"));
      Files.writeString(
          copy.resolve("config.json"),
          config.replaceFirst("\\s*\"" + key + "\" : \"[^\"]*\",", ""));
      Map<String, String> before = snapshot(copy);
      refused(
          cli("train", "--resume", copy.toString(), "--more", "2", "--quiet"),
          1,
          "config.json: settings has no '" + key + "'");
      refused(
          cli("export", copy.toString(), "--out", tmp.resolve(key + ".csv").toString()),
          1,
          "config.json: settings has no '" + key + "'");
      assertEquals(before, snapshot(copy), key);
    }
  }

  @Test
  void aFormatTwoRunFromBeforeLambdaWidthAndCpvrStillOpensAndResumes() throws Exception {
    Path copy = copyRun();
    String config = Files.readString(copy.resolve("config.json"));
    for (String key :
        List.of(
            "lambda-width",
            "model",
            "cpvr-variant",
            "list-length",
            "value-range",
            "train-hops",
            "model-dim",
            "heads",
            "pool-size")) {
      config = config.replaceFirst("\\s*\"" + key + "\" : \"[^\"]*\",?", "");
    }
    Files.writeString(copy.resolve("config.json"), config.replace(",\n  }", "\n  }"));
    Result r = cli("export", copy.toString(), "--out", tmp.resolve("old.csv").toString());
    assertEquals(0, r.status(), r.err());
    r = cli("train", "--resume", copy.toString(), "--more", "2", "--quiet");
    assertEquals(0, r.status(), r.err());
  }

  // ---- case 13: bad MNIST data is refused at load, before a run folder exists ----

  @Test
  void mnistImagesOfTheWrongShapeOrEmptySplitsAreRefusedBeforeTheFolderExists() throws Exception {
    Object[][] cases = {
      {14, 14, 5, 3, "its images are 14x14; the MNIST network takes 28x28"},
      {1, 1, 5, 3, "its images are 1x1; the MNIST network takes 28x28"},
      {28, 28, 0, 3, "its training split holds no images"},
      {28, 28, 5, 0, "its test split holds no images"}
    };
    for (Object[] c : cases) {
      Path data = Files.createDirectories(tmp.resolve("data-" + c[0] + "-" + c[2] + "-" + c[3]));
      writeSplit(data, "train", (int) c[0], (int) c[1], (int) c[2]);
      writeSplit(data, "t10k", (int) c[0], (int) c[1], (int) c[3]);
      Path out = tmp.resolve("out-" + c[0] + "-" + c[2] + "-" + c[3]);
      refused(
          cli(
              "train",
              "--task",
              "mnist",
              "--data",
              data.toString(),
              "--iterations",
              "2",
              "--quiet",
              "--out",
              out.toString()),
          2,
          "--data: '" + data + "' is not allowed; " + c[4]);
      assertFalse(Files.exists(out), "no run folder for " + Arrays.toString(c));
    }
  }

  @Test
  void anMnistGzipBombIsRefusedAfterReadingOnlyWhatItsHeaderPromises() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("bomb"));
    writeSplit(data, "t10k", 28, 28, 3);
    writeSplit(data, "train", 28, 28, 3);
    // a valid header for 3 images, then 256 MiB of zeros (about 250 KiB compressed)
    Path bomb = data.resolve("train-images-idx3-ubyte.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
      out.write(ByteBuffer.allocate(16).putInt(0x803).putInt(3).putInt(28).putInt(28).array());
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) {
        out.write(zeros);
      }
    }
    assertTrue(Files.size(bomb) < 2 << 20, "compressed " + Files.size(bomb));
    Path out = tmp.resolve("out");
    refused(
        cli(
            "train",
            "--task",
            "mnist",
            "--data",
            data.toString(),
            "--quiet",
            "--out",
            out.toString()),
        2,
        "train-images-idx3-ubyte.gz: too long: header promises 3 images of 28x28 (2368 bytes), decompressed file has more than");
    // and a header that promises more than the heap could hold is refused before any data is read
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      o.write(
          ByteBuffer.allocate(16)
              .putInt(0x803)
              .putInt(1_000_000_000)
              .putInt(4096)
              .putInt(4096)
              .array());
    }
    refused(
        cli(
            "train",
            "--task",
            "mnist",
            "--data",
            data.toString(),
            "--quiet",
            "--out",
            out.toString()),
        2,
        "more than PonderLab reads");
    assertFalse(Files.exists(out));
  }

  // ---- case 14: settings that do not go together are refused before any work ----

  @Test
  void aMethodAndRuleThatDoNotGoTogetherAreRefusedBeforeTheFolderExists() {
    Path out = tmp.resolve("pact");
    refused(
        cli("train", "--method", "pact", "--eval-rule", "q-exit", "--out", out.toString()),
        2,
        "--eval-rule: 'q-exit' is not allowed; method pact allows threshold, sample, relaxed, expectation (or default: threshold)");
    assertFalse(Files.exists(out));
    Path cmp = tmp.resolve("cmp");
    refused(
        cli(
            "compare",
            "--methods",
            "pondernet,pact",
            "--eval-rule",
            "q-exit",
            "--iterations",
            "2",
            "--out",
            cmp.toString()),
        2,
        "method pact allows threshold, sample, relaxed, expectation");
    assertFalse(Files.exists(cmp), "compare made no folder and no NaN row");
    Path sweep = tmp.resolve("sweep");
    refused(
        cli(
            "sweep",
            "--method",
            "pondernet,act",
            "--eval-rule",
            "q-exit",
            "--iterations",
            "2",
            "--out",
            sweep.toString()),
        2,
        "method act allows act, last-step");
    assertFalse(Files.exists(sweep), "no cell ran");
  }

  // ---- case 10: settings that cannot fit in memory are refused, with what to lower ----

  @Test
  void settingsThatCannotFitInMemoryAreRefusedNamingThemAndWhatToLower() {
    Path out = tmp.resolve("big");
    Result r =
        cli(
            "train",
            "--hidden",
            "1024",
            "--batch",
            "4096",
            "--max-steps",
            "200",
            "--out",
            out.toString());
    refused(r, 2, "with task parity, method pondernet, batch 4096, hidden 1024, max-steps 200");
    assertTrue(r.err().contains("lower batch, hidden, max-steps"), r.err());
    assertFalse(Files.exists(out));
    // paper 003's C-PVR at its full width (d 384, 6 heads; the 003-cpvr preset's d 32 fits since
    // the kernel
    // recomputes each step's block in the backward: PaperSizeMemoryTest trains it in a 512 MB heap)
    r =
        cli(
            "bench",
            "--set",
            "task=cpvr",
            "--set",
            "list-length=100",
            "--set",
            "max-steps=32",
            "--set",
            "model-dim=384",
            "--set",
            "heads=6",
            "--set",
            "train-hops=9");
    refused(r, 2, "list-length 100");
  }

  /**
   * MNIST's MLP cell asked of another task: refused before any folder exists, naming the field, the
   * value and what that task allows (it would otherwise train a GRU under a config saying mlp).
   * Seen failing (run once, then reverted) with {@code TrainingConfig.checkCell} removed: exit 0.
   */
  @Test
  void theMlpCellWithATaskOtherThanMnistIsRefusedBeforeAnyFolderExists() {
    for (String task : List.of("parity", "cpvr")) {
      Path out = tmp.resolve("mlp-" + task);
      Result r =
          cli(
              "train",
              "--task",
              task,
              "--cell",
              "mlp",
              "--iterations",
              "1",
              "--out",
              out.toString());
      refused(
          r,
          2,
          "cell: 'mlp' is not allowed; only the mnist task has a choice of cell; task "
              + task
              + " allows gru only");
      assertFalse(Files.exists(out), task);
    }
  }

  @Test
  void aRunThatMakesNoProgressSaysSo() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.err;
    try {
      System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
      ProgressLine line = new ProgressLine(100, 0, false, TimeUnit.MILLISECONDS.toNanos(20));
      line.tick(0);
      Thread.sleep(60);
      line.tick(0);
    } finally {
      System.setErr(old);
    }
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains(
                "still working: no iteration completed in the last 0 s " + "(at iteration 0;"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anOutOfMemoryErrorBecomesAMessage() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.err;
    int status;
    try {
      System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
      status = org.ponderlab.app.Main.unexpected(new OutOfMemoryError("Java heap space"));
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, status);
    assertTrue(text.startsWith("error: out of memory (Java heap space)"), text);
    assertFalse(text.contains("\tat "), text);
  }

  // ---- smaller items ----

  @Test
  void aMistypedPresetIsReportedAsUnknownEvenBesideAMalformedUserPreset() throws Exception {
    Path presets = Files.createDirectories(tmp.resolve("presets"));
    Files.writeString(presets.resolve("broken.json"), "{ not json");
    String before = System.getProperty("ponderlab.user.presets");
    System.setProperty("ponderlab.user.presets", presets.toString());
    try {
      Result r = cli("train", "--preset", "000-parrity", "--out", tmp.resolve("x").toString());
      refused(r, 2, "no preset named '000-parrity'; known: 000-mnist, 000-mnist-mlp, 000-parity");
      assertFalse(
          r.err().contains("broken.json") || r.err().contains("JSON"),
          "not about the malformed preset: " + r.err());
    } finally {
      if (before == null) {
        System.clearProperty("ponderlab.user.presets");
      } else {
        System.setProperty("ponderlab.user.presets", before);
      }
    }
  }

  @Test
  void moreBeyondTheIterationLimitIsReportedAsMoreWithItsRange() throws Exception {
    Path copy = copyRun();
    Map<String, String> before = snapshot(copy);
    refused(
        cli("train", "--resume", copy.toString(), "--more", "2147483647", "--quiet"),
        2,
        "--more: '2147483647' is not allowed; allowed range 1 to 99999996 (the run has 4 iterations");
    assertEquals(before, snapshot(copy));
  }

  @Test
  void rangesArePrintedReadably() {
    Result seed = cli("train", "--seed", "x", "--out", tmp.resolve("s").toString());
    refused(
        seed,
        2,
        "--seed: 'x' is not allowed; expected a whole number from -9223372036854775808 to 9223372036854775807");
    assertFalse(seed.err().contains("E18"), seed.err());
    refused(
        cli("train", "--clip", "-1", "--out", tmp.resolve("c").toString()),
        2,
        "allowed range [0, ∞)");
    String help = cli("train", "--help").out().replaceAll("\\s+", " ");
    assertFalse(
        help.contains("E18") || help.contains("∞]"), "help shows no ±9.22E18 and no closed ∞");
    assertTrue(
        help.contains("pact: threshold, sample, relaxed, expectation"),
        "--eval-rule's help states each method's rules");
  }

  @Test
  void everyPresetsShownCommandLineParsesBack() {
    for (String name : List.of("000-parity", "000-mnist", "003-cpvr", "004-palbert-qexit")) {
      Result r = cli("presets", name);
      assertEquals(0, r.status(), r.err());
      String settings =
          r.out()
              .lines()
              .filter(l -> l.startsWith("  settings: "))
              .findFirst()
              .orElseThrow()
              .substring("  settings: ".length());
      List<String> words = new ArrayList<>(List.of("train"));
      words.addAll(shellWords(settings));
      words.addAll(List.of("--out", "x"));
      org.ponderlab.app.Main.commandLine()
          .parseArgs(words.toArray(String[]::new)); // throws if it does not parse
    }
  }

  @Test
  void benchInferenceHonoursTheEvaluationRule() {
    Result r =
        cli("bench", "--inference", run.toString(), "--repeats", "1", "--set", "eval-rule=q-exit");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("rule=q-exit"), r.out());
    refused(
        cli("bench", "--inference", run.toString(), "--set", "eval-rule=threshold"),
        2,
        "method pondernet allows sample, q-exit, expectation, mode");
    refused(
        cli("bench", "--inference", run.toString(), "--set", "lr=0.1"),
        2,
        "with --inference only eval-rule");
  }

  // ---- helpers ----

  private static Result cli(String... args) {
    return TrainCommandTest.run(args);
  }

  /** The status, a message that names the problem, and no stack trace. */
  private static void refused(Result r, int status, String message) {
    assertEquals(status, r.status(), r.err());
    assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    assertFalse(
        r.err().contains("\tat ")
            || r.err().contains("Exception in thread")
            || r.err().contains("Caused by"),
        "no stack trace: " + r.err());
  }

  private int copies;

  private Path copyRun() throws IOException {
    Path copy = tmp.resolve("copy-" + ++copies);
    try (Stream<Path> files = Files.walk(run)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(run.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }

  /**
   * Every entry under {@code dir}: a regular file's bytes (a large one's size), anything else its
   * kind.
   */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.toList()) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String key = dir.relativize(p).toString();
        if (a.isSymbolicLink()) {
          all.put(key, "link to " + Files.readSymbolicLink(p));
        } else if (a.isRegularFile()) {
          all.put(
              key,
              a.size() > (16 << 20)
                  ? "size " + a.size()
                  : java.util.HexFormat.of()
                      .formatHex(
                          java.security.MessageDigest.getInstance("SHA-256")
                              .digest(readUnchecked(p))));
        } else {
          all.put(key, a.isDirectory() ? "folder" : "special");
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return all;
  }

  private static byte[] readUnchecked(Path p) throws IOException {
    return Files.readAllBytes(p);
  }

  private static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
    assertEquals(
        0, mk.waitFor(), new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** An IDX pair for one split: count images of rows×cols (pixel values vary) and their labels. */
  private static void writeSplit(Path dir, String split, int rows, int cols, int count)
      throws IOException {
    byte[] pixels = new byte[count * rows * cols];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 37);
    }
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    Files.write(
        dir.resolve(split + "-images-idx3-ubyte"),
        concat(
            ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(rows).putInt(cols).array(),
            pixels));
    Files.write(
        dir.resolve(split + "-labels-idx1-ubyte"),
        concat(ByteBuffer.allocate(8).putInt(0x801).putInt(count).array(), labels));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /**
   * Splits a line into shell words: plain words and single-quoted ones (as PresetsCommand writes
   * them).
   */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '\'') {
        int end = line.indexOf('\'', i + 1);
        w.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (ch == '\\' && i + 1 < line.length()) {
        w.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(ch)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(ch);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }
}
