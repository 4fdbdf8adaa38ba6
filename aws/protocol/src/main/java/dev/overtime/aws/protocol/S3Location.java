package dev.overtime.aws.protocol;

import java.net.URI;

/**
 * A bucket and key, parsed from {@code s3://bucket/key}.
 *
 * @param bucket the bucket name
 * @param key the object key, without a leading slash
 */
public record S3Location(String bucket, String key) {

  /**
   * Parses {@code s3://bucket/key}.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static S3Location of(URI uri) {
    if (!"s3".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getHost().isEmpty()
        || uri.getPath() == null
        || uri.getPath().length() < 2) {
      throw new IllegalArgumentException(
          "'" + uri + "' is not an S3 object URI; use s3://<bucket>/<key>");
    }
    return new S3Location(uri.getHost(), uri.getPath().substring(1));
  }

  public URI toUri() {
    return URI.create("s3://" + bucket + "/" + key);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
