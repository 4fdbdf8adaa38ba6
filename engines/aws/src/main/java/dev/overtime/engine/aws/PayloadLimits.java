package dev.overtime.engine.aws;

/** The payload sizes of the aws engine (docs/aws.md, "Limits"). */
public final class PayloadLimits {
  /**
   * The largest payload the aws engine accepts, in bytes of JSON: 64 MiB. Larger payloads are
   * refused before anything starts; keep big inputs in S3 and pass their location instead.
   */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

  /**
   * Payloads up to this size travel inside the Lambda request (which allows 6 MB); larger ones are
   * uploaded to the bucket first and the request carries their {@code s3:} URI.
   */
  public static final int LAMBDA_INLINE_PAYLOAD_BYTES = 256 * 1024;

  private PayloadLimits() {}
}
