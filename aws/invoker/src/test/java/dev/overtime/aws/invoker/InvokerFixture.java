package dev.overtime.aws.invoker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.aws.invoker.emulator.AwsEmulator;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The emulator with the invoker deployed as function {@value #FUNCTION}, and a Lambda client. */
final class InvokerFixture implements AutoCloseable {
  static final String FUNCTION = "overtime-invoker";
  static final String BUCKET = "overtime-test-bucket";

  /** A short first backoff, so that retries come within a test's patience. */
  static final java.time.Duration RETRY_BASE = java.time.Duration.ofMillis(400);

  final AwsEmulator aws;
  final LambdaClient lambda;

  InvokerFixture(String jobsJson) throws IOException {
    aws = AwsEmulator.start();
    aws.lambda()
        .register(
            FUNCTION,
            new InvokerHandler(
                configuration(jobsJson),
                aws.ecsClient(),
                aws.s3Client(),
                aws.schedulerClient(),
                RETRY_BASE));
    aws.events().ruleTarget(FUNCTION);
    lambda =
        LambdaClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.of(AwsEmulator.REGION))
            .credentialsProvider(AwsEmulator.credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  static Map<String, String> configuration(String jobsJson) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OVERTIME_CLUSTER", "overtime-test");
    env.put("OVERTIME_SUBNETS", "subnet-aaa,subnet-bbb");
    env.put("OVERTIME_SECURITY_GROUPS", "sg-123");
    env.put("OVERTIME_TASK_FAMILY_PREFIX", "stack-");
    env.put("OVERTIME_BUCKET", BUCKET);
    env.put("OVERTIME_JOBS", jobsJson);
    env.put("OVERTIME_SCHEDULER_ROLE_ARN", "arn:aws:iam::000000000000:role/overtime-scheduler");
    env.put("OVERTIME_SCHEDULE_GROUP", "overtime-test");
    return env;
  }

  /** Invokes the invoker with a raw JSON request and parses the answer. */
  JsonNode invoke(String requestJson) throws IOException {
    byte[] answer =
        lambda
            .invoke(
                b ->
                    b.functionName(FUNCTION)
                        .payload(SdkBytes.fromString(requestJson, StandardCharsets.UTF_8)))
            .payload()
            .asByteArray();
    return JsonCodec.shared().readTree(answer);
  }

  @Override
  public void close() {
    lambda.close();
    aws.close();
  }
}
