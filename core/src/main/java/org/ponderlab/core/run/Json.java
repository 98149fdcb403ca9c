package org.ponderlab.core.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import org.ponderlab.core.io.BoundedRead;

/**
 * One configured Jackson mapper for every JSON file the lab writes and reads. Reading is bounded: a
 * PonderLab JSON file is a few kilobytes, a few levels deep, so a file far past these limits is
 * refused with a message instead of exhausting the stack or the heap.
 */
public final class Json {
  /**
   * The largest JSON file the lab reads (config.json with thousands of resumes is still far below).
   */
  public static final long MAX_FILE_BYTES = 4L << 20;

  /** Objects and arrays nested deeper than this are refused (the lab writes at most 3 levels). */
  public static final int MAX_DEPTH = 32;

  /** The longest string value accepted (a path, a message, a command-line word). */
  public static final int MAX_STRING = 64 * 1024;

  public static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_STRING)
                          .maxNumberLength(100)
                          .maxDocumentLength(MAX_FILE_BYTES)
                          .build())
                  .build())
          .enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a JSON file through {@link BoundedRead} (regular files only, at most {@link
   * #MAX_FILE_BYTES}) and the mapper's limits.
   *
   * @param root the folder a symbolic link must stay in, or null
   * @throws Malformed for text that is not JSON or breaks a limit, with the reason in words
   * @throws IOException when the file cannot be read (or is refused: not regular, too large)
   */
  public static JsonNode read(Path root, Path file) throws IOException {
    byte[] bytes = BoundedRead.bytes(root, file, MAX_FILE_BYTES);
    try {
      return MAPPER.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw new Malformed(
          "too deeply nested or too long for a PonderLab file ("
              + e.getOriginalMessage().replaceAll("\\s*\\(.*", "")
              + ")",
          e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new Malformed("not valid JSON (" + where + e.getOriginalMessage() + ")", e);
    }
  }

  /** A JSON file whose text is not JSON or breaks a limit. */
  public static final class Malformed extends IOException {
    Malformed(String why, Throwable cause) {
      super(why, cause);
    }
  }
}
