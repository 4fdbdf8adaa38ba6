package dev.overtime.tooling.runs;

import dev.overtime.aws.protocol.ClientEnvironment;
import dev.overtime.aws.protocol.InvokerQuery;
import dev.overtime.aws.protocol.RunLogStreams;
import dev.overtime.aws.protocol.RunPage;
import dev.overtime.engine.aws.AwsEngine;
import dev.overtime.engine.aws.AwsEnvironment;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.spi.SubmitRequest;
import dev.overtime.tooling.app.AppJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The runs of a deployed AWS stack, through its invoker ({@code OVERTIME_INVOKER_FUNCTION}): listed
 * by the invoker's {@code list}, read with {@code get}, cancelled with {@code cancel}, re-run with
 * {@code rerun} (the re-runs of a run listed with {@code reruns}), and their logs read from the
 * stack's job log group ({@code OVERTIME_LOG_GROUP}) in CloudWatch Logs. The variables are the
 * stack output {@code Environment} (docs/aws.md).
 */
public final class AwsRuns implements HomeRuns {
  /** Pages asked of the invoker for one listing: each page is one invocation. */
  static final int MAX_PAGES = 25;

  /** Runs whose log text {@link #readLog} keeps between the console's polls. */
  private static final int RUN_LOGS_KEPT = 32;

  private final AwsEngine engine;
  private final String function;
  private final String logGroup;
  private final Map<String, String> environment;
  private CloudWatchLogsClient logs;

  AwsRuns(AwsEngine engine, String function, String logGroup, CloudWatchLogsClient logs) {
    this.engine = engine;
    this.function = function;
    this.logGroup = logGroup;
    this.logs = logs;
    this.environment = Map.of();
  }

  private AwsRuns(AwsEngine engine, String function, Map<String, String> environment) {
    this.engine = engine;
    this.function = function;
    this.environment = environment;
    AwsEnvironment env = new AwsEnvironment(environment);
    this.logGroup = env.get(ClientEnvironment.LOG_GROUP).orElse(null);
  }

  /**
   * The stack named by {@code environment}.
   *
   * @throws EngineUnavailableException naming what to set when the invoker is not named
   */
  public static AwsRuns open(Map<String, String> environment) {
    String function =
        new AwsEnvironment(environment).get(ClientEnvironment.INVOKER_FUNCTION).orElse(null);
    if (function == null) {
      throw new EngineUnavailableException(
          "The aws engine needs "
              + ClientEnvironment.INVOKER_FUNCTION
              + " (the stack output InvokerFunctionName) to find the stack's runs, and AWS_REGION"
              + " and credentials (the usual AWS chain: AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY). Set what the stack output Environment lists, e.g. eval"
              + " \"export $(aws cloudformation describe-stacks --stack-name my-jobs --query"
              + " \\\"Stacks[0].Outputs[?OutputKey=='Environment'].OutputValue\\\" --output"
              + " text)\"");
    }
    return new AwsRuns(AwsEngine.fromEnvironment(environment), function, environment);
  }

  /** A stack reached through {@code engine}, logs through {@code logs} (tests). */
  public static AwsRuns of(
      AwsEngine engine, String function, String logGroup, CloudWatchLogsClient logs) {
    return new AwsRuns(engine, function, logGroup, logs);
  }

  @Override
  public Path home() {
    return Path.of("aws:" + function);
  }

  @Override
  public String where() {
    return "the stack of invoker '" + function + "'";
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    return engine.find(runId);
  }

  @Override
  public RunRecord get(String runId) {
    return find(runId).orElseThrow(() -> unknown(runId));
  }

  private UnknownRunId unknown(String runId) {
    return new UnknownRunId(
        runId,
        "No run '"
            + runId
            + "' behind the invoker '"
            + function
            + "'. Check the id with 'overtime runs --engine aws', and that "
            + ClientEnvironment.INVOKER_FUNCTION
            + " names the stack that ran it (runs are kept RunRetentionDays).");
  }

  /**
   * Starts a run on the stack through the invoker's {@code submit}, as an application's {@code
   * run()} does: the job's resources and timeout are the deployed ones, the payload the one given.
   */
  @Override
  public RunRecord submit(AppJob job, String payloadJson, RunOptions options) {
    return engine.submit(
        new SubmitRequest(
            job.descriptor(), payloadJson, options, options.effectiveTimeout(job.descriptor())));
  }

  @Override
  public RunRecord cancel(String runId) {
    RunRecord run = get(runId);
    return run.status().isTerminal() ? run : engine.cancel(run.job(), runId);
  }

  /**
   * Starts a new run with the payload of run {@code runId} through the invoker's {@code rerun}: the
   * invoker copies the payload stored with the run, so no application classes or payload are needed
   * here; the new run names the original ({@code rerunOf}).
   *
   * @throws UnknownRunId when the stack has no such run
   */
  @Override
  public RunRecord rerun(String runId) {
    RunRecord original = get(runId);
    try {
      return engine.rerun(original.job(), runId);
    } catch (UnknownRunException e) {
      throw unknown(runId);
    }
  }

