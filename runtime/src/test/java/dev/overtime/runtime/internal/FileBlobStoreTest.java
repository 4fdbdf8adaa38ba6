package dev.overtime.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  @TempDir Path directory;

  @Test
  void fileUrisAreServedByTheFileStore() {
    assertEquals(FileBlobStore.class, BlobStores.forUri(URI.create("file:/tmp/x.json")).getClass());
  }

  @Test
  void writeReplacesTheDocumentAndLeavesNoTemporaryFile() throws Exception {
    URI uri = directory.resolve("nested/outcome.json").toUri();
    FileBlobStore store = new FileBlobStore();
    store.write(uri, "first".getBytes(StandardCharsets.UTF_8));
    store.write(uri, "second".getBytes(StandardCharsets.UTF_8));

    assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), store.read(uri));
    try (Stream<Path> files = Files.list(directory.resolve("nested"))) {
      assertEquals(1, files.count());
    }
  }
}
