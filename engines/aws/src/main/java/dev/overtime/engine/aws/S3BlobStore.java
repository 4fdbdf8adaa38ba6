package dev.overtime.engine.aws;

import dev.overtime.aws.protocol.S3Location;
import dev.overtime.runtime.spi.BlobStore;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * The {@code s3:} store: payload and outcome documents at {@code s3://bucket/key}, for runs on ECS.
 * Its S3 client is created on first use from the process environment (region, credentials and
 * endpoint as the SDK reads them, plus {@code OVERTIME_S3_PATH_STYLE}); until then no AWS class is
 * loaded, so runs on other schemes need neither the SDK nor credentials.
 */
public final class S3BlobStore implements BlobStore {

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public byte[] read(URI uri) throws IOException {
    return SharedClient.OBJECTS.read(S3Location.of(uri));
  }

  @Override
  public void write(URI uri, byte[] bytes) throws IOException {
    SharedClient.OBJECTS.write(S3Location.of(uri), bytes);
  }

  /** Holds the client; initialised, and the SDK loaded, on the first read or write. */
  private static final class SharedClient {
    static final S3Objects OBJECTS =
        new S3Objects(new AwsEnvironment(Map.copyOf(System.getenv())).s3Client());
  }
}
