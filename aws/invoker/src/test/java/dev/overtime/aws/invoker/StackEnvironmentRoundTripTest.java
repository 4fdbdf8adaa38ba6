package dev.overtime.aws.invoker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.overtime.aws.deploy.StackTemplate;
import dev.overtime.aws.protocol.InvokerEnvironment;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the stack of {@code overtime deploy} sets in the invoker function's environment is what the
 * invoker reads: the template's variables, with CloudFormation's intrinsics resolved as
 * CloudFormation would for one deployment, configure the invoker completely and with the manifests'
 * values.
 */
class StackEnvironmentRoundTripTest {
  /**
   * What CloudFormation would substitute in one deployment: parameters, resources and pseudo
   * parameters.
   */
  private static final Map<String, JsonNode> DEPLOYED = new TreeMap<>();

  static {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    DEPLOYED.put("Cluster", nodes.textNode("shop-Cluster-1A2B"));
    DEPLOYED.put("Subnets", nodes.arrayNode().add("subnet-aaa").add("subnet-bbb"));
    DEPLOYED.put("SecurityGroups", nodes.arrayNode().add("sg-123"));
    DEPLOYED.put("AssignPublicIp", nodes.textNode("ENABLED"));
    DEPLOYED.put("Bucket", nodes.textNode("shop-bucket-9z"));
    DEPLOYED.put("AWS::StackName", nodes.textNode("shop"));
    DEPLOYED.put("ScheduleGroup", nodes.textNode("ScheduleGroup-7QX1"));
    DEPLOYED.put(
        "SchedulerRole.Arn",
        nodes.textNode("arn:aws:iam::123456789012:role/shop-SchedulerRole-9Y"));
  }

  @Test
  void invokerReadsEverythingTheStackWrites() {
    List<ManifestJob> jobs =
        List.of(job("factorial", 3600, 0), job("video-transcode", 8 * 3600, 3));

    InvokerConfig config = InvokerConfig.fromEnvironment(invokerEnvironment(jobs));

    assertEquals("shop-Cluster-1A2B", config.cluster());
    assertEquals(List.of("subnet-aaa", "subnet-bbb"), config.subnets());
    assertEquals(List.of("sg-123"), config.securityGroups());
    assertTrue(config.assignPublicIp());
    assertEquals("shop-bucket-9z", config.bucket());
    assertEquals(InvokerEnvironment.DEFAULT_S3_PREFIX, config.prefix());
    assertEquals(InvokerEnvironment.DEFAULT_CONTAINER_NAME, config.containerName());
    assertEquals("shop-video-transcode", config.taskDefinition("video-transcode"));
    assertEquals(List.of("factorial", "video-transcode"), List.copyOf(config.jobs().keySet()));
    assertEquals(new InvokerEnvironment.Job("factorial", 3600, 0), config.jobs().get("factorial"));
    assertEquals(
        new InvokerEnvironment.Job("video-transcode", 8 * 3600, 3),
        config.jobs().get("video-transcode"));
  }

  @Test
  void stackSetsOnlyVariablesTheInvokerNamesBesidesTheJvmOptions() {
    Map<String, String> environment = invokerEnvironment(List.of(job("factorial", 60, 1)));
    environment.remove("JAVA_TOOL_OPTIONS");

    assertEquals(
        List.of(
            InvokerEnvironment.ASSIGN_PUBLIC_IP,
            InvokerEnvironment.BUCKET,
            InvokerEnvironment.CLUSTER,
            InvokerEnvironment.CONTAINER_NAME,
            InvokerEnvironment.JOBS,
            InvokerEnvironment.S3_PREFIX,
            InvokerEnvironment.SCHEDULER_ROLE_ARN,
            InvokerEnvironment.SCHEDULE_GROUP,
            InvokerEnvironment.SECURITY_GROUPS,
            InvokerEnvironment.SUBNETS,
            InvokerEnvironment.TASK_FAMILY_PREFIX),
        List.copyOf(new TreeMap<>(environment).keySet()));
  }

