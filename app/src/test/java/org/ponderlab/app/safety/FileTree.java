package org.ponderlab.app.safety;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything under a folder, by relative path: a file's SHA-256 and mode, "dir" for a folder, the
 * target of a symbolic link (never followed), and only the presence of a lock file. Two equal maps
 * mean nothing there was added, removed, replaced or changed, byte for byte.
 */
final class FileTree {
  private FileTree() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return tree;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            tree.put(root.relativize(dir) + "/", "dir");
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String key = root.relativize(file).toString();
            if (attrs.isSymbolicLink()) {
              tree.put(key, "link to " + Files.readSymbolicLink(file));
            } else if (file.getFileName()
                .toString()
                .equals(org.ponderlab.core.run.FolderLock.FILE)) {
              // never opened: closing any handle on a locked file drops this process's POSIX lock
              // on it
              tree.put(key, "lock file");
            } else {
              tree.put(
                  key,
                  sha256(Files.readAllBytes(file))
                      + " "
                      + java.nio.file.attribute.PosixFilePermissions.toString(
                          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return tree;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
