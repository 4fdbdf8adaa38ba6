package dev.overtime.runtime.spi;

import java.io.IOException;
import java.net.URI;

/**
 * Reads and writes the payload and outcome documents named by {@code OVERTIME_PAYLOAD_URI} and
 * {@code OVERTIME_RESULT_URI}, for one URI scheme ({@code file}, {@code s3}, ...). Found through
 * {@link java.util.ServiceLoader}; an implementation must not load heavy classes (an SDK) until
 * {@link #read} or {@link #write} is first called, so that runs on other schemes do not pay for it.
 */
public interface BlobStore {

  /** The URI scheme this store serves, lower case: {@code file}, {@code s3}. */
  String scheme();

  /** The whole document at {@code uri}. */
  byte[] read(URI uri) throws IOException;

  /**
   * Replaces the document at {@code uri} atomically: readers see the old or the new bytes, never a
   * part.
   */
  void write(URI uri, byte[] bytes) throws IOException;
}