  /** The runs that re-run {@code runId}, oldest first, as the stack noted them. */
  @Override
  public List<String> rerunsOf(String runId) {
    return engine.rerunsOf(runId);
  }

  /**
   * Moves a delayed run that has not started, through the invoker's {@code reschedule}.
   *
   * @throws IllegalStateException when it has started or ended, or was not delayed
   */
  @Override
  public RunRecord reschedule(String runId, java.time.Instant startAt) {
    RunRecord run = get(runId);
    return engine.reschedule(run.job(), runId, startAt);
  }

  /** Runs newest first, through as many pages of the invoker's {@code list} as it takes. */
  @Override
  public List<RunRecord> list(String job, RunStatus status, int limit) {
    List<RunRecord> runs = new ArrayList<>();
    String next = null;
    for (int page = 0; page < MAX_PAGES && runs.size() < limit; page++) {
      int size = Math.min(InvokerQuery.ListRuns.MAX_LIMIT, limit - runs.size());
      RunPage answer = engine.listRuns(new InvokerQuery.ListRuns(job, status, size, next));
      runs.addAll(answer.runs());
      next = answer.next();
      if (next == null) {
        break;
      }
    }
    return runs.size() > limit ? runs.subList(0, limit) : runs;
  }

  @Override
  public Path logFile(String runId) {
    throw new UnsupportedOperationException(
        "runs on AWS log to CloudWatch Logs; use log(runId) or logLocation(runId)");
  }

  @Override
  public RunLog log(String runId) {
    get(runId);
    String group = requireLogGroup();
    CloudWatchLogsClient client = logs();
    return new CloudWatchRunLog(client, group, () -> engine.logStreams(runId).streams());
  }

  /**
   * The log read so far from CloudWatch Logs, kept per run for the console's polls: each poll reads
   * only the events after the last one (one invocation and one {@code GetLogEvents} per stream),
   * and offsets count characters of that text. The few most recently read runs are kept.
   */
  @Override
  public LogChunk readLog(String runId, long from, int max, boolean ended) {
    ReadSoFar read;
    synchronized (readSoFar) {
      read = readSoFar.computeIfAbsent(runId, id -> new ReadSoFar(log(id)));
    }
    synchronized (read) {
      if (from >= read.text.length()) {
        read.text.append(read.log.next(ended));
      }
      int start = (int) Math.min(Math.max(from, 0), read.text.length());
      int end = (int) Math.min(read.text.length(), (long) start + max);
      if (end < read.text.length()) {
        int newline = read.text.lastIndexOf("\n", end - 1);
        if (newline >= start) {
          end = newline + 1;
        }
      }
      return new LogChunk(start, end, read.text.substring(start, end));
    }
  }

  private static final class ReadSoFar {
    final RunLog log;
    final StringBuilder text = new StringBuilder();

    ReadSoFar(RunLog log) {
      this.log = log;
    }
  }

  private final Map<String, ReadSoFar> readSoFar =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReadSoFar> eldest) {
          return size() > RUN_LOGS_KEPT;
        }
      };

  @Override
  public String logLocation(String runId) {
    List<RunLogStreams.Stream> streams = engine.logStreams(runId).streams();
    String group = logGroup == null ? "the stack's LogGroupName" : logGroup;
    if (streams.isEmpty()) {
      return "CloudWatch Logs " + group + " (no task started yet)";
    }
    return "CloudWatch Logs "
        + group
        + ", "
        + streams.stream().map(RunLogStreams.Stream::logStream).collect(Collectors.joining(", "));
  }

  /** Every call is a Lambda invocation: look again every 2 seconds. */
  @Override
  public Duration pollInterval() {
    return Duration.ofSeconds(2);
  }

  private String requireLogGroup() {
    if (logGroup == null) {
      throw new EngineUnavailableException(
          "Reading a run's log on AWS needs "
              + ClientEnvironment.LOG_GROUP
              + ": set it to the stack output LogGroupName (the stack output Environment lists it)."
              + " The caller needs logs:GetLogEvents on it (the stack's ClientPolicy).");
    }
    return logGroup;
  }

  private synchronized CloudWatchLogsClient logs() {
    if (logs == null) {
      try {
        logs =
            new AwsEnvironment(environment)
                .configure(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS")
                .build();
      } catch (SdkClientException e) {
        throw new EngineUnavailableException(
            "Cannot configure the CloudWatch Logs client: "
                + e.getMessage()
                + ". Set AWS_REGION (and credentials through the usual AWS chain).",
            e);
      }
    }
    return logs;
  }

  @Override
  public void close() {
    engine.close();
    if (logs != null) {
      logs.close();
    }
  }
}
