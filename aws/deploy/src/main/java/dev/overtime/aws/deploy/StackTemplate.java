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
import dev.overtime.aws.protocol.InvokerEvent;
import dev.overtime.contract.resources.FargateSize;
import dev.overtime.runtime.Engines;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestSchedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CloudFormation template (JSON) that runs an application's jobs on AWS: an ECS cluster, one
 * Fargate task definition per job, task and execution roles, a log group, the bucket for payloads
 * and outcomes, the invoker function with its role and log group, the EventBridge rules and
 * Scheduler group that supervise runs without a reader, one EventBridge Scheduler schedule per
 * {@code @Schedule} of the jobs (in a group of their own, see {@link #schedules}), and a managed
 * policy for the application; plus what a {@link DeployConfiguration} binds to the jobs. IAM is
 * least privilege: the invoker may run only these task definitions in this cluster, pass only these
 * roles to ECS and the scheduler role to EventBridge Scheduler, schedule only in its group, and
 * touch only its prefix of its bucket.
 *
 * <pre>{@code
 * List<ManifestJob> jobs = ManifestJobs.read(Path.of("target/app.jar"));
 * String json = StackTemplate.render(jobs, DeployConfiguration.read(Path.of("overtime.deploy.json"), jobs));
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

  /** The prefix of the tags Overtime puts on tasks; the deploy configuration may not use it. */
  static final String TAG_PREFIX = "overtime:";

  /** The task definition's tag naming its job. */
  static final String JOB_TAG = TAG_PREFIX + "job";

  /**
   * The field of an {@code OVERTIME_JOBS} entry naming the job's capacity provider, present only
   * when it is not on-demand FARGATE. It belongs in {@link InvokerEnvironment.Job}; until the
   * invoker reads it there, the template writes it here.
   */
  static final String JOBS_CAPACITY_PROVIDER = "capacityProvider";

  /** The sweep rule's input to the invoker. */
  static final String SWEEP_INPUT = "{\"action\":\"sweep\"}";

  /** The invoker's name, for {@link #withStackUuid}: 53 characters, under Lambda's 64. */
  static final String INVOKER_NAME_TEMPLATE = "overtime-invoker-${StackUuid}";

  /** The group of the jobs' recurring schedules, apart from the invoker's one-time ones. */
  static final String CRON_SCHEDULE_GROUP = "CronScheduleGroup";

  /** The role EventBridge Scheduler assumes to fire the jobs' schedules. */
  static final String CRON_SCHEDULER_ROLE = "CronSchedulerRole";

  /**
   * How long EventBridge Scheduler keeps trying to deliver a fire it could not (Lambda throttling,
   * a service error), with its own backoff: an hour, then the fire is dropped.
   */
  static final int FIRE_MAX_AGE_SECONDS = 3600;

  /** The most delivery attempts of one fire within {@link #FIRE_MAX_AGE_SECONDS}: the maximum. */
  static final int FIRE_MAX_RETRIES = 185;

  /** EventBridge Scheduler's rule for schedule names (API reference, CreateSchedule). */
  private static final java.util.regex.Pattern SCHEDULE_NAME =
      java.util.regex.Pattern.compile("[0-9a-zA-Z-_.]{1,64}");

  static final String CREATE_SERVICE_LINKED_ROLE = "CreateEcsServiceLinkedRole";
  static final String CODE_BUCKET_REGION = "InvokerCodeBucketRegion";
  static final int DEFAULT_PAYLOAD_DAYS = 7;
  static final int DEFAULT_RUN_DAYS = 30;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StackTemplate() {}

  /** The template as indented JSON, binding nothing (no deploy configuration file). */
  public static String render(List<ManifestJob> jobs) {
    return render(jobs, DeployConfiguration.none());
  }

  /** The template as indented JSON, with what {@code config} binds to the jobs. */
  public static String render(List<ManifestJob> jobs, DeployConfiguration config) {
    try {
      return JSON.writeValueAsString(build(jobs, config)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The template, binding nothing. */
  public static ObjectNode build(List<ManifestJob> jobs) {
    return build(jobs, DeployConfiguration.none());
  }

  /**
   * The template.
   *
   * @throws DeploymentException for a job larger than any Fargate size, or too many jobs for one
   *     invoker
   */
  public static ObjectNode build(List<ManifestJob> jobs, DeployConfiguration config) {
    if (jobs.isEmpty()) {
      throw new DeploymentException("[overtime.no-jobs] there are no jobs to deploy");
    }
    Map<String, String> names = pascalNames(jobs);
    Map<String, JobBindings> bindings = new TreeMap<>();
    for (ManifestJob job : jobs) {
      bindings.put(job.name(), config.forJob(job.name()));
    }
    boolean spot = bindings.values().stream().anyMatch(b -> b.capacity() == Capacity.FARGATE_SPOT);
    ObjectNode template = NODES.objectNode();
    template.put("AWSTemplateFormatVersion", "2010-09-09");
    template.put(
        "Description",
        "Overtime jobs on ECS Fargate behind an invoker Lambda: "
            + String.join(", ", jobs.stream().map(ManifestJob::name).toList())
            + ". Written by 'overtime deploy'.");
    parameters(template.putObject("Parameters"), jobs, config.sweepMinutes());
    template
        .putObject("Conditions")
        .putObject(CREATE_SERVICE_LINKED_ROLE)
        .putArray("Fn::Equals")
        .add(ref(CREATE_SERVICE_LINKED_ROLE))
        .add("true");
    rules(template.putObject("Rules"));
    ObjectNode resources = template.putObject("Resources");
    resources.set("EcsServiceLinkedRole", ecsServiceLinkedRole());
    resources.set("Cluster", cluster());
    if (spot) {
      resources.set("ClusterCapacityProviders", clusterCapacityProviders());
    }
    resources.set("Bucket", bucket());
    resources.set("LogGroup", logGroup(sub("/overtime/${AWS::StackName}")));
    JobBindings shared = config.shared();
    resources.set("TaskExecutionRole", taskExecutionRole(shared));
    resources.set("TaskRole", taskRole(shared));
    List<JsonNode> passable = new ArrayList<>();
    passable.add(getAtt("TaskRole", "Arn"));
    passable.add(getAtt("TaskExecutionRole", "Arn"));
    for (ManifestJob job : jobs) {
      JobBindings bound = bindings.get(job.name());
      String name = names.get(job.name());
      String executionRole = "TaskExecutionRole";
      String taskRole = "TaskRole";
      if (bound.ownExecutionRole()) {
        executionRole = "TaskExecutionRole" + name;
        resources.set(executionRole, taskExecutionRole(bound));
        passable.add(getAtt(executionRole, "Arn"));
      }
      if (bound.ownTaskRole()) {
        taskRole = "TaskRole" + name;
        resources.set(taskRole, taskRole(bound));
        passable.add(getAtt(taskRole, "Arn"));
      }
      resources.set(
          "TaskDefinition" + name,
          taskDefinition(job, fargateSize(job), bound, executionRole, taskRole));
    }
    resources.set(
        "InvokerLogGroup", logGroup(withStackUuid("/aws/lambda/" + INVOKER_NAME_TEMPLATE)));
    resources.set("InvokerRole", invokerRole(jobs, passable));
    resources.set("ScheduleGroup", resource("AWS::Scheduler::ScheduleGroup"));
    resources.set("SchedulerRole", schedulerRole());
    resources.set("InvokerFunction", invokerFunction(jobs, bindings));
    resources.set("TaskStoppedRule", taskStoppedRule());
    resources.set("TaskStoppedPermission", eventsPermission("TaskStoppedRule"));
    resources.set("SweepRule", sweepRule(config.sweepMinutes()));
    resources.set("SweepPermission", eventsPermission("SweepRule"));
    schedules(resources, jobs, names);
    resources.set("ClientPolicy", clientPolicy());
    outputs(template.putObject("Outputs"));
    return template;
  }

  private static void parameters(ObjectNode parameters, List<ManifestJob> jobs, int sweepMinutes) {
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
        "The S3 bucket holding overtime-aws-invoker-<version>-lambda.jar. It must be in the"
            + " stack's region (Lambda reads code from its own region only).");
    parameter(
        parameters,
        "InvokerCodeKey",
        "String",
        "The key of overtime-aws-invoker-<version>-lambda.jar.");
    ObjectNode codeRegion =
        parameter(
            parameters,
            CODE_BUCKET_REGION,
            "String",
            "The region of InvokerCodeBucket (aws s3api get-bucket-location); when given, the"
                + " stack refuses to deploy in another region. Empty: not checked.");
    codeRegion.put("Default", "");
    codeRegion.put("AllowedPattern", "^$|^[a-z]{2}(-[a-z]+)+-\\d$");
    codeRegion.put(
        "ConstraintDescription", "a region name such as eu-west-1, or empty to skip the check");
    ObjectNode linkedRole =
        parameter(
            parameters,
            CREATE_SERVICE_LINKED_ROLE,
            "String",
            "true creates the ECS service-linked role (AWSServiceRoleForECS), which an account"
                + " that never used ECS lacks; leave false when it exists (creating it again"
                + " fails). See docs/aws.md.");
    linkedRole.put("Default", "false");
    linkedRole.putArray("AllowedValues").add("true").add("false");
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
    int minimumDays = StackRetention.minimumDays(jobs, sweepMinutes);
    ManifestJob longest = StackRetention.longestJob(jobs, sweepMinutes);
    String why =
        "at least "
            + minimumDays
            + " day(s): the longest run, of job '"
            + longest.name()
            + "' (timeout "
            + longest.timeoutDeclared()
            + ", "
            + longest.retries()
            + " retries), re-reads its payload and record until its last attempt ends";
    ObjectNode payloadDays =
        parameter(
            parameters,
            "PayloadRetentionDays",
            "Number",
            "Days to keep uploaded payloads (payloads/); " + why + ".");
    payloadDays.put("Default", Math.max(DEFAULT_PAYLOAD_DAYS, minimumDays));
    payloadDays.put("MinValue", minimumDays);
    payloadDays.put("ConstraintDescription", why);
    ObjectNode runDays =
        parameter(
            parameters,
            "RunRetentionDays",
            "Number",
            "Days to keep run records, outcomes and idempotency keys (runs/, idempotency/);"
                + " get(runId) answers for this long; "
                + why
                + ".");
    runDays.put("Default", Math.max(DEFAULT_RUN_DAYS, minimumDays));
    runDays.put("MinValue", minimumDays);
    runDays.put("ConstraintDescription", why);
  }

  private static void rules(ObjectNode rules) {
    ObjectNode rule = rules.putObject("InvokerCodeInStackRegion");
    ObjectNode given = NODES.objectNode();
    given
        .putArray("Fn::Not")
        .addObject()
        .putArray("Fn::Equals")
        .add(ref(CODE_BUCKET_REGION))
        .add("");
    rule.set("RuleCondition", given);
    ObjectNode assertion = rule.putArray("Assertions").addObject();
    assertion
        .putObject("Assert")
        .putArray("Fn::Equals")
        .add(ref(CODE_BUCKET_REGION))
        .add(ref("AWS::Region"));
    assertion.put(
        "AssertDescription",
        "InvokerCodeBucket is in another region than the stack; Lambda reads its code only from a"
            + " bucket in its own region. Copy the invoker jar to a bucket in this region, or"
            + " deploy the stack in the bucket's region.");
  }

  /**
   * The ECS service-linked role, only when {@value #CREATE_SERVICE_LINKED_ROLE} is true: ECS needs
   * it to place tasks, an account that never used ECS lacks it, and creating it when it exists
   * fails, so it is opt-in rather than always created. Kept on stack deletion: other stacks and ECS
   * itself use it.
   */
  private static ObjectNode ecsServiceLinkedRole() {
    ObjectNode role = resource("AWS::IAM::ServiceLinkedRole");
    role.put("Condition", CREATE_SERVICE_LINKED_ROLE);
    role.put("DeletionPolicy", "Retain");
    role.put("UpdateReplacePolicy", "Retain");
    ObjectNode properties = (ObjectNode) role.get("Properties");
    properties.put("AWSServiceName", "ecs.amazonaws.com");
    properties.put("Description", "Lets ECS place the Overtime jobs' Fargate tasks.");
    return role;
  }

  private static ObjectNode cluster() {
    ObjectNode cluster = resource("AWS::ECS::Cluster");
    // The tag refers to the service-linked role when the stack creates it, so the cluster waits
    // for the role (a DependsOn cannot name a resource that a condition may leave out).
    ObjectNode tag = NODES.objectNode().put("Key", TAG_PREFIX + "ecs-service-linked-role");
    tag.set("Value", ref("EcsServiceLinkedRole"));
    ObjectNode ifCreated = NODES.objectNode();
    ifCreated.putArray("Fn::If").add(CREATE_SERVICE_LINKED_ROLE).add(tag).add(ref("AWS::NoValue"));
    ((ObjectNode) cluster.get("Properties")).putArray("Tags").add(ifCreated);
    return cluster;
  }

  /**
   * FARGATE and FARGATE_SPOT on the cluster, so that RunTask may name them in a capacity provider
   * strategy (ECS refuses a strategy naming a provider the cluster lacks); on-demand Fargate stays
   * the default.
   */
  private static ObjectNode clusterCapacityProviders() {
    ObjectNode associations = resource("AWS::ECS::ClusterCapacityProviderAssociations");
    ObjectNode properties = (ObjectNode) associations.get("Properties");
    properties.set("Cluster", ref("Cluster"));
    properties.putArray("CapacityProviders").add("FARGATE").add("FARGATE_SPOT");
    properties
        .putArray("DefaultCapacityProviderStrategy")
        .addObject()
        .put("CapacityProvider", "FARGATE")
        .put("Weight", 1);
    return associations;
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

  private static ObjectNode taskExecutionRole(JobBindings bound) {
    ObjectNode role =
        role(
            "ecs-tasks.amazonaws.com",
            bound.secrets().isEmpty()
                ? "Pulls the job image and ships the job logs."
                : "Pulls the job image, ships the job logs and reads the jobs' secrets.");
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
    if (!bound.secrets().isEmpty()) {
      secretStatements(bound, policy(role, "read-secrets"));
    }
    return role;
  }

  /**
   * ECS reads a task's secrets with its execution role when the task starts: exactly these
   * parameters and secrets, and a customer managed key only when one is named, only through the
   * service that holds the secret.
   */
  private static void secretStatements(JobBindings bound, ArrayNode statements) {
    Map<String, ArrayNode> byService = new TreeMap<>();
    Map<String, List<SecretReference>> byKey = new TreeMap<>();
    for (SecretReference secret : bound.secrets().values()) {
      ArrayNode resources = byService.computeIfAbsent(secret.service(), s -> NODES.arrayNode());
      if (!contains(resources, secret.resource())) {
        resources.add(secret.resource());
      }
      if (secret.kmsKeyArn() != null) {
        byKey.computeIfAbsent(secret.kmsKeyArn(), k -> new ArrayList<>()).add(secret);
      }
    }
    if (byService.containsKey("ssm")) {
      statements.add(statement(List.of("ssm:GetParameters"), byService.get("ssm")));
    }
    if (byService.containsKey("secretsmanager")) {
      statements.add(
          statement(List.of("secretsmanager:GetSecretValue"), byService.get("secretsmanager")));
    }
    for (Map.Entry<String, List<SecretReference>> key : byKey.entrySet()) {
      ArrayNode services = NODES.arrayNode();
      for (SecretReference secret : key.getValue()) {
        ObjectNode service =
            secret.region().isTextual()
                ? null
                : sub(secret.service() + ".${AWS::Region}.amazonaws.com");
        JsonNode name =
            service != null
                ? service
                : NODES.textNode(
                    secret.service() + "." + secret.region().asText() + ".amazonaws.com");
        if (!contains(services, name)) {
          services.add(name);
        }
      }
      ObjectNode viaService = NODES.objectNode();
      viaService.putObject("StringEquals").set("kms:ViaService", services);
      statements.add(
          statement(List.of("kms:Decrypt"), NODES.arrayNode().add(key.getKey()))
              .<ObjectNode>set("Condition", viaService));
    }
  }

  private static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode item : array) {
      if (item.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode taskRole(JobBindings bound) {
    ObjectNode role =
        role(
            "ecs-tasks.amazonaws.com",
            "The jobs' own role: reads payloads and writes outcomes, plus what the deploy"
                + " configuration binds. Attach what the jobs themselves need to it.");
    ArrayNode statements = policy(role, "run-contract");
    statements.add(
        statement(
            List.of("s3:GetObject"),
            NODES
                .arrayNode()
                .add(objectArn(PREFIX + "payloads/*"))
                .add(objectArn(PREFIX + "runs/*/payload.json"))));
    // began.json: OVERTIME_BEGAN_URI, written just before the handler is called; progress.json:
    // OVERTIME_PROGRESS_URI, the handler's latest progress (docs/run-contract.md).
    statements.add(
        statement(
            List.of("s3:PutObject"),
            NODES
                .arrayNode()
                .add(objectArn(PREFIX + "runs/*/attempt-*/outcome.json"))
                .add(objectArn(PREFIX + "runs/*/attempt-*/began.json"))
                .add(objectArn(PREFIX + "runs/*/attempt-*/progress.json"))));
    if (!bound.statements().isEmpty()) {
      ArrayNode bindings = policy(role, "bound-permissions");
      bound.statements().forEach(statement -> bindings.add(statement.deepCopy()));
    }
    if (!bound.managedPolicyArns().isEmpty()) {
      ArrayNode arns = ((ObjectNode) role.get("Properties")).putArray("ManagedPolicyArns");
      bound.managedPolicyArns().forEach(arns::add);
    }
    return role;
  }

  private static ObjectNode taskDefinition(
      ManifestJob job, FargateSize size, JobBindings bound, String executionRole, String taskRole) {
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
    if (bound.ephemeralStorageGiB() != null) {
      properties.putObject("EphemeralStorage").put("SizeInGiB", bound.ephemeralStorageGiB());
    }
    properties.set("ExecutionRoleArn", getAtt(executionRole, "Arn"));
    properties.set("TaskRoleArn", getAtt(taskRole, "Arn"));
    // The invoker starts tasks with propagateTags=TASK_DEFINITION, so every task carries these
    // and adds overtime:run-id and overtime:attempt of its own.
    ArrayNode tags = properties.putArray("Tags");
    tags.addObject().put("Key", JOB_TAG).put("Value", job.name());
    bound.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
    ObjectNode container = properties.putArray("ContainerDefinitions").addObject();
    container.put("Name", CONTAINER);
    container.set("Image", ref("ImageUri"));
    container.put("Essential", true);
    // Cancel: SIGTERM, then SIGKILL after this many seconds (Fargate allows at most 120).
    container.put("StopTimeout", StackRetention.STOP_TIMEOUT_SECONDS);
    Map<String, String> environment = new TreeMap<>();
    environment.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");
    environment.putAll(bound.environment());
    ArrayNode variables = container.putArray("Environment");
    environment.forEach(
        (name, value) -> variables.addObject().put("Name", name).put("Value", value));
    if (!bound.secrets().isEmpty()) {
      ArrayNode secrets = container.putArray("Secrets");
      bound
          .secrets()
          .values()
          .forEach(
              secret ->
                  secrets
                      .addObject()
                      .put("Name", secret.name())
                      .set("ValueFrom", secret.valueFrom()));
    }
    ObjectNode logging = container.putObject("LogConfiguration");
    logging.put("LogDriver", "awslogs");
    ObjectNode options = logging.putObject("Options");
    options.set("awslogs-group", ref("LogGroup"));
    options.set("awslogs-region", ref("AWS::Region"));
    options.put("awslogs-stream-prefix", job.name());
    return definition;
  }

  /**
   * The most characters the invoker's list of task definition ARNs may take, resolved with the
   * longest stack name (128), partition and region: IAM allows 10,240 characters for all inline
   * policies of a role (IAM User Guide, "IAM and AWS STS quotas":
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), and the rest of
   * the invoker's policy takes about 2,500.
   */
  static final int MAX_TASK_DEFINITION_ARNS_CHARS = 6_000;

  private static final int LONGEST_TASK_DEFINITION_ARN_PREFIX =
      "arn:aws-iso-b:ecs:ap-southeast-7:123456789012:task-definition/".length() + 128 + 1;

  /**
   * The task definition families (after {@code <stack>-}) the invoker may run: each job's, or, when
   * their ARNs would not fit in the role's policy, every family of the stack ({@code *}). The
   * wildcard reaches no other stack's jobs in practice: RunTask stays limited to this cluster, and
   * the invoker may pass only this stack's roles.
   */
  static List<String> runnableFamilies(List<ManifestJob> jobs) {
    int chars = 0;
    for (ManifestJob job : jobs) {
      chars += LONGEST_TASK_DEFINITION_ARN_PREFIX + job.name().length() + ":*".length() + 3;
    }
    return chars <= MAX_TASK_DEFINITION_ARNS_CHARS
        ? jobs.stream().map(ManifestJob::name).toList()
        : List.of("*");
  }

  private static ObjectNode invokerRole(List<ManifestJob> jobs, List<JsonNode> passableRoles) {
    ObjectNode role =
        role(
            "lambda.amazonaws.com",
            "The invoker: runs, stops and describes these jobs' tasks, and schedules their"
                + " retries.");
    ArrayNode statements = policy(role, "invoke-jobs");
    statements.add(
        statement(
            List.of("logs:CreateLogStream", "logs:PutLogEvents"),
            NODES.arrayNode().add(getAtt("InvokerLogGroup", "Arn"))));
    ArrayNode taskDefinitions = NODES.arrayNode();
    for (String family : runnableFamilies(jobs)) {
      taskDefinitions.add(
          sub(
              "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/"
                  + "${AWS::StackName}-"
                  + family
                  + ":*"));
    }
    ObjectNode inCluster = NODES.objectNode();
    inCluster.putObject("ArnEquals").set("ecs:cluster", getAtt("Cluster", "Arn"));
    statements.add(
        statement(List.of("ecs:RunTask"), taskDefinitions).<ObjectNode>set("Condition", inCluster));
    ObjectNode clusterTasks =
        sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*");
    statements.add(
        statement(List.of("ecs:StopTask", "ecs:DescribeTasks"), NODES.arrayNode().add(clusterTasks))
            .<ObjectNode>set("Condition", inCluster.deepCopy()));
    // RunTask with tags (overtime:run-id, overtime:attempt, and the task definition's, propagated)
    // is authorized as ecs:TagResource too; only as part of RunTask, only on this cluster's tasks.
    ObjectNode onRunTask = NODES.objectNode();
    onRunTask.putObject("StringEquals").put("ecs:CreateAction", "RunTask");
    statements.add(
        statement(List.of("ecs:TagResource"), NODES.arrayNode().add(clusterTasks.deepCopy()))
            .<ObjectNode>set("Condition", onRunTask));
    ObjectNode toEcs = NODES.objectNode();
    toEcs.putObject("StringEquals").put("iam:PassedToService", "ecs-tasks.amazonaws.com");
    ArrayNode roles = NODES.arrayNode();
    passableRoles.forEach(roles::add);
    statements.add(statement(List.of("iam:PassRole"), roles).<ObjectNode>set("Condition", toEcs));
    // A retry after its backoff, or a delayed run: a one-time schedule in this stack's group, which
    // invokes the invoker as SchedulerRole (UpdateSchedule moves a rescheduled run's); the invoker
    // may pass that role only, only to the scheduler. The jobs' cron schedules are in another
    // group, out of its reach.
    statements.add(
        statement(
            List.of(
                "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"),
            NODES
                .arrayNode()
                .add(
                    sub(
                        "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:"
                            + "schedule/${ScheduleGroup}/*"))));
    ObjectNode toScheduler = NODES.objectNode();
    toScheduler.putObject("StringEquals").put("iam:PassedToService", "scheduler.amazonaws.com");
    statements.add(
        statement(List.of("iam:PassRole"), NODES.arrayNode().add(getAtt("SchedulerRole", "Arn")))
            .<ObjectNode>set("Condition", toScheduler));
    statements.add(
        statement(
            List.of("s3:GetObject", "s3:PutObject"),
            NODES
                .arrayNode()
                .add(objectArn(PREFIX + "runs/*"))
                .add(objectArn(PREFIX + "idempotency/*"))));
    // A re-run copies the original's payload, which a client may have uploaded to payloads/.
    statements.add(
        statement(
            List.of("s3:GetObject"), NODES.arrayNode().add(objectArn(PREFIX + "payloads/*"))));
    // A settled run's sweep mark is removed, so the sweep does not revisit it, and a run leaves its
    // job's queue when it starts or settles; nothing else of the bucket may be deleted by the
    // invoker.
    statements.add(
        statement(
            List.of("s3:DeleteObject"),
            NODES
                .arrayNode()
                .add(objectArn(PREFIX + "runs/_active/*"))
                .add(objectArn(PREFIX + "runs/_queue/*"))));
    // Without ListBucket, S3 answers a GET of a missing key with 403 instead of 404, and the
    // invoker could not tell "no outcome yet" from "forbidden"; the sweep lists runs/. It is not
    // narrowed by an s3:prefix condition: a GetObject has no prefix, and the 404 would be lost.
    // The bucket holds only Overtime's data.
    statements.add(
        statement(List.of("s3:ListBucket"), NODES.arrayNode().add(getAtt("Bucket", "Arn"))));
    return role;
  }

  /**
   * The role EventBridge Scheduler assumes to invoke the invoker when a retry's backoff ends: only
   * for schedules of this stack's group (confused-deputy guard), only that one function.
   */
  private static ObjectNode schedulerRole() {
    ObjectNode role =
        role(
            "scheduler.amazonaws.com",
            "EventBridge Scheduler: invokes the invoker when a retry's backoff ends.");
    ObjectNode condition = NODES.objectNode();
    ObjectNode equals = condition.putObject("StringEquals");
    equals.set("aws:SourceAccount", ref("AWS::AccountId"));
    equals.set("aws:SourceArn", getAtt("ScheduleGroup", "Arn"));
    ((ObjectNode) role.path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0))
        .set("Condition", condition);
    // The function's ARN from its name: GetAtt would make a cycle (the function's environment
    // names this role).
    policy(role, "invoke-invoker")
        .add(
            statement(
                List.of("lambda:InvokeFunction"),
                NODES
                    .arrayNode()
                    .add(
                        withStackUuid(
                            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:"
                                + "function:"
                                + INVOKER_NAME_TEMPLATE))));
    return role;
  }

  /**
   * Every "ECS Task State Change" to STOPPED in this stack's cluster goes to the invoker, which
   * settles the attempt and schedules the retry, with no client reading the run.
   */
  private static ObjectNode taskStoppedRule() {
    ObjectNode rule = resource("AWS::Events::Rule");
    ObjectNode properties = (ObjectNode) rule.get("Properties");
    properties.put(
        "Description", "Overtime: a job task stopped; the invoker settles or retries its run.");
    ObjectNode pattern = properties.putObject("EventPattern");
    pattern.putArray("source").add("aws.ecs");
    pattern.putArray("detail-type").add("ECS Task State Change");
    ObjectNode detail = pattern.putObject("detail");
    detail.putArray("clusterArn").add(getAtt("Cluster", "Arn"));
    detail.putArray("lastStatus").add("STOPPED");
    properties.put("State", "ENABLED");
    ObjectNode target = properties.putArray("Targets").addObject();
    target.put("Id", "invoker");
    target.set("Arn", getAtt("InvokerFunction", "Arn"));
    return rule;
  }

  /**
   * The periodic sweep: runs whose task vanished, or whose stop event was lost, are settled within
   * {@code minutes}.
   */
  private static ObjectNode sweepRule(int minutes) {
    ObjectNode rule = resource("AWS::Events::Rule");
    ObjectNode properties = (ObjectNode) rule.get("Properties");
    properties.put(
        "Description",
        "Overtime: sweeps unsettled runs whose task vanished or whose event was lost.");
    properties.put(
        "ScheduleExpression", "rate(" + minutes + (minutes == 1 ? " minute)" : " minutes)"));
    properties.put("State", "ENABLED");
    ObjectNode target = properties.putArray("Targets").addObject();
    target.put("Id", "invoker");
    target.set("Arn", getAtt("InvokerFunction", "Arn"));
    target.put("Input", SWEEP_INPUT);
    return rule;
  }

  /**
   * One {@code AWS::Scheduler::Schedule} per {@code @Schedule} of the jobs (two for an expression
   * that restricts both day fields, see {@link AwsCron}), in {@value #CRON_SCHEDULE_GROUP}, a group
   * of their own: the invoker's one-time schedules live in {@code ScheduleGroup}, where the invoker
   * may create, update and delete, so it can change none of these. Each fires the invoker with
   * {@link InvokerEvent#fireJson} (schedule id, payload, and the fire's {@code
   * <aws.scheduler.scheduled-time>}) as {@value #CRON_SCHEDULER_ROLE}. Nothing is added for jobs
   * without schedules.
   *
   * @throws DeploymentException naming the schedule and the fix, for a schedule the processor would
   *     not have written (a manifest by hand or by another version)
   */
  private static void schedules(
      ObjectNode resources, List<ManifestJob> jobs, Map<String, String> names) {
    if (jobs.stream().allMatch(job -> job.schedules().isEmpty())) {
      return;
    }
    resources.set(CRON_SCHEDULE_GROUP, resource("AWS::Scheduler::ScheduleGroup"));
    resources.set(CRON_SCHEDULER_ROLE, cronSchedulerRole());
    for (ManifestJob job : jobs) {
      for (ManifestSchedule schedule : job.schedules()) {
        JsonNode payload = checkedPayload(job, schedule);
        checkZone(schedule);
        List<AwsCron.Part> parts;
        try {
          parts = AwsCron.of(schedule.cron());
        } catch (IllegalArgumentException e) {
          throw invalidSchedule(schedule, "its cron \"" + schedule.cron() + "\" " + e.getMessage());
        }
        for (AwsCron.Part part : parts) {
          resources.set(
              scheduleLogicalId(names.get(job.name()), schedule.index(), part),
              schedule(job, schedule, part, payload));
        }
      }
    }
  }

  private static ObjectNode schedule(
      ManifestJob job, ManifestSchedule schedule, AwsCron.Part part, JsonNode payload) {
    ObjectNode resource = resource("AWS::Scheduler::Schedule");
    ObjectNode properties = (ObjectNode) resource.get("Properties");
    properties.put("Name", scheduleName(job.name(), schedule.index(), part));
    properties.set("GroupName", ref(CRON_SCHEDULE_GROUP));
    String description =
        "Overtime: fires "
            + schedule.id()
            + " (cron \""
            + schedule.declared()
            + "\" in "
            + schedule.zone()
            + (part.dayField() == null
                ? ")"
                : "; its "
                    + part.dayField()
                    + " days: the other day field has a schedule of its own)");
    properties.put("Description", description.substring(0, Math.min(512, description.length())));
    properties.put("ScheduleExpression", part.expression());
    properties.put("ScheduleExpressionTimezone", schedule.zone());
    properties.putObject("FlexibleTimeWindow").put("Mode", "OFF");
    properties.put("State", "ENABLED");
    ObjectNode target = properties.putObject("Target");
    target.set("Arn", getAtt("InvokerFunction", "Arn"));
    target.set("RoleArn", getAtt(CRON_SCHEDULER_ROLE, "Arn"));
    target.put("Input", InvokerEvent.fireJson(schedule.id(), payload));
    target
        .putObject("RetryPolicy")
        .put("MaximumEventAgeInSeconds", FIRE_MAX_AGE_SECONDS)
        .put("MaximumRetryAttempts", FIRE_MAX_RETRIES);
    return resource;
  }

  /**
   * {@code Schedule<index><Job>}, or {@code ScheduleDayOfMonth<index><Job>} and {@code
   * ScheduleDayOfWeek<index><Job>} for the two parts of one expression: the index's digits end
   * where the job's PascalCase name (which starts with a letter) begins, so ids never collide.
   */
  static String scheduleLogicalId(String pascalJob, int index, AwsCron.Part part) {
    String day =
        part.dayField() == null
            ? ""
            : part.dayField().equals("day-of-month") ? "DayOfMonth" : "DayOfWeek";
    return "Schedule" + day + index + pascalJob;
  }

  /**
   * {@code <job>-<index>} ({@code -day-of-month} or {@code -day-of-week} for the two parts of one
   * expression), unique in the group since job names are; a name beyond the scheduler's 64
   * characters ({@code [0-9a-zA-Z-_.]}) is cut and ends with a hash of the whole.
   */
  static String scheduleName(String job, int index, AwsCron.Part part) {
    String name = job + "-" + index + (part.dayField() == null ? "" : "-" + part.dayField());
    if (SCHEDULE_NAME.matcher(name).matches()) {
      return name;
    }
    String hash;
    try {
      hash =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(name.getBytes(StandardCharsets.UTF_8)))
              .substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String safe = name.replaceAll("[^0-9a-zA-Z-_.]", "-");
    return safe.substring(0, Math.min(safe.length(), 64 - 9)) + "-" + hash;
  }

  private static JsonNode checkedPayload(ManifestJob job, ManifestSchedule schedule) {
    if (!schedule.id().equals(job.name() + "#" + schedule.index())) {
      throw invalidSchedule(
          schedule,
          "its id is not <job>#<index> of job '"
              + job.name()
              + "', "
              + job.name()
              + "#"
              + schedule.index());
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(schedule.payload());
    } catch (JsonProcessingException e) {
      payload = null;
    }
    if (payload == null || !payload.isObject()) {
      throw invalidSchedule(
          schedule, "its payload is not a JSON object for the job's payload record");
    }
    return payload;
  }

  /**
   * EventBridge Scheduler reads the expression in an IANA zone; the processor accepts exactly the
   * region ids the JDK knows (an offset would not follow daylight saving).
   */
  private static void checkZone(ManifestSchedule schedule) {
    if (!ZoneId.getAvailableZoneIds().contains(schedule.zone())) {
      throw invalidSchedule(
          schedule,
          "its zone \""
              + schedule.zone()
              + "\" is not an IANA time zone id such as \"Europe/Berlin\" or \"UTC\"");
    }
  }

  private static DeploymentException invalidSchedule(ManifestSchedule schedule, String problem) {
    return new DeploymentException(
        "[overtime.schedule-invalid] Schedule "
            + schedule.id()
            + " cannot be deployed: "
            + problem
            + ". The processor writes only schedules that deploy: fix the @Schedule (see"
            + " docs/scheduling.md) and rebuild the application with this Overtime version;"
            + " a manifest written by hand or by another version may hold others.");
  }

  /**
   * The role EventBridge Scheduler assumes to fire the jobs' schedules: only for schedules of
   * {@value #CRON_SCHEDULE_GROUP} in this account (confused-deputy guard), and it may invoke the
   * invoker function only.
   */
  private static ObjectNode cronSchedulerRole() {
    ObjectNode role =
        role(
            "scheduler.amazonaws.com",
            "EventBridge Scheduler: invokes the invoker when a job's @Schedule fires.");
    ObjectNode condition = NODES.objectNode();
    ObjectNode equals = condition.putObject("StringEquals");
    equals.set("aws:SourceAccount", ref("AWS::AccountId"));
    equals.set("aws:SourceArn", getAtt(CRON_SCHEDULE_GROUP, "Arn"));
    ((ObjectNode) role.path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0))
        .set("Condition", condition);
    policy(role, "invoke-invoker")
        .add(
            statement(
                List.of("lambda:InvokeFunction"),
                NODES.arrayNode().add(getAtt("InvokerFunction", "Arn"))));
    return role;
  }

  /** Lets EventBridge invoke the invoker, for this one rule only. */
  private static ObjectNode eventsPermission(String rule) {
    ObjectNode permission = resource("AWS::Lambda::Permission");
    ObjectNode properties = (ObjectNode) permission.get("Properties");
    properties.put("Action", "lambda:InvokeFunction");
    properties.set("FunctionName", getAtt("InvokerFunction", "Arn"));
    properties.put("Principal", "events.amazonaws.com");
    properties.set("SourceArn", getAtt(rule, "Arn"));
    return permission;
  }

  private static ObjectNode invokerFunction(
      List<ManifestJob> jobs, Map<String, JobBindings> bindings) {
    ObjectNode function = resource("AWS::Lambda::Function");
    function.putArray("DependsOn").add("InvokerLogGroup");
    ObjectNode properties = (ObjectNode) function.get("Properties");
    // Lambda names are at most 64 characters and stack names up to 128: the name is bounded
    // (17 + 36) and unique per stack, from the stack id's UUID, and known before the function
    // exists, so its log group and the scheduler role can name it without a cycle.
    properties.set("FunctionName", withStackUuid(INVOKER_NAME_TEMPLATE));
    properties.set(
        "Description",
        sub(
            "Overtime invoker of stack ${AWS::StackName}: starts, stops and describes job tasks on"
                + " ECS Fargate."));
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
    variables.put(InvokerEnvironment.JOBS, jobsVariable(jobs, bindings));
    variables.set(InvokerEnvironment.SCHEDULER_ROLE_ARN, getAtt("SchedulerRole", "Arn"));
    variables.set(InvokerEnvironment.SCHEDULE_GROUP, ref("ScheduleGroup"));
    variables.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    return function;
  }

  /**
   * {@code Fn::Sub} of {@code template} with {@code ${StackUuid}}, the UUID at the end of the
   * stack's id: {@code arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>}.
   */
  static ObjectNode withStackUuid(String template) {
    ObjectNode uuid = NODES.objectNode();
    ArrayNode select = uuid.putArray("Fn::Select");
    select.add(2);
    select.addObject().putArray("Fn::Split").add("/").add(ref("AWS::StackId"));
    ObjectNode node = NODES.objectNode();
    ArrayNode args = node.putArray("Fn::Sub");
    args.add(template);
    args.addObject().set("StackUuid", uuid);
    return node;
  }

  /**
   * {@code {"factorial":{"timeoutSeconds":3600,"retries":0}}}: what the invoker knows of each job;
   * a job on Fargate Spot adds {@code "capacityProvider":"FARGATE_SPOT"} ({@link
   * #JOBS_CAPACITY_PROVIDER}), and the invoker then starts its tasks with that capacity provider
   * strategy instead of the FARGATE launch type. A job with a per-job limit
   * ({@code @JobHandler(concurrency = N)}, the manifest's {@code concurrency}) adds {@code
   * "concurrency":N} ({@link InvokerEnvironment#JOBS_CONCURRENCY}): the invoker starts at most N of
   * its runs at once and queues the others.
   */
  static String jobsVariable(List<ManifestJob> jobs, Map<String, JobBindings> bindings) {
    String base =
        InvokerEnvironment.jobsVariable(
            jobs.stream()
                .map(
                    job ->
                        new InvokerEnvironment.Job(job.name(), job.timeoutSeconds(), job.retries()))
                .toList());
    String value = base;
    boolean limited = jobs.stream().anyMatch(job -> job.concurrency() > 0);
    if (limited || bindings.values().stream().anyMatch(b -> b.capacity() != Capacity.FARGATE)) {
      ObjectNode entries;
      try {
        entries = (ObjectNode) JSON.readTree(base);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      for (ManifestJob job : jobs) {
        Capacity capacity = bindings.get(job.name()).capacity();
        if (capacity != Capacity.FARGATE) {
          ((ObjectNode) entries.get(job.name())).put(JOBS_CAPACITY_PROVIDER, capacity.name());
        }
        if (job.concurrency() > 0) {
          ((ObjectNode) entries.get(job.name()))
              .put(InvokerEnvironment.JOBS_CONCURRENCY, job.concurrency());
        }
      }
      value = entries.toString();
    }
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
            + "invoker, upload large payloads, read large results and the jobs' logs.");
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
    // overtime logs on the deployed stack reads each task's stream of the jobs' log group.
    statements.add(
        statement(
            List.of("logs:GetLogEvents"),
            NODES
                .arrayNode()
                .add(
                    sub(
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                            + "${LogGroup}:log-stream:*"))));
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
                + "=${Bucket} "
                + ClientEnvironment.LOG_GROUP
                + "=${LogGroup} AWS_REGION=${AWS::Region}"),
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
    output(
        outputs,
        "LogGroupName",
        ref("LogGroup"),
        ClientEnvironment.LOG_GROUP + ": the jobs' logs, one stream per task.");
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
    ObjectNode properties = (ObjectNode) role.get("Properties");
    ArrayNode policies =
        properties.has("Policies")
            ? (ArrayNode) properties.get("Policies")
            : properties.putArray("Policies");
    ObjectNode policy = policies.addObject();
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
   * The job names in PascalCase, for logical ids ({@code TaskDefinition}, {@code TaskRole} and
   * {@code TaskExecutionRole} + the name): {@code video-transcode} → {@code VideoTranscode}.
   */
  static Map<String, String> pascalNames(List<ManifestJob> jobs) {
    Map<String, String> names = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (ManifestJob job : jobs) {
      StringBuilder name = new StringBuilder();
      for (String part : job.name().split("[^A-Za-z0-9]+")) {
        if (!part.isEmpty()) {
          name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
      }
      String previous = owners.putIfAbsent(name.toString(), job.name());
      if (previous != null) {
        throw new DeploymentException(
            "[overtime.logical-id] Jobs '"
                + previous
                + "' and '"
                + job.name()
                + "' both become the CloudFormation resource TaskDefinition"
                + name
                + "; rename one of them.");
      }
      names.put(job.name(), name.toString());
    }
    return names;
  }
}
