package dev.overtime.tests.aws;

import dev.overtime.aws.invoker.InvokerHandler;
import dev.overtime.aws.invoker.emulator.AwsEmulator;
import dev.overtime.engine.aws.AwsEngine;
import dev.overtime.tests.aws.jobs.AwsTestJobsRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole AWS path on one machine: the emulator (Lambda, ECS, EventBridge, Scheduler), S3 served
 * by s3proxy ({@link S3ProxyServer}), the invoker deployed in the emulator as {@value #FUNCTION}
 * behind the STOPPED-task rule, and emulated ECS tasks that are real {@code
 * dev.overtime.bootstrap.Main} processes with the overrides' environment (plus the endpoints and
 * dummy credentials).
 */
final class AwsPath implements AutoCloseable {
  static final String FUNCTION = "overtime-invoker";
  static final String BUCKET = "overtime-e2e";

  /** A short first backoff, so that a retry comes within a test's patience. */
  static final Duration RETRY_BASE = Duration.ofMillis(500);

  final AwsEmulator aws;
  final S3ProxyServer s3;
  final S3Client s3Client;
  final Path taskLogs;
  private final AtomicInteger taskCount = new AtomicInteger();

  /** The jobs as the deployed stack describes them to the invoker ({@code OVERTIME_JOBS}). */
  static final String JOBS =
      "{\"aws-measure\":{\"timeoutSeconds\":600,\"retries\":0},"
          + "\"aws-wait\":{\"timeoutSeconds\":600,\"retries\":0},"
          + "\"aws-fail-once\":{\"timeoutSeconds\":600,\"retries\":1}}";

  AwsPath(Path workDirectory) throws Exception {
    this(workDirectory, JOBS);
  }

  /** The path with the invoker's jobs {@code jobsJson} (per-job limits, for example). */
  AwsPath(Path workDirectory, String jobsJson) throws Exception {
    aws = AwsEmulator.start();
    s3 = new S3ProxyServer(Files.createDirectories(workDirectory.resolve("s3")));
    s3Client = s3.client();
    s3Client.createBucket(b -> b.bucket(BUCKET));
    taskLogs = Files.createDirectories(workDirectory.resolve("task-logs"));
    Path services = Files.createDirectories(workDirectory.resolve("registry/META-INF/services"));
    Files.writeString(
        services.resolve("dev.overtime.runtime.internal.JobRegistry"),
        AwsTestJobsRegistry.class.getName() + "\n");
    String classpath =
        System.getProperty("java.class.path")
            + File.pathSeparator
            + workDirectory.resolve("registry");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    aws.ecs()
        .launcher(
            (taskDefinition, env) -> {
              ProcessBuilder builder =
                  new ProcessBuilder(java, "-cp", classpath, "dev.overtime.bootstrap.Main");
              builder.environment().putAll(env);
              builder.environment().put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
              builder.redirectErrorStream(true);
              builder.redirectOutput(
                  taskLogs
                      .resolve(taskDefinition + "-" + taskCount.incrementAndGet() + ".log")
                      .toFile());
              return builder.start();
            });
    aws.lambda()
        .register(
            FUNCTION,
            new InvokerHandler(
                invokerConfiguration(jobsJson),
                aws.ecsClient(),
                s3Client,
                aws.schedulerClient(),
                RETRY_BASE));
    aws.events().ruleTarget(FUNCTION);
  }

  /** The function's environment, as the deployed stack sets it. */
  static Map<String, String> invokerConfiguration(String jobsJson) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OVERTIME_CLUSTER", "overtime-e2e");
    env.put("OVERTIME_SUBNETS", "subnet-e2e");
    env.put("OVERTIME_TASK_FAMILY_PREFIX", "e2e-");
    env.put("OVERTIME_BUCKET", BUCKET);
    env.put("OVERTIME_JOBS", jobsJson);
    env.put("OVERTIME_SCHEDULER_ROLE_ARN", "arn:aws:iam::000000000000:role/e2e-scheduler");
    env.put("OVERTIME_SCHEDULE_GROUP", "e2e");
    return env;
  }

  /** What an application sets for {@code OVERTIME_ENGINE=aws}, pointed at the emulator. */
  Map<String, String> clientEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(aws.environment());
    env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
    env.put("OVERTIME_ENGINE", "aws");
    env.put("OVERTIME_INVOKER_FUNCTION", FUNCTION);
    env.put("OVERTIME_BUCKET", BUCKET);
    return env;
  }

  /** An engine that polls quickly, built on clients pointed at the emulator. */
  AwsEngine engine() {
    return AwsEngine.builder()
        .lambda(
            LambdaClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.of(AwsEmulator.REGION))
                .credentialsProvider(AwsEmulator.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build())
        .s3(s3.client())
        .invokerFunction(FUNCTION)
        .bucket(BUCKET)
        .maxPollInterval(Duration.ofMillis(100))
        .build();
  }

  /** The object at {@code key} in the bucket (served by s3proxy). */
  byte[] object(String key) {
    return s3Client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
  }

  /** The logs of the emulated tasks so far, for assertion messages. */
  String taskLogText() {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(taskLogs)) {
      for (Path file : files.sorted().toList()) {
        text.append("--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
      }
    } catch (IOException e) {
      text.append(e);
    }
    return text.toString();
  }

  @Override
  public void close() {
    aws.close();
    s3Client.close();
    s3.close();
  }
}
