package dev.overtime.engine.aws;

import dev.overtime.aws.protocol.S3Location;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Whole-object reads and writes through the S3 SDK; the only class of the s3 store that touches it.
 */
final class S3Objects {
  private final S3Client s3;

  S3Objects(S3Client s3) {
    this.s3 = s3;
  }

  byte[] read(S3Location location) throws IOException {
    try {
      return s3.getObjectAsBytes(
              GetObjectRequest.builder().bucket(location.bucket()).key(location.key()).build())
          .asByteArray();
    } catch (NoSuchKeyException e) {
      throw new java.nio.file.NoSuchFileException(location.toString(), null, "no such S3 object");
    } catch (SdkException e) {
      throw new IOException("Cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  void write(S3Location location, byte[] bytes) throws IOException {
    try {
      // A PUT replaces the object atomically: readers see the old or the new bytes.
      s3.putObject(
          PutObjectRequest.builder()
              .bucket(location.bucket())
              .key(location.key())
              .contentType("application/json")
              .build(),
          RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new IOException("Cannot write " + location + ": " + e.getMessage(), e);
    }
  }

  void close() {
    s3.close();
  }
}
