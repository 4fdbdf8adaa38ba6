package dev.overtime.engine.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Configures AWS SDK clients from an environment map rather than only from the process environment,
 * so that {@code Engines.create("aws", env)} and tests configure everything in one place.
 * Variables, each optional, with the SDK's own default chain when absent:
 *
 * <ul>
 *   <li>{@code AWS_REGION} (or {@code AWS_DEFAULT_REGION});
 *   <li>{@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN};
 *   <li>{@code AWS_ENDPOINT_URL_<SERVICE>} (for example {@code AWS_ENDPOINT_URL_S3}), else {@code
 *       AWS_ENDPOINT_URL}: an endpoint override, for S3-compatible stores and emulators;
 *   <li>{@code OVERTIME_S3_PATH_STYLE=true}: path-style S3 addressing ({@code host/bucket/key}).
 * </ul>
 */
public final class AwsEnvironment {
  /** Set to {@code true} for path-style S3 requests. */
  static final String S3_PATH_STYLE = "OVERTIME_S3_PATH_STYLE";

  private final Map<String, String> environment;

  public AwsEnvironment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public Optional<String> get(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * Applies region, credentials and endpoint for {@code service} (as in {@code
   * AWS_ENDPOINT_URL_<SERVICE>}).
   */
  public <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
    get("AWS_REGION")
        .or(() -> get("AWS_DEFAULT_REGION"))
        .map(Region::of)
        .ifPresent(builder::region);
    Optional<String> key = get("AWS_ACCESS_KEY_ID");
    Optional<String> secret = get("AWS_SECRET_ACCESS_KEY");
    if (key.isPresent() && secret.isPresent()) {
      Optional<String> token = get("AWS_SESSION_TOKEN");
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              token.isPresent()
                  ? AwsSessionCredentials.create(key.get(), secret.get(), token.get())
                  : AwsBasicCredentials.create(key.get(), secret.get())));
    }
    get("AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT))
        .or(() -> get("AWS_ENDPOINT_URL"))
        .map(URI::create)
        .ifPresent(builder::endpointOverride);
    return builder;
  }

  S3Client s3Client() {
    return configure(S3Client.builder(), "S3")
        .forcePathStyle(get(S3_PATH_STYLE).map(Boolean::parseBoolean).orElse(false))
        .build();
  }
}
