package dev.overtime.runtime.internal;

import dev.overtime.runtime.spi.BlobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Payload and outcome documents on the local file system ({@code file:} URIs), as the local engine
 * uses them. Writes go to a temporary file in the same directory, are flushed to disk, then renamed
 * over the target, so a reader never sees half a document even if the writer is killed.
 */
public final class FileBlobStore implements BlobStore {

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public byte[] read(URI uri) throws IOException {
    return Files.readAllBytes(Path.of(uri));
  }

  @Override
  public void write(URI uri, byte[] bytes) throws IOException {
    Path target = Path.of(uri);
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
