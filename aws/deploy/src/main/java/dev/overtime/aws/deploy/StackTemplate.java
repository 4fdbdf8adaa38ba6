package dev.overtime.aws.deploy;

import static dev.overtime.aws.deploy.Intrinsics.getAtt;
import static dev.overtime.aws.deploy.Intrinsics.join;
import static dev.overtime.aws.deploy.Intrinsics.ref;
import static dev.overtime.aws.deploy.Intrinsics.sub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.aws.protocol.ClientEnvironment;
import dev.overtime.aws.protocol.InvokerEnvironment;
import dev.overtime.contract.resources.FargateSize;
import dev.overtime.runtime.Engines;
import dev.overtime.runtime.manifest.ManifestJob;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudFormation template (JSON) that runs an application's jobs on AWS: an ECS cluster, one
 * Fargate task definition per job, task and execution roles, a log group, the bucket for payloads
 * and outcomes, the invoker function with its role and log group, and a managed policy for the
 * application. IAM is least privilege: the invoker may run only these task definitions in this
 * cluster, pass only these two roles to ECS, and touch only its prefix of its bucket.
 *
 * <pre>{@code
 * String json = StackTemplate.render(ManifestJobs.read(Path.of("target/app.jar")));
 * }</pre>
 */
public final class StackTemplate {
  /** The key prefix in the bucket, as the invoker's default {@code OVERTIME_S3_PREFIX}. */
  static final String PREFIX = InvokerEnvironment.DEFAULT_S3_PREFIX;

  /** The job container's name in every task definition. */
  static final String CONTAINER = InvokerEnvironment.DEFAULT_CONTAINER_NAME;

  /** The invoker's handler method. */
  static final String HANDLER = "dev.overtime.aws.invoker.InvokerHandler::handleRequest";

  /** Lambda allows 4 KB of environment in all; the rest of the invoker's needs about 1 KB. */
  static final int MAX_JOBS_VARIABLE_BYTES = 3 * 1024;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StackTemplate() {}