  @Test
  void anyVariableTheStackWritesIsOneTheInvokerNeeds() {
    Map<String, String> environment = invokerEnvironment(List.of(job("factorial", 60, 1)));
    for (String required :
        List.of(
            InvokerEnvironment.CLUSTER,
            InvokerEnvironment.SUBNETS,
            InvokerEnvironment.BUCKET,
            InvokerEnvironment.JOBS)) {
      Map<String, String> without = new LinkedHashMap<>(environment);
      without.remove(required);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> InvokerConfig.fromEnvironment(without));
      assertTrue(e.getMessage().contains(required + " is not set"), e.getMessage());
    }
  }

  @Test
  void aJobsConcurrencyLimitInItsManifestIsTheInvokersLimit() {
    ManifestJob plain = job("factorial", 3600, 0);
    ManifestJob limited =
        new ManifestJob(
            "import-ledger",
            "com.example.Handler",
            "dev.overtime.bootstrap.Main",
            plain.payload(),
            plain.result(),
            600,
            "600 seconds",
            2048,
            "2 GB",
            1024,
            "1 vCPU",
            0,
            3);

    InvokerConfig config =
        InvokerConfig.fromEnvironment(invokerEnvironment(List.of(plain, limited)));

    assertEquals(3, config.concurrency("import-ledger"));
    assertEquals(0, config.concurrency("factorial"), "no limit");
  }

  @Test
  void aConcurrencyLimitOutsideTheContractsRangeIsAMisconfiguration() {
    Map<String, String> environment = invokerEnvironment(List.of(job("factorial", 60, 1)));
    environment.put(
        InvokerEnvironment.JOBS, "{\"factorial\":{\"timeoutSeconds\":60,\"concurrency\":0}}");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> InvokerConfig.fromEnvironment(environment));

    assertTrue(
        e.getMessage()
            .contains("OVERTIME_JOBS.factorial.concurrency must be a whole number from 1 to 1000"),
        e.getMessage());
  }

  @Test
  void retriesOutsideTheContractsRangeAreAMisconfiguration() {
    Map<String, String> environment = invokerEnvironment(List.of(job("factorial", 60, 1)));
    environment.put(
        InvokerEnvironment.JOBS, "{\"factorial\":{\"timeoutSeconds\":60,\"retries\":11}}");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> InvokerConfig.fromEnvironment(environment));

    assertTrue(
        e.getMessage()
            .contains("OVERTIME_JOBS.factorial.retries must be a whole number from 0 to 10"),
        e.getMessage());
    assertFalse(e.getMessage().contains("timeoutSeconds"), e.getMessage());
  }

  /** The invoker function's variables in the template, resolved as CloudFormation would. */
  private static Map<String, String> invokerEnvironment(List<ManifestJob> jobs) {
    JsonNode variables =
        StackTemplate.build(jobs)
            .path("Resources")
            .path("InvokerFunction")
            .path("Properties")
            .path("Environment")
            .path("Variables");
    assertFalse(variables.isEmpty(), "the invoker function has environment variables");
    Map<String, String> environment = new LinkedHashMap<>();
    variables
        .properties()
        .forEach(entry -> environment.put(entry.getKey(), resolve(entry.getValue()).asText()));
    return environment;
  }

  private static JsonNode resolve(JsonNode value) {
    if (value.isTextual()) {
      return value;
    }
    if (value.has("Ref")) {
      return deployed(value.get("Ref").asText());
    }
    if (value.has("Fn::GetAtt")) {
      return deployed(
          value.get("Fn::GetAtt").get(0).asText() + "." + value.get("Fn::GetAtt").get(1).asText());
    }
    if (value.has("Fn::Join")) {
      String separator = value.get("Fn::Join").get(0).asText();
      List<String> parts = new ArrayList<>();
      resolve(value.get("Fn::Join").get(1)).forEach(part -> parts.add(part.asText()));
      return JsonNodeFactory.instance.textNode(String.join(separator, parts));
    }
    if (value.has("Fn::Sub")) {
      Matcher matcher = Pattern.compile("\\$\\{([^}]+)}").matcher(value.get("Fn::Sub").asText());
      StringBuilder resolved = new StringBuilder();
      while (matcher.find()) {
        matcher.appendReplacement(
            resolved, Matcher.quoteReplacement(deployed(matcher.group(1)).asText()));
      }
      matcher.appendTail(resolved);
      return JsonNodeFactory.instance.textNode(resolved.toString());
    }
    throw new AssertionError("an intrinsic this test does not resolve: " + value);
  }

  private static JsonNode deployed(String name) {
    JsonNode value = DEPLOYED.get(name);
    if (value == null) {
      throw new AssertionError(
          "the invoker's environment refers to " + name + ", which this test does not deploy");
    }
    return value;
  }

  private static ManifestJob job(String name, long timeoutSeconds, int retries) {
    ManifestType text =
        new ManifestType(
            "java.lang.String", JsonNodeFactory.instance.objectNode().put("type", "string"));
    return new ManifestJob(
        name,
        "com.example.Handler",
        "dev.overtime.bootstrap.Main",
        text,
        text,
        timeoutSeconds,
        timeoutSeconds + " seconds",
        2048,
        "2 GB",
        1024,
        "1 vCPU",
        retries);
  }
}
