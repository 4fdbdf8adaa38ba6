package dev.overtime.runtime.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The environment the deploy configuration file ({@value #FILE_NAME}, docs/aws.md "Bound
 * resources") binds to each job: its {@code environment} values and the names of its {@code
 * secrets}, from {@code all} and from {@code jobs.<name>} (the job's own win). {@code overtime
 * deploy} puts them in the task definitions; an engine that runs jobs on this machine gives a job
 * the same values, and a secret only when the caller's own environment holds a value for its name
 * (the file holds only where secrets are on AWS, never their values).
 *
 * <p>This reader checks the parts it reads and ignores the rest of the file (capacity, permissions,
 * …), which {@code overtime deploy} checks in full.
 *
 * <pre>{@code
 * BoundEnvironment bound = BoundEnvironment.locate(System.getenv(), Path.of(""))
 *     .map(BoundEnvironment::read)
 *     .orElse(BoundEnvironment.none());
 * Map<String, String> env = bound.forLocalRun("factorial", System.getenv());
 * }</pre>
 */
public final class BoundEnvironment {
  /** {@value}: the deploy configuration file's name, looked for in the working directory. */
  public static final String FILE_NAME = "overtime.deploy.json";

  /** {@value}: names the deploy configuration file instead of {@value #FILE_NAME}. */
  public static final String FILE_VARIABLE = "OVERTIME_DEPLOY_CONFIG";

  /** The names a job's environment may not bind: the run contract's and the engines' own. */
  public static final String RESERVED_PREFIX = "OVERTIME_";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final BoundEnvironment NONE = new BoundEnvironment(Map.of(), Map.of());

  /** Per scope ("" for all jobs, else the job name): environment values. */
  private final Map<String, SortedMap<String, String>> values;

  /** Per scope: the names of its secrets. */
  private final Map<String, SortedSet<String>> secrets;

  private BoundEnvironment(
      Map<String, SortedMap<String, String>> values, Map<String, SortedSet<String>> secrets) {
    this.values = values;
    this.secrets = secrets;
  }

  /** Databind, loaded only when there is a file to read (not on every run's path). */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** Binds nothing: there is no deploy configuration file. */
  public static BoundEnvironment none() {
    return NONE;
  }

  /**
   * Where the deploy configuration file is: {@value #FILE_VARIABLE} when set (it must exist), else
   * {@value #FILE_NAME} in {@code workingDirectory} when there is one.
   *
   * @throws BoundEnvironmentException when {@value #FILE_VARIABLE} names a missing file
   */
  public static Optional<Path> locate(Map<String, String> environment, Path workingDirectory) {
    String named = environment.get(FILE_VARIABLE);
    if (named != null && !named.isBlank()) {
      Path file = Path.of(named);
      if (!Files.isRegularFile(file)) {
        throw new BoundEnvironmentException(
            FILE_VARIABLE + "=" + named,
            List.of("no such file; unset " + FILE_VARIABLE + " or point it at the file"));
      }
      return Optional.of(file);
    }
    Path file = workingDirectory.resolve(FILE_NAME);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Reads a deploy configuration file.
   *
   * @throws BoundEnvironmentException when it is missing, not JSON, or binds a bad name or value
   */
  public static BoundEnvironment read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BoundEnvironmentException(
          file.toString(), List.of("no such file; create it or pass another (docs/aws.md)"));
    } catch (IOException e) {
      throw new BoundEnvironmentException(
          file.toString(), List.of("cannot be read: " + e.getMessage()));
    }
    return of(parseJson(text, file.toString()), file.toString());
  }

  /** The parsed file's root, or a {@link BoundEnvironmentException} naming the line and column. */
  public static JsonNode parseJson(String text, String source) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BoundEnvironmentException(
          source,
          List.of(
              "not valid JSON at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ": "
                  + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new BoundEnvironmentException(
          source,
          List.of("the file must hold one JSON object, e.g. {\"all\":{\"environment\":{}}}"));
    }
    return root;
  }

  /**
   * The environment bound by a parsed file.
   *
   * @throws BoundEnvironmentException naming every field at fault
   */
  public static BoundEnvironment of(JsonNode root, String source) {
    List<String> problems = new ArrayList<>();
    Map<String, SortedMap<String, String>> values = new TreeMap<>();
    Map<String, SortedSet<String>> secrets = new TreeMap<>();
    readScope(root.path("all"), "all", "", values, secrets, problems);
    JsonNode jobs = root.path("jobs");
    if (!jobs.isMissingNode() && !jobs.isObject()) {
      problems.add("jobs must be an object of job names, e.g. \"jobs\":{\"factorial\":{}}");
    } else {
      jobs.properties()
          .forEach(
              job ->
                  readScope(
                      job.getValue(),
                      "jobs." + job.getKey(),
                      job.getKey(),
                      values,
                      secrets,
                      problems));
    }
    if (!problems.isEmpty()) {
      throw new BoundEnvironmentException(source, problems);
    }
    return new BoundEnvironment(values, secrets);
  }

  private static void readScope(
      JsonNode scope,
      String path,
      String key,
      Map<String, SortedMap<String, String>> values,
      Map<String, SortedSet<String>> secrets,
      List<String> problems) {
    if (scope.isMissingNode()) {
      return;
    }
    if (!scope.isObject()) {
      problems.add(path + " must be an object, e.g. {\"environment\":{\"LOG_LEVEL\":\"info\"}}");
      return;
    }
    SortedMap<String, String> environment = new TreeMap<>();
    JsonNode env = scope.path("environment");
    if (!env.isMissingNode()) {
      if (!env.isObject()) {
        problems.add(
            path
                + ".environment must be an object of names and values, e.g."
                + " {\"LOG_LEVEL\":\"info\"}");
      } else {
        env.properties()
            .forEach(
                e -> {
                  String field = path + ".environment." + e.getKey();
                  checkName(e.getKey(), field, problems);
                  if (!e.getValue().isTextual()) {
                    problems.add(
                        field
                            + " must be a string; write "
                            + e.getValue()
                            + " as \""
                            + e.getValue().asText()
                            + "\"");
                  } else {
                    environment.put(e.getKey(), e.getValue().asText());
                  }
                });
      }
    }
    SortedSet<String> names = new TreeSet<>();
    JsonNode secretNode = scope.path("secrets");
    if (!secretNode.isMissingNode()) {
      if (!secretNode.isObject()) {
        problems.add(
            path
                + ".secrets must be an object of names and references, e.g."
                + " {\"DB_PASSWORD\":\"ssm:/prod/db-password\"}");
      } else {
        secretNode
            .fieldNames()
            .forEachRemaining(
                name -> {
                  String field = path + ".secrets." + name;
                  checkName(name, field, problems);
                  if (environment.containsKey(name)) {
                    problems.add(
                        field
                            + " is also "
                            + path
                            + ".environment."
                            + name
                            + "; a name is either a value or a secret, remove one");
                  }
                  names.add(name);
                });
      }
    }
    values.put(key, environment);
    secrets.put(key, names);
  }

  private static void checkName(String name, String field, List<String> problems) {
    if (!NAME.matcher(name).matches()) {
      problems.add(
          field
              + " is not an environment variable name; use letters, digits and '_', not starting"
              + " with a digit");
    } else if (name.startsWith(RESERVED_PREFIX)) {
      problems.add(
          field
              + " uses the prefix "
              + RESERVED_PREFIX
              + ", which the run contract and the engines own; rename it");
    }
  }

  /**
   * The values bound to {@code job}: those of {@code all}, replaced or added to by the job's own.
   */
  public SortedMap<String, String> environment(String job) {
    SortedMap<String, String> merged =
        new TreeMap<>(values.getOrDefault("", Collections.emptySortedMap()));
    merged.keySet().removeAll(secrets.getOrDefault(job, Collections.emptySortedSet()));
    merged.putAll(values.getOrDefault(job, Collections.emptySortedMap()));
    return Collections.unmodifiableSortedMap(merged);
  }

  /** The names of the secrets bound to {@code job}, from {@code all} and its own. */
  public SortedSet<String> secretNames(String job) {
    SortedSet<String> names = new TreeSet<>(secrets.getOrDefault("", Collections.emptySortedSet()));
    names.removeAll(values.getOrDefault(job, Collections.emptySortedMap()).keySet());
    names.addAll(secrets.getOrDefault(job, Collections.emptySortedSet()));
    return Collections.unmodifiableSortedSet(names);
  }

  /**
   * What a run of {@code job} on this machine gets on top of the run contract: the bound values,
   * and each bound secret whose name {@code callerEnvironment} holds, with the caller's value.
   * Secrets the caller does not provide are left out, so the job sees them unset.
   */
  public SortedMap<String, String> forLocalRun(String job, Map<String, String> callerEnvironment) {
    SortedMap<String, String> env = new TreeMap<>(environment(job));
    for (String name : secretNames(job)) {
      String value = callerEnvironment.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    return Collections.unmodifiableSortedMap(env);
  }
}
