package org.ponderlab.core.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.ponderlab.core.run.RunFolderException.Problem;

/**
 * An exclusive claim on a run or sweep folder: an OS lock on {@code FOLDER/.ponderlab-lock}, held
 * until {@link #close()} (or until the process ends, however it ends: the OS drops the lock of a
 * killed process). Exactly one writer owns a folder; a second one, in another process or in this
 * one, is refused with the owner's pid, host and start time, which the owner writes into the file.
 * The lock file itself is left in place (deleting it would let two processes lock two different
 * files of the same name).
 */
public final class FolderLock implements AutoCloseable {
  public static final String FILE = ".ponderlab-lock";

  /**
   * Folders this process holds. Checked before a channel is opened: closing a second channel on a
   * locked file would drop this process's lock on it (POSIX locks belong to the process).
   */
  private static final Set<Path> HELD = new HashSet<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Claims {@code folder}, which must exist.
   *
   * @throws RunFolderException when another process, or another writer in this one, holds it
   * @throws IOException when the lock file cannot be created (a read-only folder, say)
   */
  public static FolderLock acquire(Path folder) throws RunFolderException, IOException {
    Path key = folder.toRealPath();
    synchronized (HELD) {
      if (HELD.contains(key)) {
        throw inUse(folder, "another run of this same process writes it");
      }
      Path file = folder.resolve(FILE);
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
      } catch (FileSystemException e) {
        if (java.nio.file.Files.isSymbolicLink(file)) {
          throw new RunFolderException(
              folder,
              FILE,
              Problem.DAMAGED,
              "it is a symbolic link; PonderLab writes only inside the run folder (delete the link)");
        }
        throw e;
      }
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      if (lock == null) {
        String owner = owner(channel);
        channel.close();
        throw inUse(folder, owner.isEmpty() ? "another process holds it" : owner);
      }
      try {
        byte[] me = ownerText().getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me), 0);
        channel.force(false);
      } catch (IOException e) {
        // the lock is what counts; the owner's description is a courtesy (a full disk may refuse
        // it)
      }
      HELD.add(key);
      return new FolderLock(key, channel, lock);
    }
  }

  private static RunFolderException inUse(Path folder, String owner) {
    return new RunFolderException(
        folder,
        null,
        Problem.CANNOT_CONTINUE,
        "it is in use by another PonderLab run ("
            + owner
            + "); wait for it to end or stop it, or choose another folder");
  }

  /** "process 123 on host, started 2026-…": what the owner wrote, on one line. */
  private static String owner(FileChannel channel) {
    try {
      ByteBuffer b = ByteBuffer.allocate(512);
      channel.read(b, 0);
      return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)
          .strip()
          .replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "";
    }
  }

  private static String ownerText() {
    ProcessHandle self = ProcessHandle.current();
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown host";
    }
    return "process "
        + self.pid()
        + " on "
        + host
        + ", started "
        + self.info().startInstant().map(Instant::toString).orElse("at an unknown time")
        + "\n";
  }

  /** Releases the claim (idempotent). */
  @Override
  public void close() {
    synchronized (HELD) {
      if (!channel.isOpen()) {
        return;
      }
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // closing the channel releases the lock whatever happens
      } finally {
        HELD.remove(key);
      }
    }
  }
}
