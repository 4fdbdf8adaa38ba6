package dev.overtime.engine.slurm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One small record of a run (its spec, an attempt's claim or end, a cancel, the final state) as a
 * sorted {@code key=value} text, written once through {@link WriteOnceFile}: simple to read with
 * {@code cat} on a cluster node, and no library needed on either side.
 */
final class RecordFile {
  private final Map<String, String> values;

  private RecordFile(Map<String, String> values) {
    this.values = values;
  }

  static RecordFile of(Map<String, String> values) {
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (value != null) {
            copy.put(key, value);
          }
        });
    return new RecordFile(copy);
  }

  /** The record in {@code file}, or empty when there is none. */
  static Optional<RecordFile> read(Path file) {
    try {
      Optional<byte[]> bytes = WriteOnceFile.read(file);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(new StringReader(new String(bytes.get(), StandardCharsets.UTF_8)));
      TreeMap<String, String> values = new TreeMap<>();
      properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
      return Optional.of(new RecordFile(values));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run record " + file, e);
    }
  }

  /** Creates {@code file} with this record unless it exists; true if this call created it. */
  boolean createAt(Path file) {
    try {
      return WriteOnceFile.create(file, bytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run record " + file, e);
    }
  }

  byte[] bytes() {
    Properties properties = new Properties();
    properties.putAll(values);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      properties.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Drop the date comment that Properties.store writes: it says nothing the record does not.
    String text = out.toString(StandardCharsets.ISO_8859_1);
    int firstLine = text.indexOf('\n');
    return (text.startsWith("#") ? text.substring(firstLine + 1) : text)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  String get(String key) {
    return values.get(key);
  }

  String require(String key, Path file) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("the run record " + file + " has no '" + key + "'");
    }
    return value;
  }

  long getLong(String key, long otherwise) {
    String value = values.get(key);
    return value == null ? otherwise : Long.parseLong(value);
  }

  int getInt(String key, int otherwise) {
    String value = values.get(key);
    return value == null ? otherwise : Integer.parseInt(value);
  }
}
