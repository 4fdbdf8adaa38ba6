package dev.overtime.aws.invoker.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;

/**
 * The emulation behaves as the AWS documentation its comments cite says AWS does, seen through the
 * real SDK clients: what the invoker must cope with is there to be coped with.
 */
class AwsEmulatorFaithfulnessTest {
  private AwsEmulator aws;
  private EcsClient ecs;

  @BeforeEach
  void start() throws Exception {
    aws = AwsEmulator.start();
    aws.ecs().launcher((definition, env) -> new ProcessBuilder("sleep", "300").start());
    ecs = aws.ecsClient();
  }

  @AfterEach
  void stop() {
    ecs.close();
    aws.close();
  }

  @Test
  void aNewTaskIsMissingForAMomentThenProvisioningPendingRunning() throws Exception {
    aws.ecs().visibilityDelay(Duration.ofMillis(500));
    aws.ecs().startup(Duration.ofMillis(400), Duration.ofMillis(400));
    String arn = ecs.runTask(run("t-1", "a")).tasks().get(0).taskArn();
    DescribeTasksResponse early = ecs.describeTasks(b -> b.cluster("c").tasks(arn));
    assertTrue(early.tasks().isEmpty());
    assertEquals("MISSING", early.failures().get(0).reason());
    List<String> seen = new ArrayList<>();
    waitFor(
        () -> {
          List<Task> tasks = ecs.describeTasks(b -> b.cluster("c").tasks(arn)).tasks();
          String status = tasks.isEmpty() ? "MISSING" : tasks.get(0).lastStatus();
          if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
            seen.add(status);
          }
          return status.equals("RUNNING");
        });
    assertEquals("RUNNING", seen.get(seen.size() - 1));
    assertTrue(
        List.of("MISSING", "PROVISIONING", "PENDING", "RUNNING").containsAll(seen)
            && seen.indexOf("RUNNING") > seen.indexOf("MISSING"),
        seen.toString());
  }

  @Test
  void aClientTokenReplayedWithOtherParametersIsAConflictAndTokensExpire() {
    String arn = ecs.runTask(run("t-2", "deadline-1")).tasks().get(0).taskArn();
    assertEquals(arn, ecs.runTask(run("t-2", "deadline-1")).tasks().get(0).taskArn());
    ConflictException conflict =
        assertThrows(ConflictException.class, () -> ecs.runTask(run("t-2", "deadline-2")));
    assertEquals(List.of(arn), conflict.resourceIds());

    aws.ecs().clientTokenTtl(Duration.ZERO);
    assertNotEquals(arn, ecs.runTask(run("t-2", "deadline-2")).tasks().get(0).taskArn());
  }

  @Test
  void overridesAbove8192CharactersAreRefused() {
    InvalidParameterException refused =
        assertThrows(
            InvalidParameterException.class, () -> ecs.runTask(run("t-3", "x".repeat(8200))));
    assertTrue(refused.getMessage().contains("8192"), refused.getMessage());
  }

  @Test
  void aContainerThatCannotStartStopsItsTaskWithTaskFailedToStartAndNoExitCode() throws Exception {
    aws.ecs().visibilityDelay(Duration.ZERO);
    aws.ecs()
        .launcher(
            (definition, env) -> {
              throw new java.io.IOException("image not found");
            });
    String arn = ecs.runTask(run("t-4", "a")).tasks().get(0).taskArn();
    waitFor(
        () -> {
          List<Task> tasks = ecs.describeTasks(b -> b.cluster("c").tasks(arn)).tasks();
          return !tasks.isEmpty() && "STOPPED".equals(tasks.get(0).lastStatus());
        });
    Task task = ecs.describeTasks(b -> b.cluster("c").tasks(arn)).tasks().get(0);
    assertEquals("TaskFailedToStart", task.stopCodeAsString());
    assertEquals(null, task.containers().get(0).exitCode());
  }

  @Test
  void lambdaRefusesRequestsAndAnswersAbove6MbAndEndsInvocationsAtTheirTimeout() {
    RequestStreamHandler echo = (in, out, context) -> out.write(in.readAllBytes());
    RequestStreamHandler huge = (in, out, context) -> out.write(new byte[7 * 1024 * 1024]);
    RequestStreamHandler slow =
        (in, out, context) -> {
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    aws.lambda().register("echo", echo);
    aws.lambda().register("huge", huge);
    aws.lambda().register("slow", slow);
    aws.lambda().timeout(Duration.ofMillis(300));
    try (LambdaClient lambda =
        LambdaClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.of(AwsEmulator.REGION))
            .credentialsProvider(AwsEmulator.credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      byte[] big = new byte[EmulatedLambda.PAYLOAD_LIMIT_BYTES + 1];
      assertThrows(
          RequestTooLargeException.class,
          () -> lambda.invoke(b -> b.functionName("echo").payload(SdkBytes.fromByteArray(big))));

      InvokeResponse tooLarge =
          lambda.invoke(b -> b.functionName("huge").payload(SdkBytes.fromUtf8String("{}")));
      assertEquals("Unhandled", tooLarge.functionError());
      assertTrue(
          tooLarge.payload().asUtf8String().contains("Function.ResponseSizeTooLarge"),
          tooLarge.payload().asUtf8String());

      InvokeResponse timedOut =
          lambda.invoke(b -> b.functionName("slow").payload(SdkBytes.fromUtf8String("{}")));
      assertEquals("Unhandled", timedOut.functionError());
      assertTrue(timedOut.payload().asUtf8String().contains("Task timed out"));

      InvokeResponse fine =
          lambda.invoke(b -> b.functionName("echo").payload(SdkBytes.fromUtf8String("{\"a\":1}")));
      assertFalse(fine.functionError() != null);
      assertEquals("{\"a\":1}", fine.payload().asString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void stoppedTasksAreDeliveredAtLeastOnceAndDuplicatedWhenAsked() throws Exception {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    aws.lambda()
        .register(
            "rule-target",
            (in, out, context) ->
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    aws.events().ruleTarget("rule-target");
    aws.events().delivery(3, Duration.ofMillis(100));
    aws.ecs().visibilityDelay(Duration.ZERO);
    aws.ecs().launcher((definition, env) -> new ProcessBuilder("sh", "-c", "exit 4").start());
    String arn = ecs.runTask(run("t-5", "a")).tasks().get(0).taskArn();
    waitFor(() -> received.size() == 3);
    for (String event : received) {
      assertTrue(event.contains("\"detail-type\":\"ECS Task State Change\""), event);
      assertTrue(event.contains("\"taskArn\":\"" + arn + "\""), event);
      assertTrue(event.contains("\"lastStatus\":\"STOPPED\""), event);
      assertTrue(event.contains("\"exitCode\":4"), event);
    }
  }

  private static RunTaskRequest run(String token, String value) {
    return RunTaskRequest.builder()
        .cluster("c")
        .taskDefinition("d")
        .clientToken(token)
        .overrides(
            o ->
                o.containerOverrides(c -> c.name("job").environment(e -> e.name("V").value(value))))
        .build();
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(10);
    }
  }
}