  /** The template as indented JSON. */
  public static String render(List<ManifestJob> jobs) {
    try {
      return JSON.writeValueAsString(build(jobs)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The template.
   *
   * @throws DeploymentException for a job larger than any Fargate size, or too many jobs for one
   *     invoker
   */
  public static ObjectNode build(List<ManifestJob> jobs) {
    if (jobs.isEmpty()) {
      throw new DeploymentException("[overtime.no-jobs] there are no jobs to deploy");
    }
    Map<String, String> logicalIds = logicalIds(jobs);
    ObjectNode template = NODES.objectNode();
    template.put("AWSTemplateFormatVersion", "2010-09-09");
    template.put(
        "Description",
        "Overtime jobs on ECS Fargate behind an invoker Lambda: "
            + String.join(", ", jobs.stream().map(ManifestJob::name).toList())
            + ". Written by 'overtime deploy'.");
    parameters(template.putObject("Parameters"));
    ObjectNode resources = template.putObject("Resources");
    resources.set("Cluster", resource("AWS::ECS::Cluster"));
    resources.set("Bucket", bucket());
    resources.set("LogGroup", logGroup(sub("/overtime/${AWS::StackName}")));
    resources.set("TaskExecutionRole", taskExecutionRole());
    resources.set("TaskRole", taskRole());
    for (ManifestJob job : jobs) {
      resources.set(logicalIds.get(job.name()), taskDefinition(job, fargateSize(job)));
    }
    resources.set("InvokerLogGroup", logGroup(sub("/aws/lambda/${AWS::StackName}-invoker")));
    resources.set("InvokerRole", invokerRole(jobs));
    resources.set("InvokerFunction", invokerFunction(jobs));
    resources.set("ClientPolicy", clientPolicy());
    outputs(template.putObject("Outputs"));
    return template;
  }

  private static void parameters(ObjectNode parameters) {
    parameter(
        parameters,
        "ImageUri",
        "String",
        "The container image with the application jar; its entrypoint "
            + "runs dev.overtime.bootstrap.Main (see docs/aws.md).");
    parameter(
        parameters,
        "Subnets",
        "List<AWS::EC2::Subnet::Id>",
        "Subnets for the job tasks; they need a route to S3, ECR and CloudWatch Logs (NAT, VPC"
            + " endpoints, or public subnets with AssignPublicIp).");
    parameter(
        parameters,
        "SecurityGroups",
        "List<AWS::EC2::SecurityGroup::Id>",
        "Security groups for the job tasks (outbound HTTPS is enough).");
    ObjectNode publicIp =
        parameter(
            parameters,
            "AssignPublicIp",
            "String",
            "ENABLED for tasks in public subnets without NAT.");
    publicIp.put("Default", "DISABLED");
    publicIp.putArray("AllowedValues").add("ENABLED").add("DISABLED");
    parameter(
        parameters,
        "InvokerCodeBucket",
        "String",
        "The S3 bucket holding overtime-aws-invoker-<version>-lambda.jar.");
    parameter(
        parameters,
        "InvokerCodeKey",
        "String",
        "The key of overtime-aws-invoker-<version>-lambda.jar.");
    ObjectNode logDays =
        parameter(parameters, "LogRetentionDays", "Number", "Days to keep job and invoker logs.");
    logDays.put("Default", 30);
    ArrayNode allowed = logDays.putArray("AllowedValues");
    for (int days :
        new int[] {
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653
        }) {
      allowed.add(days);
    }
    ObjectNode payloadDays =
        parameter(
            parameters,
            "PayloadRetentionDays",
            "Number",
            "Days to keep uploaded payloads (payloads/).");
    payloadDays.put("Default", 7);
    payloadDays.put("MinValue", 1);
    ObjectNode runDays =
        parameter(
            parameters,
            "RunRetentionDays",
            "Number",
            "Days to keep run records, outcomes and idempotency keys (runs/, idempotency/);"
                + " get(runId) answers for this long.");
    runDays.put("Default", 30);
    runDays.put("MinValue", 1);
  }

  private static ObjectNode parameter(
      ObjectNode parameters, String name, String type, String description) {
    ObjectNode parameter = parameters.putObject(name);
    parameter.put("Type", type);
    parameter.put("Description", description);
    return parameter;
  }

  private static ObjectNode bucket() {
    ObjectNode bucket = resource("AWS::S3::Bucket");
    ObjectNode properties = (ObjectNode) bucket.get("Properties");
    properties
        .putObject("BucketEncryption")
        .putArray("ServerSideEncryptionConfiguration")
        .addObject()
        .putObject("ServerSideEncryptionByDefault")
        .put("SSEAlgorithm", "AES256");
    properties
        .putObject("PublicAccessBlockConfiguration")
        .put("BlockPublicAcls", true)
        .put("BlockPublicPolicy", true)
        .put("IgnorePublicAcls", true)
        .put("RestrictPublicBuckets", true);
    ArrayNode rules = properties.putObject("LifecycleConfiguration").putArray("Rules");
    rules.add(expiry("expire-payloads", PREFIX + "payloads/", "PayloadRetentionDays"));
    rules.add(expiry("expire-runs", PREFIX + "runs/", "RunRetentionDays"));
    rules.add(expiry("expire-idempotency-keys", PREFIX + "idempotency/", "RunRetentionDays"));
    return bucket;
  }

  private static ObjectNode expiry(String id, String prefix, String daysParameter) {
    ObjectNode rule =
        NODES.objectNode().put("Id", id).put("Status", "Enabled").put("Prefix", prefix);
    rule.set("ExpirationInDays", ref(daysParameter));
    rule.putObject("AbortIncompleteMultipartUpload").put("DaysAfterInitiation", 1);
    return rule;
  }

  private static ObjectNode logGroup(JsonNode name) {
    ObjectNode group = resource("AWS::Logs::LogGroup");
    ObjectNode properties = (ObjectNode) group.get("Properties");
    properties.set("LogGroupName", name);
    properties.set("RetentionInDays", ref("LogRetentionDays"));
    return group;
  }

  private static ObjectNode taskExecutionRole() {
    ObjectNode role =
        role("ecs-tasks.amazonaws.com", "Pulls the job image and ships the job logs.");
    ArrayNode statements = policy(role, "pull-image-and-write-logs");
    // GetAuthorizationToken has no resource-level permissions: "*" is the only valid resource.
    statements.add(statement(List.of("ecr:GetAuthorizationToken"), NODES.arrayNode().add("*")));
    statements.add(
        statement(
            List.of(
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage"),
            NODES
                .arrayNode()
                .add(
                    sub(
                        "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*"))));
    statements.add(
        statement(
            List.of("logs:CreateLogStream", "logs:PutLogEvents"),
            NODES.arrayNode().add(getAtt("LogGroup", "Arn"))));
    return role;
  }

  private static ObjectNode taskRole() {
    ObjectNode role =
        role(
            "ecs-tasks.amazonaws.com",
            "The jobs' own role: reads payloads and writes outcomes. "
                + "Attach what the jobs themselves need to it.");
    ArrayNode statements = policy(role, "run-contract");
    statements.add(
        statement(
            List.of("s3:GetObject"),
            NODES
                .arrayNode()
                .add(objectArn(PREFIX + "payloads/*"))
                .add(objectArn(PREFIX + "runs/*/payload.json"))));
    // began.json: OVERTIME_BEGAN_URI, written just before the handler is called
    // (docs/run-contract.md).
    statements.add(
        statement(
            List.of("s3:PutObject"),
            NODES
                .arrayNode()
                .add(objectArn(PREFIX + "runs/*/attempt-*/outcome.json"))
                .add(objectArn(PREFIX + "runs/*/attempt-*/began.json"))));
    return role;
  }

  private static ObjectNode taskDefinition(ManifestJob job, FargateSize size) {
    ObjectNode definition = resource("AWS::ECS::TaskDefinition");
    ObjectNode properties = (ObjectNode) definition.get("Properties");
    properties.set("Family", sub("${AWS::StackName}-" + job.name()));
    properties.put("Cpu", Integer.toString(size.cpuUnits()));
    properties.put("Memory", Integer.toString(size.memoryMib()));
    properties.put("NetworkMode", "awsvpc");
    properties.putArray("RequiresCompatibilities").add("FARGATE");
    properties
        .putObject("RuntimePlatform")
        .put("OperatingSystemFamily", "LINUX")
        .put("CpuArchitecture", "X86_64");
    properties.set("ExecutionRoleArn", getAtt("TaskExecutionRole", "Arn"));
    properties.set("TaskRoleArn", getAtt("TaskRole", "Arn"));
    ObjectNode container = properties.putArray("ContainerDefinitions").addObject();
    container.put("Name", CONTAINER);
    container.set("Image", ref("ImageUri"));
    container.put("Essential", true);
    // Cancel: SIGTERM, then SIGKILL after this many seconds (Fargate allows at most 120).
    container.put("StopTimeout", 30);
    container
        .putArray("Environment")
        .addObject()
        .put("Name", "JAVA_TOOL_OPTIONS")
        .put("Value", "-XX:MaxRAMPercentage=75");
    ObjectNode logging = container.putObject("LogConfiguration");
    logging.put("LogDriver", "awslogs");
    ObjectNode options = logging.putObject("Options");
    options.set("awslogs-group", ref("LogGroup"));
    options.set("awslogs-region", ref("AWS::Region"));
    options.put("awslogs-stream-prefix", job.name());
    return definition;
  }

  private static ObjectNode invokerRole(List<ManifestJob> jobs) {
    ObjectNode role =
        role("lambda.amazonaws.com", "The invoker: runs, stops and describes these jobs' tasks.");
    ArrayNode statements = policy(role, "invoke-jobs");
    statements.add(
        statement(
            List.of("logs:CreateLogStream", "logs:PutLogEvents"),
            NODES.arrayNode().add(getAtt("InvokerLogGroup", "Arn"))));
    ArrayNode taskDefinitions = NODES.arrayNode();
    for (ManifestJob job : jobs) {
      taskDefinitions.add(
          sub(
              "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/"
                  + "${AWS::StackName}-"
                  + job.name()
                  + ":*"));
    }
    ObjectNode inCluster = NODES.objectNode();
    inCluster.putObject("ArnEquals").set("ecs:cluster", getAtt("Cluster", "Arn"));
    statements.add(
        statement(List.of("ecs:RunTask"), taskDefinitions).<ObjectNode>set("Condition", inCluster));
    statements.add(
        statement(
                List.of("ecs:StopTask", "ecs:DescribeTasks"),
                NODES
                    .arrayNode()
                    .add(
                        sub(
                            "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*")))
            .<ObjectNode>set("Condition", inCluster.deepCopy()));
    ObjectNode toEcs = NODES.objectNode();
    toEcs.putObject("StringEquals").put("iam:PassedToService", "ecs-tasks.amazonaws.com");
    statements.add(
        statement(
                List.of("iam:PassRole"),
                NODES
                    .arrayNode()
                    .add(getAtt("TaskRole", "Arn"))
                    .add(getAtt("TaskExecutionRole", "Arn")))
            .<ObjectNode>set("Condition", toEcs));
    statements.add(
        statement(
            List.of("s3:GetObject", "s3:PutObject"),
            NODES
                .arrayNode()
                .add(objectArn(PREFIX + "runs/*"))
                .add(objectArn(PREFIX + "idempotency/*"))));
    // Without ListBucket, S3 answers a GET of a missing key with 403 instead of 404, and the
    // invoker could not tell "no outcome yet" from "forbidden". The bucket holds only Overtime's
    // data.
    statements.add(
        statement(List.of("s3:ListBucket"), NODES.arrayNode().add(getAtt("Bucket", "Arn"))));
    return role;
  }

  private static ObjectNode invokerFunction(List<ManifestJob> jobs) {
    ObjectNode function = resource("AWS::Lambda::Function");
    function.putArray("DependsOn").add("InvokerLogGroup");
    ObjectNode properties = (ObjectNode) function.get("Properties");
    properties.set("FunctionName", sub("${AWS::StackName}-invoker"));
    properties.put(
        "Description", "Overtime invoker: starts, stops and describes job tasks on ECS Fargate.");
    properties.put("Runtime", "java21");
    properties.putArray("Architectures").add("arm64");
    properties.put("Handler", HANDLER);
    properties.put("MemorySize", 512);
    properties.put("Timeout", 60);
    properties.set("Role", getAtt("InvokerRole", "Arn"));
    ObjectNode code = properties.putObject("Code");
    code.set("S3Bucket", ref("InvokerCodeBucket"));
    code.set("S3Key", ref("InvokerCodeKey"));
    ObjectNode variables = properties.putObject("Environment").putObject("Variables");
    variables.set(InvokerEnvironment.CLUSTER, ref("Cluster"));
    variables.set(InvokerEnvironment.SUBNETS, join(",", ref("Subnets")));
    variables.set(InvokerEnvironment.SECURITY_GROUPS, join(",", ref("SecurityGroups")));
    variables.set(InvokerEnvironment.ASSIGN_PUBLIC_IP, ref("AssignPublicIp"));
    variables.set(InvokerEnvironment.TASK_FAMILY_PREFIX, sub("${AWS::StackName}-"));
    variables.put(InvokerEnvironment.CONTAINER_NAME, CONTAINER);
    variables.set(InvokerEnvironment.BUCKET, ref("Bucket"));
    variables.put(InvokerEnvironment.S3_PREFIX, PREFIX);
    variables.put(InvokerEnvironment.JOBS, jobsVariable(jobs));
    variables.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    return function;
  }

  /**
   * {@code {"factorial":{"timeoutSeconds":3600,"retries":0}}}: what the invoker knows of each job.
   */
  static String jobsVariable(List<ManifestJob> jobs) {
    String value =
        InvokerEnvironment.jobsVariable(
            jobs.stream()
                .map(
                    job ->
                        new InvokerEnvironment.Job(job.name(), job.timeoutSeconds(), job.retries()))
                .toList());
    if (value.length() > MAX_JOBS_VARIABLE_BYTES) {
      throw new DeploymentException(
          "[overtime.too-many-jobs] "
              + jobs.size()
              + " jobs need "
              + value.length()
              + " bytes in the invoker's "
              + InvokerEnvironment.JOBS
              + " variable, more than the "
              + MAX_JOBS_VARIABLE_BYTES
              + " that fit in Lambda's 4 KB of environment. Deploy the jobs as several stacks (one"
              + " jar each) and point each job at its invoker with"
              + " OVERTIME_INVOKER_FUNCTION_<JOB>.");
    }
    return value;
  }

  /**
   * The task size of a job: the smallest Fargate size holding its declared cpu and memory (rounded
   * up, so "3 vCPU" runs on 4 vCPU). The processor accepts nothing larger than the largest size;
   * only a manifest written by hand or by another version can get here without one.
   */
  static FargateSize fargateSize(ManifestJob job) {
    return FargateSize.smallestHolding(job.cpuUnits(), job.memoryMib())
        .orElseThrow(
            () ->
                new DeploymentException(
                    "[overtime.fargate-size] Job '"
                        + job.name()
                        + "' ("
                        + job.handlerClass()
                        + ") declares cpu = "
                        + FargateSize.vcpu(job.cpuUnits())
                        + " and memory = "
                        + FargateSize.gb(job.memoryMib())
                        + ", more than any Fargate task holds ("
                        + FargateSize.ranges()
                        + "). Lower cpu and memory in its "
                        + "@JobHandler to at most "
                        + FargateSize.LARGEST
                        + ", and rebuild the application."));
  }

  private static ObjectNode clientPolicy() {
    ObjectNode policy = resource("AWS::IAM::ManagedPolicy");
    ObjectNode properties = (ObjectNode) policy.get("Properties");
    properties.put(
        "Description",
        "For the application that starts the jobs (OVERTIME_ENGINE=aws): invoke the "
            + "invoker, upload large payloads, read large results.");
    ObjectNode document = properties.putObject("PolicyDocument");
    document.put("Version", "2012-10-17");
    ArrayNode statements = document.putArray("Statement");
    statements.add(
        statement(
            List.of("lambda:InvokeFunction"),
            NODES.arrayNode().add(getAtt("InvokerFunction", "Arn"))));
    statements.add(
        statement(
            List.of("s3:PutObject"), NODES.arrayNode().add(objectArn(PREFIX + "payloads/*"))));
    statements.add(
        statement(
            List.of("s3:GetObject"),
            NODES.arrayNode().add(objectArn(PREFIX + "runs/*/attempt-*/outcome.json"))));
    return policy;
  }

  private static void outputs(ObjectNode outputs) {
    output(
        outputs,
        "Environment",
        sub(
            Engines.ENGINE_VARIABLE
                + "=aws "
                + ClientEnvironment.INVOKER_FUNCTION
                + "=${InvokerFunction} "
                + ClientEnvironment.BUCKET
                + "=${Bucket} AWS_REGION=${AWS::Region}"),
        "The environment variables the application sets to run its jobs here.");
    output(
        outputs, "InvokerFunctionName", ref("InvokerFunction"), ClientEnvironment.INVOKER_FUNCTION);
    output(outputs, "BucketName", ref("Bucket"), ClientEnvironment.BUCKET);
    output(outputs, "Region", ref("AWS::Region"), "AWS_REGION");
    output(
        outputs,
        "ClientPolicyArn",
        ref("ClientPolicy"),
        "Attach to the application's role: invoke the invoker, upload payloads, read results.");
    output(
        outputs,
        "TaskRoleArn",
        getAtt("TaskRole", "Arn"),
        "The jobs' role: attach what the jobs need.");
    output(outputs, "ClusterName", ref("Cluster"), "The ECS cluster running the jobs.");
    output(outputs, "LogGroupName", ref("LogGroup"), "The jobs' logs, one stream per task.");
  }

  private static void output(ObjectNode outputs, String name, JsonNode value, String description) {
    ObjectNode output = outputs.putObject(name);
    output.put("Description", description);
    output.set("Value", value);
  }

  private static ObjectNode resource(String type) {
    ObjectNode resource = NODES.objectNode().put("Type", type);
    resource.putObject("Properties");
    return resource;
  }

  private static ObjectNode role(String service, String description) {
    ObjectNode role = resource("AWS::IAM::Role");
    ObjectNode properties = (ObjectNode) role.get("Properties");
    properties.put("Description", description);
    ObjectNode trust = properties.putObject("AssumeRolePolicyDocument");
    trust.put("Version", "2012-10-17");
    ObjectNode statement = trust.putArray("Statement").addObject();
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("Service", service);
    statement.put("Action", "sts:AssumeRole");
    return role;
  }

  /** Adds an inline policy to a role; returns its statement list. */
  private static ArrayNode policy(ObjectNode role, String name) {
    ObjectNode policy = ((ObjectNode) role.get("Properties")).putArray("Policies").addObject();
    policy.put("PolicyName", name);
    ObjectNode document = policy.putObject("PolicyDocument");
    document.put("Version", "2012-10-17");
    return document.putArray("Statement");
  }

  private static ObjectNode statement(List<String> actions, ArrayNode resources) {
    ObjectNode statement = NODES.objectNode().put("Effect", "Allow");
    ArrayNode actionList = statement.putArray("Action");
    actions.forEach(actionList::add);
    statement.set("Resource", resources);
    return statement;
  }

  private static ObjectNode objectArn(String keyPattern) {
    return sub("arn:${AWS::Partition}:s3:::${Bucket}/" + keyPattern);
  }

  /**
   * {@code TaskDefinition} + the job name in PascalCase: {@code video-transcode} → {@code
   * TaskDefinitionVideoTranscode}.
   */
  static Map<String, String> logicalIds(List<ManifestJob> jobs) {
    Map<String, String> ids = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (ManifestJob job : jobs) {
      StringBuilder id = new StringBuilder("TaskDefinition");
      for (String part : job.name().split("[^A-Za-z0-9]+")) {
        if (!part.isEmpty()) {
          id.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
      }
      String previous = owners.putIfAbsent(id.toString(), job.name());
      if (previous != null) {
        throw new DeploymentException(
            "[overtime.logical-id] Jobs '"
                + previous
                + "' and '"
                + job.name()
                + "' both become the CloudFormation resource "
                + id
                + "; rename one of them.");
      }
      ids.put(job.name(), id.toString());
    }
    return ids;
  }
}
