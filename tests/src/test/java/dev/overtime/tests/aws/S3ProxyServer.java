package dev.overtime.tests.aws;

import dev.overtime.aws.invoker.emulator.AwsEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 as a third party implements it: s3proxy in this JVM on 127.0.0.1 and an ephemeral port,
 * storing objects in a directory, with SigV4 and the emulator's dummy credentials. The AWS path's
 * S3 side (the invoker's run records and their conditional writes, the containers' outcome and
 * began documents, the client's payloads) runs against it rather than against the emulation.
 */
final class S3ProxyServer implements AutoCloseable {
  private final S3Proxy proxy;

  S3ProxyServer(Path directory) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toString());
    proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem-nio2", properties))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "emulated", "emulated")
            .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** A path-style client with the dummy credentials. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(AwsEmulator.REGION))
        .forcePathStyle(true)
        .credentialsProvider(AwsEmulator.credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop", e);
    }
  }
}
