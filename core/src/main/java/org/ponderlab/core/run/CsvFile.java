package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.io.BoundedRead;

/**
 * A CSV file of a run folder as written by {@link RunWriter}: a header line and rows of plain
 * values (no quoting needed: numbers, setting names and values). Parse errors name the file and the
 * line.
 */
final class CsvFile {
  private final Path folder;
  private final String name;
  private final String header;
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  private CsvFile(Path folder, String name, List<String> text) throws RunFolderException {
    this.folder = folder;
    this.name = name;
    if (text.isEmpty()) {
      throw error(1, "the file is empty (no header line)");
    }
    this.header = text.get(0);
    String[] head = header.split(",", -1);
    for (int i = 0; i < head.length; i++) {
      columns.put(head[i].trim(), i);
    }
    for (int i = 1; i < text.size(); i++) {
      String line = text.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != head.length) {
        throw error(i + 1, "has " + cells.length + " values where the header has " + head.length);
      }
      rows.add(cells);
      lines.add(line);
    }
  }

  /** Reads a file; a missing one is an error naming it. */
  static CsvFile read(Path folder, String name, String... required) throws RunFolderException {
    Path file = folder.resolve(name);
    List<String> text;
    try {
      text = BoundedRead.text(folder, file, BoundedRead.heapShare()).lines().toList();
    } catch (IOException e) {
      throw RunFolderException.unreadable(folder, name, e);
    }
    CsvFile csv = new CsvFile(folder, name, text);
    for (String column : required) {
      if (!csv.columns.containsKey(column)) {
        throw csv.error(
            1, "the header has no column '" + column + "' (header: " + csv.header + ")");
      }
    }
    return csv;
  }

  /** Reads a file that a run may not have yet; null if it is absent. */
  static CsvFile readIfPresent(Path folder, String name, String... required)
      throws RunFolderException {
    return Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS)
        ? read(folder, name, required)
        : null;
  }

  String header() {
    return header;
  }

  int size() {
    return rows.size();
  }

  /** The raw text of row {@code r} (without the line break). */
  String line(int r) {
    return lines.get(r);
  }

  boolean has(String column) {
    return columns.containsKey(column);
  }

  String text(int r, String column) {
    return rows.get(r)[columns.get(column)].trim();
  }

  long longValue(int r, String column) throws RunFolderException {
    String t = text(r, column);
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw error(r + 2, "column " + column + " holds '" + t + "', not a whole number");
    }
  }

  int intValue(int r, String column) throws RunFolderException {
    long v = longValue(r, column);
    if (v != (int) v) {
      throw error(r + 2, "column " + column + " holds " + v + ", out of range");
    }
    return (int) v;
  }

  /** A number; an empty cell reads as NaN. */
  double doubleValue(int r, String column) throws RunFolderException {
    String t = text(r, column);
    if (t.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw error(r + 2, "column " + column + " holds '" + t + "', not a number");
    }
  }

  /** The cells of row {@code r} from column index {@code from} on (the x… or p… columns). */
  String[] cellsFrom(int r, int from) {
    String[] row = rows.get(r);
    return java.util.Arrays.copyOfRange(row, Math.min(from, row.length), row.length);
  }

  int columnCount() {
    return columns.size();
  }

  RunFolderException error(int line, String what) {
    return new RunFolderException(
        folder, name, RunFolderException.Problem.DAMAGED, "line " + line + ": " + what);
  }
}
