package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.manifest.ManifestJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The IAM policies of the template stay within IAM's size quotas for the most jobs one stack holds,
 * with every intrinsic resolved to its longest value (IAM User Guide, "IAM and AWS STS quotas":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). A role's inline
 * policies together may have at most 10,240 characters, a managed policy 6,144; IAM does not count
 * white space. CloudFormation would create the stack's roles until one fails, then roll back.
 */
class IamPolicySizeTest {
  static final int ROLE_INLINE_POLICIES_LIMIT = 10_240;
  static final int MANAGED_POLICY_LIMIT = 6_144;

  /** The longest values of what the policies reference: a stack name may have 128 characters. */
  private static final Map<String, String> LONGEST =
      Map.of(
          "AWS::Partition", "aws-iso-b",
          "AWS::Region", "ap-southeast-7",
          "AWS::AccountId", "123456789012",
          "AWS::StackName", "s".repeat(128),
          "AWS::StackId",
              "arn:aws-iso-b:cloudformation:ap-southeast-7:123456789012:stack/"
                  + "s".repeat(128)
                  + "/12345678-1234-1234-1234-123456789012");

  @Test
  void everyRolesInlinePoliciesFitIamsLimitForTheMostJobsOneStackHolds() {
    List<ManifestJob> jobs = mostJobs();
    ObjectNode template = StackTemplate.build(jobs);
    JsonNode resources = template.path("Resources");
    StringBuilder report = new StringBuilder();
    resources
        .properties()
        .forEach(
            entry -> {
              JsonNode resource = entry.getValue();
              String type = resource.path("Type").asText();
              if (type.equals("AWS::IAM::Role")) {
                int size = 0;
                for (JsonNode policy : resource.path("Properties").path("Policies")) {
                  size += resolvedLength(policy.path("PolicyDocument"));
                }
                report.append(entry.getKey()).append('=').append(size).append(' ');
                assertTrue(
                    size <= ROLE_INLINE_POLICIES_LIMIT,
                    entry.getKey()
                        + "'s inline policies have "
                        + size
                        + " characters with "
                        + jobs.size()
                        + " jobs; IAM allows "
                        + ROLE_INLINE_POLICIES_LIMIT);
              } else if (type.equals("AWS::IAM::ManagedPolicy")) {
                int size = resolvedLength(resource.path("Properties").path("PolicyDocument"));
                report.append(entry.getKey()).append('=').append(size).append(' ');
                assertTrue(
                    size <= MANAGED_POLICY_LIMIT,
                    entry.getKey()
                        + " has "
                        + size
                        + " characters; IAM allows "
                        + MANAGED_POLICY_LIMIT);
              }
            });
    System.out.println(jobs.size() + " jobs: " + report);
    assertTrue(
        new TemplateQueries(template)
            .statementWith("InvokerRole", "ecs:RunTask")
            .path("Resource")
            .toString()
            .contains("${AWS::StackName}-*:*"),
        "so many jobs' task definitions are named by the stack's family prefix");
  }

  @Test
  void aFewJobsKeepTheirOwnTaskDefinitionArns() {
    assertTrue(
        StackTemplate.runnableFamilies(TestJobs.sample())
            .equals(List.of("factorial", "video-transcode")));
    JsonNode template = StackTemplate.build(TestJobs.sample());
    JsonNode role = template.path("Resources").path("InvokerRole").path("Properties");
    int size = 0;
    for (JsonNode policy : role.path("Policies")) {
      size += resolvedLength(policy.path("PolicyDocument"));
    }
    assertTrue(size <= ROLE_INLINE_POLICIES_LIMIT, "InvokerRole: " + size);
  }

  /** As many jobs with 24-character names as the invoker's OVERTIME_JOBS variable holds. */
  private static List<ManifestJob> mostJobs() {
    List<ManifestJob> jobs = new ArrayList<>();
    for (int i = 0; ; i++) {
      List<ManifestJob> more = new ArrayList<>(jobs);
      more.add(TestJobs.job(String.format("job-with-a-long-name-%03d", i), 1024, 2048));
      try {
        StackTemplate.build(more);
      } catch (DeploymentException e) {
        assertTrue(e.getMessage().contains("too-many-jobs"), e.getMessage());
        return jobs;
      }
      jobs = more;
    }
  }

  /** The document's length as IAM counts it, each intrinsic replaced by its longest value. */
  static int resolvedLength(JsonNode document) {
    return resolve(document).toString().length();
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (node.isObject()) {
      if (node.size() == 1 && node.has("Fn::Sub")) {
        JsonNode sub = node.get("Fn::Sub");
        return nodes.textNode(substitute(sub.isArray() ? sub.get(0).asText() : sub.asText()));
      }
      if (node.size() == 1 && node.has("Ref")) {
        return nodes.textNode(LONGEST.getOrDefault(node.get("Ref").asText(), longestArn()));
      }
      if (node.size() == 1 && node.has("Fn::GetAtt")) {
        return nodes.textNode(longestArn());
      }
      if (node.size() == 1 && node.has("Fn::Join")) {
        StringBuilder joined = new StringBuilder();
        JsonNode parts = node.get("Fn::Join").get(1);
        for (int i = 0; i < parts.size(); i++) {
          if (i > 0) {
            joined.append(node.get("Fn::Join").get(0).asText());
          }
          joined.append(resolve(parts.get(i)).asText());
        }
        return nodes.textNode(joined.toString());
      }
      ObjectNode copy = nodes.objectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), resolve(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = nodes.arrayNode();
      node.forEach(element -> copy.add(resolve(element)));
      return copy;
    }
    return node;
  }

  private static String substitute(String text) {
    Matcher matcher = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value =
          LONGEST.containsKey(name)
              ? LONGEST.get(name)
              : name.endsWith(".Arn") ? longestArn() : "r".repeat(63); // a bucket name, at most 63
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** An ARN of a stack's resource: partition, service, region, account, a name with the stack's. */
  private static String longestArn() {
    return "arn:aws-iso-b:iam::123456789012:role/" + "r".repeat(64);
  }
}
