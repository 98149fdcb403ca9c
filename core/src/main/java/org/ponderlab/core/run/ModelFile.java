package org.ponderlab.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.ponderlab.core.io.BoundedRead;
import org.ponderlab.core.train.TrainingCheckpoint;

/**
 * model.bin: the parameters and Adam's state of a run at its last snapshot, enough to continue it
 * exactly. Little-endian:
 *
 * <pre>
 * offset  size    field
 *  0      4       magic "PLMB" (0x50 0x4C 0x4D 0x42)
 *  4      int32   format version (1)
 *  8      int64   iteration
 * 16      int64   optimizer steps (Adam's t)
 * 24      int64   training nanoseconds so far (evaluations excluded)
 * 32      int32   setting changes applied so far C (the first C rows of changes.csv)
 * 36      int32   parameter count P
 * 40      int32   array count A (3: parameters, Adam first moment, Adam second moment)
 * 44      int32   method state count M (PACT's REINFORCE baseline; usually 0)
 * 48      4·A·P   float32 arrays, one after the other
 * …       8·M     float64 method state
 * …       int32   CRC-32 of every byte before it
 * </pre>
 *
 * The setting changes themselves are in changes.csv; their count here says which of them the saved
 * state includes (a killed session may have recorded more after this file was written).
 */
final class ModelFile {
  public static final int VERSION = 1;
  static final byte[] MAGIC = {'P', 'L', 'M', 'B'};
  static final int HEADER_BYTES = 48;
  private static final int ARRAYS = 3;

  private ModelFile() {}

  /**
   * Bytes of a model file with {@code parameters} parameters and {@code state} method-state values.
   */
  public static long size(int parameters, int state) {
    return HEADER_BYTES + 4L * ARRAYS * parameters + 8L * state + 4;
  }

  public static byte[] encode(TrainingCheckpoint c) {
    int p = c.parameters().length;
    int m = c.methodState().length;
    ByteBuffer b = ByteBuffer.allocate((int) size(p, m)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC)
        .putInt(VERSION)
        .putLong(c.iteration())
        .putLong(c.optimizerSteps())
        .putLong(c.trainingNanos())
        .putInt(c.changes().size())
        .putInt(p)
        .putInt(ARRAYS)
        .putInt(m);
    for (float[] a : List.of(c.parameters(), c.firstMoment(), c.secondMoment())) {
      b.asFloatBuffer().put(a);
      b.position(b.position() + 4 * a.length);
    }
    for (double v : c.methodState()) {
      b.putDouble(v);
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Writes atomically (temporary file, then rename). */
  public static void write(Path file, TrainingCheckpoint c) throws IOException {
    AtomicFiles.write(file, encode(c));
  }

  /**
   * What a model file holds: the checkpoint (its setting changes still empty: they are in
   * changes.csv) and how many of those changes it includes.
   */
  record Contents(TrainingCheckpoint checkpoint, int changeCount) {}

  /** The most method-state values a model file may carry (PACT's baseline is one). */
  static final int MAX_STATE = 1 << 10;

  /**
   * Reads a model file of a run folder whose settings make a network of {@code parameters}
   * parameters. The file is checked before it is read: a regular file of the folder (a FIFO, a
   * device or a link leading out is refused without opening it), no larger than such a network's
   * model file can be; then its header must agree with the settings before the rest is read.
   *
   * @param earlierLayout why a file of another parameter count cannot be loaded, when an earlier
   *     build's layout explains that count (null: it does not, the file is another run's or
   *     damaged)
   * @throws RunFolderException naming the file and what is wrong: missing, not a regular file, too
   *     large, truncated, not a model file, a newer format, an earlier layout, another network's, a
   *     checksum mismatch
   */
  static Contents read(
      Path folder,
      String name,
      long parameters,
      java.util.function.LongFunction<String> earlierLayout)
      throws RunFolderException {
    Path file = folder.resolve(name);
    long largest = size((int) Math.min(parameters, Integer.MAX_VALUE / 4), MAX_STATE);
    byte[] bytes;
    try {
      Path target = BoundedRead.check(folder, file, largest);
      try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length == HEADER_BYTES) {
          ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
          int count = h.getInt(36);
          if (Arrays.equals(Arrays.copyOf(header, 4), MAGIC)
              && h.getInt(4) == VERSION
              && count != parameters) {
            String earlier = earlierLayout.apply(count);
            if (earlier != null) {
              throw new RunFolderException(
                  folder, name, RunFolderException.Problem.CANNOT_CONTINUE, earlier);
            }
            throw damaged(
                folder,
                name,
                "it holds "
                    + count
                    + " parameters but the run's settings make a network of "
                    + parameters
                    + " (it belongs to another run, or is damaged)");
          }
        }
        byte[] rest = in.readNBytes((int) (largest - header.length));
        if (in.read() != -1) {
          throw damaged(folder, name, "it grew past " + largest + " bytes while being read");
        }
        bytes = new byte[header.length + rest.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(rest, 0, bytes, header.length, rest.length);
      }
    } catch (IOException e) {
      throw RunFolderException.unreadable(folder, name, e);
    }
    return decode(folder, name, bytes);
  }

  static Contents decode(Path folder, String name, byte[] bytes) throws RunFolderException {
    if (bytes.length < HEADER_BYTES + 4) {
      throw damaged(
          folder,
          name,
          "truncated: " + bytes.length + " bytes, a model file has at least " + (HEADER_BYTES + 4));
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[4];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw damaged(folder, name, "not a PonderLab model file (it does not start with PLMB)");
    }
    int version = b.getInt();
    if (version > VERSION) {
      throw new RunFolderException(
          folder,
          name,
          RunFolderException.Problem.TOO_NEW,
          "written by a newer PonderLab (model format "
              + version
              + "; this build reads up to "
              + VERSION
              + "); update PonderLab to open it");
    }
    if (version < 1) {
      throw damaged(folder, name, "unknown model format " + version);
    }
    long iteration = b.getLong();
    long steps = b.getLong();
    long nanos = b.getLong();
    int changes = b.getInt();
    int count = b.getInt();
    int arrays = b.getInt();
    int state = b.getInt();
    if (count < 0
        || arrays != ARRAYS
        || iteration < 0
        || changes < 0
        || state < 0
        || state > MAX_STATE) {
      throw damaged(
          folder,
          name,
          "damaged header ("
              + count
              + " parameters, "
              + arrays
              + " arrays, iteration "
              + iteration
              + ", "
              + changes
              + " changes, "
              + state
              + " method-state values)");
    }
    long expected = size(count, state);
    if (bytes.length != expected) {
      throw damaged(
          folder,
          name,
          (bytes.length < expected ? "truncated: " : "has extra bytes: ")
              + bytes.length
              + " bytes where "
              + count
              + " parameters need "
              + expected);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int stored =
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (stored != (int) crc.getValue()) {
      throw damaged(folder, name, "damaged: its checksum does not match its content");
    }
    float[][] a = new float[ARRAYS][count];
    for (float[] array : a) {
      b.asFloatBuffer().get(array);
      b.position(b.position() + 4 * count);
    }
    double[] methodState = new double[state];
    for (int i = 0; i < state; i++) {
      methodState[i] = b.getDouble();
    }
    return new Contents(
        new TrainingCheckpoint(iteration, steps, nanos, a[0], a[1], a[2], List.of(), methodState),
        changes);
  }

  private static RunFolderException damaged(Path folder, String name, String what) {
    return new RunFolderException(folder, name, RunFolderException.Problem.DAMAGED, what);
  }
}
