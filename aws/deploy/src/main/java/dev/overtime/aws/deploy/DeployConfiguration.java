package dev.overtime.aws.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.runtime.binding.BoundEnvironment;
import dev.overtime.runtime.binding.BoundEnvironmentException;
import dev.overtime.runtime.manifest.ManifestJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deploy configuration file, {@value BoundEnvironment#FILE_NAME}: what is bound to all jobs
 * ({@code all}) and to each ({@code jobs.<name>}): environment values, secrets, task role
 * permissions, Fargate Spot, ephemeral storage and tags; and the stack's sweep interval. Its JSON
 * Schema is {@value #SCHEMA_RESOURCE} (docs/aws.md "Bound resources"). Every problem of a file is
 * reported at once, each naming the field and the fix.
 *
 * <pre>{@code
 * List<ManifestJob> jobs = ManifestJobs.read(Path.of("target/app.jar"));
 * DeployConfiguration config = DeployConfiguration.read(Path.of("overtime.deploy.json"), jobs);
 * String template = StackTemplate.render(jobs, config);
 * }</pre>
 */
public final class DeployConfiguration {
  /** The classpath resource of the file's JSON Schema. */
  public static final String SCHEMA_RESOURCE = "META-INF/overtime/schema/deploy-config.schema.json";

  /** {@value} minutes between two sweeps when the file does not say. */
  public static final int DEFAULT_SWEEP_MINUTES = 5;

  static final int MAX_SWEEP_MINUTES = 1440;
  static final int MIN_EPHEMERAL_GIB = 21;
  static final int MAX_EPHEMERAL_GIB = 200;

  /**
   * ECS allows 50 tags on a task; Overtime puts {@code overtime:job} on the task definition and the
   * invoker adds {@code overtime:run-id} and {@code overtime:attempt} to each task.
   */
  static final int MAX_USER_TAGS = 47;

  /** IAM's default quota of managed policies attached to one role. */
  static final int MAX_MANAGED_POLICIES = 10;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> TOP_LEVEL = Set.of("$schema", "all", "jobs", "sweepMinutes");
  private static final Set<String> SCOPE =
      Set.of("environment", "secrets", "permissions", "capacity", "ephemeralStorageGiB", "tags");
  private static final Set<String> STATEMENT =
      Set.of("Sid", "Effect", "Action", "Resource", "Condition");
  private static final Pattern SSM_ARN =
      Pattern.compile("arn:(aws[a-z-]*):ssm:([a-z0-9-]+):(\\d{12}):parameter/[A-Za-z0-9_.\\-/]+");
  private static final Pattern SSM_NAME =
      Pattern.compile("ssm:/?([A-Za-z0-9_.\\-][A-Za-z0-9_.\\-/]*)");

  /**
   * A Secrets Manager secret's full ARN, with the 6 characters Secrets Manager appends to its name:
   * ECS needs the full ARN, and an IAM grant on a partial one never matches the real secret.
   */
  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "(arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\\d{12}):secret:[A-Za-z0-9/_+=.@\\-]+-[A-Za-z0-9]{6})"
              + "(:[^:]*:[^:]*:[^:]*)?");

  private static final Pattern KMS_KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
  private static final Pattern POLICY_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/[A-Za-z0-9+=,.@_\\-/]+");

  /** What ECS allows in tag keys and values. */
  private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private static final Pattern ACTION = Pattern.compile("\\*|[a-z0-9-]+:[A-Za-z0-9*?]+");

  private static final DeployConfiguration NONE =
      new DeployConfiguration(Scope.EMPTY, Map.of(), DEFAULT_SWEEP_MINUTES);

  private final Scope all;
  private final Map<String, Scope> jobs;
  private final int sweepMinutes;

  private DeployConfiguration(Scope all, Map<String, Scope> jobs, int sweepMinutes) {
    this.all = all;
    this.jobs = jobs;
    this.sweepMinutes = sweepMinutes;
  }

  /** Binds nothing; sweeps every {@value #DEFAULT_SWEEP_MINUTES} minutes. */
  public static DeployConfiguration none() {
    return NONE;
  }

  /**
   * Reads and checks a file against the jobs being deployed.
   *
   * @throws DeploymentException naming the file, every field at fault and the fix
   */
  public static DeployConfiguration read(Path file, List<ManifestJob> deployed) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new DeploymentException(
          "[overtime.deploy-config] cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); pass an existing file with --config, or none to bind nothing.",
          e);
    }
    return parse(text, file.toString(), deployed);
  }

  /**
   * Parses and checks the file's text.
   *
   * @param source the file's name, for messages
   * @throws DeploymentException naming every field at fault and the fix
   */
  public static DeployConfiguration parse(String json, String source, List<ManifestJob> deployed) {
    JsonNode root;
    try {
      root = BoundEnvironment.parseJson(json, source);
    } catch (BoundEnvironmentException e) {
      throw new DeploymentException(e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    boolean environmentRead = true;
    try {
      BoundEnvironment.of(root, source);
    } catch (BoundEnvironmentException e) {
      problems.addAll(e.problems());
      environmentRead = false;
    }
    boolean environmentChecked = environmentRead;
    unknownFields(root, "", TOP_LEVEL, problems);
    if (root.has("$schema") && !root.get("$schema").isTextual()) {
      problems.add("$schema must be a string (the schema's location, for editors)");
    }
    int sweepMinutes = DEFAULT_SWEEP_MINUTES;
    JsonNode sweep = root.path("sweepMinutes");
    if (!sweep.isMissingNode()) {
      if (!sweep.isInt() || sweep.asInt() < 1 || sweep.asInt() > MAX_SWEEP_MINUTES) {
        problems.add(
            "sweepMinutes must be a whole number of minutes from 1 to "
                + MAX_SWEEP_MINUTES
                + " (default "
                + DEFAULT_SWEEP_MINUTES
                + "), found "
                + sweep);
      } else {
        sweepMinutes = sweep.asInt();
      }
    }
    Scope all = scope(root.path("all"), "all", environmentRead, problems);
    Map<String, Scope> jobs = new TreeMap<>();
    JsonNode jobNodes = root.path("jobs");
    if (jobNodes.isObject()) {
      Set<String> names = new TreeSet<>(deployed.stream().map(ManifestJob::name).toList());
      jobNodes
          .properties()
          .forEach(
              entry -> {
                if (!names.contains(entry.getKey())) {
                  problems.add(
                      "jobs."
                          + entry.getKey()
                          + " is not a job of this application; the jobs are "
                          + String.join(", ", names)
                          + ". Rename or remove it");
                }
                jobs.put(
                    entry.getKey(),
                    scope(
                        entry.getValue(), "jobs." + entry.getKey(), environmentChecked, problems));
              });
    }
    if (!problems.isEmpty()) {
      throw new DeploymentException(
          "[overtime.deploy-config] "
              + source
              + ": "
              + String.join("; ", problems)
              + ". See docs/aws.md#bound-resources and the schema "
              + SCHEMA_RESOURCE
              + ".");
    }
    DeployConfiguration config = new DeployConfiguration(all, jobs, sweepMinutes);
    for (ManifestJob job : deployed) {
      int tags = config.forJob(job.name()).tags().size();
      if (tags > MAX_USER_TAGS) {
        throw new DeploymentException(
            "[overtime.deploy-config] "
                + source
                + ": job '"
                + job.name()
                + "' gets "
                + tags
                + " tags from all.tags and jobs."
                + job.name()
                + ".tags; ECS allows "
                + MAX_USER_TAGS
                + " besides Overtime's own three. Remove some.");
      }
      int policies = config.forJob(job.name()).managedPolicyArns().size();
      if (policies > MAX_MANAGED_POLICIES) {
        throw new DeploymentException(
            "[overtime.deploy-config] "
                + source
                + ": job '"
                + job.name()
                + "' gets "
                + policies
                + " managed policies from all.permissions and jobs."
                + job.name()
                + ".permissions; IAM attaches at most "
                + MAX_MANAGED_POLICIES
                + " to a role by default. Merge some into statements.");
      }
    }
    return config;
  }

  /** Minutes between two sweeps of the invoker. */
  public int sweepMinutes() {
    return sweepMinutes;
  }

  /** What is bound to {@code job}: {@code all} and its own, merged. */
  public JobBindings forJob(String job) {
    Scope own = jobs.getOrDefault(job, Scope.EMPTY);
    SortedMap<String, String> environment = new TreeMap<>(all.environment);
    environment.keySet().removeAll(own.secrets.keySet());
    environment.putAll(own.environment);
    SortedMap<String, SecretReference> secrets = new TreeMap<>(all.secrets);
    secrets.keySet().removeAll(own.environment.keySet());
    secrets.putAll(own.secrets);
    TreeSet<String> policies = new TreeSet<>(all.managedPolicyArns);
    policies.addAll(own.managedPolicyArns);
    List<ObjectNode> statements = new ArrayList<>(all.statements);
    statements.addAll(own.statements);
    SortedMap<String, String> tags = new TreeMap<>(all.tags);
    tags.putAll(own.tags);
    Capacity capacity =
        own.capacity != null
            ? own.capacity
            : all.capacity != null ? all.capacity : Capacity.FARGATE;
    Integer storage =
        own.ephemeralStorageGiB != null ? own.ephemeralStorageGiB : all.ephemeralStorageGiB;
    return new JobBindings(
        environment,
        secrets,
        List.copyOf(policies),
        statements,
        capacity,
        storage,
        tags,
        !own.managedPolicyArns.isEmpty() || !own.statements.isEmpty(),
        !own.secrets.isEmpty());
  }

  /** What {@code all} alone binds: the shared roles' permissions. */
  JobBindings shared() {
    return new DeployConfiguration(all, Map.of(), sweepMinutes).forJob("");
  }

  private record Scope(
      SortedMap<String, String> environment,
      SortedMap<String, SecretReference> secrets,
      List<String> managedPolicyArns,
      List<ObjectNode> statements,
      Capacity capacity,
      Integer ephemeralStorageGiB,
      SortedMap<String, String> tags) {
    static final Scope EMPTY =
        new Scope(
            new TreeMap<>(), new TreeMap<>(), List.of(), List.of(), null, null, new TreeMap<>());
  }

  /**
   * One scope ({@code all} or {@code jobs.<name>}); its environment was checked by {@link
   * BoundEnvironment}, the one reader of environments that local runs share.
   */
  private static Scope scope(
      JsonNode node, String path, boolean environmentRead, List<String> problems) {
    if (!node.isObject()) {
      // BoundEnvironment reported it (or it is absent).
      return Scope.EMPTY;
    }
    unknownFields(node, path + ".", SCOPE, problems);
    SortedMap<String, String> values = new TreeMap<>();
    if (environmentRead) {
      JsonNode env = node.path("environment");
      env.fieldNames().forEachRemaining(name -> values.put(name, env.get(name).asText()));
    }
    SortedMap<String, SecretReference> secrets = new TreeMap<>();
    node.path("secrets")
        .properties()
        .forEach(
            e -> {
              SecretReference secret =
                  secret(e.getKey(), e.getValue(), path + ".secrets." + e.getKey(), problems);
              if (secret != null) {
                secrets.put(e.getKey(), secret);
              }
            });
    List<String> policies = new ArrayList<>();
    List<ObjectNode> statements = new ArrayList<>();
    permissions(node.path("permissions"), path + ".permissions", policies, statements, problems);
    Capacity capacity = null;
    JsonNode capacityNode = node.path("capacity");
    if (!capacityNode.isMissingNode()) {
      try {
        capacity = capacityNode.isTextual() ? Capacity.valueOf(capacityNode.asText()) : null;
      } catch (IllegalArgumentException e) {
        capacity = null;
      }
      if (capacity == null) {
        problems.add(
            path + ".capacity must be \"FARGATE\" or \"FARGATE_SPOT\", found " + capacityNode);
      }
    }
    Integer storage = null;
    JsonNode storageNode = node.path("ephemeralStorageGiB");
    if (!storageNode.isMissingNode()) {
      if (!storageNode.isInt()
          || storageNode.asInt() < MIN_EPHEMERAL_GIB
          || storageNode.asInt() > MAX_EPHEMERAL_GIB) {
        problems.add(
            path
                + ".ephemeralStorageGiB must be a whole number of GiB from "
                + MIN_EPHEMERAL_GIB
                + " to "
                + MAX_EPHEMERAL_GIB
                + " (Fargate gives 20 without it), found "
                + storageNode);
      } else {
        storage = storageNode.asInt();
      }
    }
    SortedMap<String, String> tags = new TreeMap<>();
    tags(node.path("tags"), path + ".tags", tags, problems);
    return new Scope(
        values, secrets, List.copyOf(policies), List.copyOf(statements), capacity, storage, tags);
  }

  private static SecretReference secret(
      String name, JsonNode value, String path, List<String> problems) {
    String from;
    String kmsKey = null;
    if (value.isTextual()) {
      from = value.asText();
    } else if (value.isObject()) {
      unknownFields(value, path + ".", Set.of("from", "kmsKeyArn"), problems);
      if (!value.path("from").isTextual()) {
        problems.add(path + ".from is missing; name the SSM parameter or Secrets Manager secret");
        return null;
      }
      from = value.path("from").asText();
      JsonNode key = value.path("kmsKeyArn");
      if (!key.isMissingNode()) {
        if (!key.isTextual() || !KMS_KEY_ARN.matcher(key.asText()).matches()) {
          problems.add(
              path
                  + ".kmsKeyArn must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id>"
                  + " (not an alias), found "
                  + key);
        } else {
          kmsKey = key.asText();
        }
      }
    } else {
      problems.add(
          path
              + " must be a reference string, e.g. \"ssm:/prod/db-password\", or"
              + " {\"from\":…,\"kmsKeyArn\":…}");
      return null;
    }
    Matcher ssmArn = SSM_ARN.matcher(from);
    if (ssmArn.matches()) {
      return new SecretReference(
          name,
          NODES.textNode(from),
          NODES.textNode(from),
          "ssm",
          NODES.textNode(ssmArn.group(2)),
          kmsKey);
    }
    Matcher ssmName = SSM_NAME.matcher(from);
    if (ssmName.matches()) {
      JsonNode arn =
          Intrinsics.sub(
              "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/"
                  + ssmName.group(1));
      return new SecretReference(name, arn, arn, "ssm", Intrinsics.sub("${AWS::Region}"), kmsKey);
    }
    Matcher secretArn = SECRET_ARN.matcher(from);
    if (secretArn.matches()) {
      return new SecretReference(
          name,
          NODES.textNode(from),
          NODES.textNode(secretArn.group(1)),
          "secretsmanager",
          NODES.textNode(secretArn.group(3)),
          kmsKey);
    }
    problems.add(
        path
            + " must name an SSM parameter (\"ssm:/prod/db-password\" in the stack's account and"
            + " region, or its ARN arn:aws:ssm:<region>:<account>:parameter/<name>) or a Secrets"
            + " Manager secret by its full ARN"
            + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>[:<json"
            + " key>:<stage>:<version>]), found \""
            + from
            + "\"; write only where the secret is, never its value");
    return null;
  }

  private static void permissions(
      JsonNode node,
      String path,
      List<String> policies,
      List<ObjectNode> statements,
      List<String> problems) {
    if (node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      problems.add(path + " must be an object with managedPolicyArns and/or statements");
      return;
    }
    unknownFields(node, path + ".", Set.of("managedPolicyArns", "statements"), problems);
    JsonNode arns = node.path("managedPolicyArns");
    if (!arns.isMissingNode()) {
      if (!arns.isArray()) {
        problems.add(path + ".managedPolicyArns must be a list of IAM policy ARNs");
      } else {
        int i = 0;
        for (JsonNode arn : arns) {
          if (!arn.isTextual() || !POLICY_ARN.matcher(arn.asText()).matches()) {
            problems.add(
                path
                    + ".managedPolicyArns["
                    + i
                    + "] must be an IAM policy ARN, e.g."
                    + " arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess, found "
                    + arn);
          } else {
            policies.add(arn.asText());
          }
          i++;
        }
      }
    }
    JsonNode list = node.path("statements");
    if (!list.isMissingNode()) {
      if (!list.isArray()) {
        problems.add(path + ".statements must be a list of IAM policy statements");
        return;
      }
      int i = 0;
      for (JsonNode statement : list) {
        ObjectNode checked = statement(statement, path + ".statements[" + i++ + "]", problems);
        if (checked != null) {
          statements.add(checked);
        }
      }
    }
  }

  private static ObjectNode statement(JsonNode node, String path, List<String> problems) {
    if (!node.isObject()) {
      problems.add(
          path
              + " must be an IAM statement, e.g."
              + " {\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
              + "\"Resource\":[\"arn:aws:s3:::my-bucket/*\"]}");
      return null;
    }
    int before = problems.size();
    unknownFields(node, path + ".", STATEMENT, problems);
    String effect = node.path("Effect").asText("");
    if (!effect.equals("Allow") && !effect.equals("Deny")) {
      problems.add(path + ".Effect must be \"Allow\" or \"Deny\"");
    }
    strings(
        node.path("Action"),
        path + ".Action",
        ACTION,
        "service:Action, e.g. s3:GetObject",
        problems);
    strings(node.path("Resource"), path + ".Resource", null, "an ARN or \"*\"", problems);
    if (node.has("Sid")
        && (!node.get("Sid").isTextual() || !node.get("Sid").asText().matches("[A-Za-z0-9]+"))) {
      problems.add(path + ".Sid must be letters and digits only");
    }
    if (node.has("Condition") && !node.get("Condition").isObject()) {
      problems.add(
          path
              + ".Condition must be an object, e.g."
              + " {\"StringEquals\":{\"aws:ResourceTag/team\":\"media\"}}");
    }
    if (problems.size() > before) {
      return null;
    }
    ObjectNode statement = NODES.objectNode();
    if (node.has("Sid")) {
      statement.set("Sid", node.get("Sid"));
    }
    statement.put("Effect", effect);
    statement.set("Action", asArray(node.get("Action")));
    statement.set("Resource", asArray(node.get("Resource")));
    if (node.has("Condition")) {
      statement.set("Condition", node.get("Condition").deepCopy());
    }
    return statement;
  }

  private static void strings(
      JsonNode node, String path, Pattern pattern, String expected, List<String> problems) {
    if (node.isMissingNode()) {
      problems.add(path + " is missing; give " + expected + " (a string or a list of them)");
      return;
    }
    ArrayNode items = asArray(node);
    if (items == null || items.isEmpty()) {
      problems.add(path + " must be a non-empty string or list of strings: " + expected);
      return;
    }
    int i = 0;
    for (JsonNode item : items) {
      String where = node.isArray() ? path + "[" + i + "]" : path;
      if (!item.isTextual() || item.asText().isEmpty()) {
        problems.add(where + " must be a non-empty string: " + expected);
      } else if (pattern != null && !pattern.matcher(item.asText()).matches()) {
        problems.add(where + " must be " + expected + ", found \"" + item.asText() + "\"");
      }
      i++;
    }
  }

  private static ArrayNode asArray(JsonNode node) {
    if (node.isArray()) {
      return (ArrayNode) node.deepCopy();
    }
    if (node.isTextual()) {
      return NODES.arrayNode().add(node.asText());
    }
    return null;
  }

  private static void tags(
      JsonNode node, String path, Map<String, String> tags, List<String> problems) {
    if (node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      problems.add(path + " must be an object of keys and values, e.g. {\"team\":\"media\"}");
      return;
    }
    node.properties()
        .forEach(
            e -> {
              String key = e.getKey();
              String field = path + "." + key;
              if (key.isEmpty() || key.length() > 128) {
                problems.add(field + ": a tag key has 1 to 128 characters");
              } else if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                problems.add(field + ": keys starting with aws: are AWS's own; rename it");
              } else if (key.startsWith(StackTemplate.TAG_PREFIX)) {
                problems.add(
                    field
                        + ": keys starting with "
                        + StackTemplate.TAG_PREFIX
                        + " are Overtime's own (job, run id, attempt); rename it");
              } else if (!TAG_TEXT.matcher(key).matches()) {
                problems.add(
                    field
                        + ": a tag key may hold letters, digits, spaces and _ . : / = + - @ only");
              } else if (!e.getValue().isTextual() || e.getValue().asText().length() > 256) {
                problems.add(field + " must be a string of at most 256 characters");
              } else if (!TAG_TEXT.matcher(e.getValue().asText()).matches()) {
                problems.add(
                    field
                        + ": a tag value may hold letters, digits, spaces and _ . : / = + - @"
                        + " only");
              } else {
                tags.put(key, e.getValue().asText());
              }
            });
  }

  private static void unknownFields(
      JsonNode node, String path, Set<String> allowed, List<String> problems) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.add(
            path
                + name
                + " is not a field of "
                + (path.isEmpty() ? "the file" : path.substring(0, path.length() - 1))
                + "; the fields are "
                + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }
}
