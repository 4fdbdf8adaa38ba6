package dev.overtime.engine.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.overtime.aws.protocol.ClientEnvironment;
import dev.overtime.aws.protocol.InvokerAnswer;
import dev.overtime.aws.protocol.InvokerEnvironment;
import dev.overtime.aws.protocol.InvokerErrorCode;
import dev.overtime.aws.protocol.InvokerProtocolException;
import dev.overtime.aws.protocol.InvokerQuery;
import dev.overtime.aws.protocol.InvokerRequest;
import dev.overtime.aws.protocol.RunLogStreams;
import dev.overtime.aws.protocol.RunPage;
import dev.overtime.aws.protocol.RunReruns;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.runtime.Engine;
import dev.overtime.runtime.EngineUnavailableException;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.UnknownRunException;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.runtime.spi.RunPoller;
import dev.overtime.runtime.spi.SubmitRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code aws} engine: every call is a synchronous invocation of the invoker Lambda, which runs
 * the job as an ECS Fargate task (docs/aws.md). Configured from the environment: {@code
 * OVERTIME_INVOKER_FUNCTION} (and per job {@code OVERTIME_INVOKER_FUNCTION_<JOB>}), {@code
 * OVERTIME_BUCKET} and {@code OVERTIME_S3_PREFIX} for payloads above 256 KiB, and the usual AWS
 * variables (see {@link AwsEnvironment}).
 */
public final class AwsEngine implements Engine {
  /** The bucket for large payloads; the stack output of the same name. */
  public static final String BUCKET_VARIABLE = ClientEnvironment.BUCKET;

  /** The key prefix inside the bucket; default {@code overtime/}. */
  public static final String PREFIX_VARIABLE = ClientEnvironment.S3_PREFIX;

  /** The default of {@link #PREFIX_VARIABLE}. */
  public static final String DEFAULT_PREFIX = InvokerEnvironment.DEFAULT_S3_PREFIX;

  private final LambdaClient lambda;
  private final S3Objects s3;
  private final InvokerFunctions functions;
  private final String bucket;
  private final String prefix;
  private final Duration maxPollInterval;

  /** The job of each run seen lately, so find(runId) asks that job's invoker; bounded. */
  private final Map<String, String> jobsOfRuns =
      Collections.synchronizedMap(
          new LinkedHashMap<String, String>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > 10_000;
            }
          });

  private AwsEngine(
      LambdaClient lambda,
      S3Client s3,
      InvokerFunctions functions,
      String bucket,
      String prefix,
      Duration maxPollInterval) {
    this.lambda = Objects.requireNonNull(lambda, "lambda");
    this.s3 = new S3Objects(Objects.requireNonNull(s3, "s3"));
    this.functions = functions;
    this.bucket = bucket;
    this.prefix = prefix.endsWith("/") || prefix.isEmpty() ? prefix : prefix + "/";
    this.maxPollInterval = maxPollInterval;
  }

  /**
   * An engine configured from {@code environment}, as {@code Engines.create("aws", env)} makes it.
   */
  public static AwsEngine fromEnvironment(Map<String, String> environment) {
    AwsEnvironment env = new AwsEnvironment(environment);
    try {
      return new AwsEngine(
          env.configure(LambdaClient.builder(), "LAMBDA").build(),
          env.s3Client(),
          InvokerFunctions.from(environment),
          env.get(BUCKET_VARIABLE).orElse(null),
          env.get(PREFIX_VARIABLE).orElse(DEFAULT_PREFIX),
          Duration.ofSeconds(5));
    } catch (SdkClientException e) {
      throw new EngineUnavailableException(
          "Cannot configure the AWS clients of the aws engine: "
              + e.getMessage()
              + ". Set AWS_REGION (and credentials through the usual AWS chain).",
          e);
    }
  }

  @Override
  public String name() {
    return "aws";
  }

  /** What the inline payloads of one batch invocation may take in all (Lambda allows 6 MB). */
  private static final int BATCH_INLINE_BYTES = 4 * 1024 * 1024;

  @Override
  public RunRecord submit(SubmitRequest request) {
    String job = request.job().name();
    RunRecord record =
        call(
            functions.forJob(job),
            job,
            null,
            invocation(request, PayloadLimits.LAMBDA_INLINE_PAYLOAD_BYTES));
    jobsOfRuns.put(record.id(), job);
    return record;
  }

  /**
   * Submits the batch in one invoker call per invoker function and per {@link
   * InvokerRequest#MAX_BATCH_ITEMS} items (a batch of one job behind one function, up to that size,
   * is one call). The invoker checks every item before it records any; see docs/aws.md, "Batches".
   */
  @Override
  public List<RunRecord> submitAll(List<SubmitRequest> requests) {
    RunRecord[] records = new RunRecord[requests.size()];
    Map<String, List<Integer>> byFunction = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      byFunction
          .computeIfAbsent(functions.forJob(requests.get(i).job().name()), f -> new ArrayList<>())
          .add(i);
    }
    for (Map.Entry<String, List<Integer>> entry : byFunction.entrySet()) {
      List<Integer> indexes = entry.getValue();
      for (int from = 0; from < indexes.size(); from += InvokerRequest.MAX_BATCH_ITEMS) {
        List<Integer> chunk =
            indexes.subList(from, Math.min(indexes.size(), from + InvokerRequest.MAX_BATCH_ITEMS));
        // One invocation carries at most 6 MB: the items share what inline payloads may take.
        int inlineLimit =
            Math.min(PayloadLimits.LAMBDA_INLINE_PAYLOAD_BYTES, BATCH_INLINE_BYTES / chunk.size());
        List<InvokerRequest> items = new ArrayList<>(chunk.size());
        for (int index : chunk) {
          items.add(invocation(requests.get(index), inlineLimit));
        }
        String job = requests.get(chunk.get(0)).job().name();
        List<RunRecord> answered = callBatch(entry.getKey(), job, InvokerRequest.batch(items));
        if (answered.size() != chunk.size()) {
          throw new OvertimeException(
              "The invoker '"
                  + entry.getKey()
                  + "' answered a batch of "
                  + chunk.size()
                  + " runs with "
                  + answered.size()
                  + "; deploy an invoker of this Overtime version.");
        }
        for (int i = 0; i < chunk.size(); i++) {
          records[chunk.get(i)] = answered.get(i);
          jobsOfRuns.put(answered.get(i).id(), answered.get(i).job());
        }
      }
    }
    return List.of(records);
  }

  private List<RunRecord> callBatch(String function, String job, InvokerRequest batch) {
    InvokerAnswer answer = InvokerAnswer.parse(invoke(function, job, batch));
    if (answer.isError()) {
      throw failure(function, job, null, answer);
    }
    if (answer.run() != null) {
      throw new OvertimeException(
          "The invoker '"
              + function
              + "' does not know batch requests (it answered with one run); deploy an invoker of"
              + " this Overtime version with 'overtime deploy'.");
    }
    List<RunRecord> records = new ArrayList<>(answer.runs().size());
    for (InvokerAnswer.RunView run : answer.runs()) {
      records.add(run.record());
    }
    return records;
  }

  /**
   * The invoker request that starts {@code request}: the payload inline up to {@code inlineLimit}
   * bytes, else uploaded to S3.
   */
  private InvokerRequest invocation(SubmitRequest request, int inlineLimit) {
    String job = request.job().name();
    byte[] payload = request.payloadJson().getBytes(StandardCharsets.UTF_8);
    if (payload.length > PayloadLimits.MAX_PAYLOAD_BYTES) {
      throw new OvertimeException(
          "The payload of job '"
              + job
              + "' is "
              + payload.length
              + " bytes of JSON; the aws engine accepts at most "
              + PayloadLimits.MAX_PAYLOAD_BYTES
              + " bytes (64 MiB). Nothing was started. Store large inputs in S3 yourself and pass"
              + " their location in the payload.");
    }
    Long timeoutSeconds = Math.max(1, request.timeout().toSeconds());
    // Every submit carries a key: the SDK retries an invocation whose answer it did not get, and
    // Lambda may run one invocation twice; the invoker starts one run per key.
    String idempotencyKey =
        request.options().idempotencyKey().orElseGet(AwsEngine::generatedIdempotencyKey);
    InvokerRequest invocation;
    if (payload.length <= inlineLimit) {
      invocation =
          InvokerRequest.runInline(
              job, parse(request.payloadJson()), timeoutSeconds, idempotencyKey);
    } else {
      S3Location location =
          new S3Location(
              requireBucket(job, payload.length),
              prefix + "payloads/" + UUID.randomUUID() + ".json");
      try {
        s3.write(location, payload);
      } catch (IOException e) {
        throw new EngineUnavailableException(
            "Cannot upload the "
                + payload.length
                + "-byte payload of job '"
                + job
                + "' to "
                + location
                + " (nothing was started): "
                + e.getMessage()
                + ". The caller needs s3:PutObject on the bucket's payloads/ prefix (the stack's"
                + " ClientPolicy).",
            e);
      }
      invocation =
          InvokerRequest.runFromUri(job, location.toString(), timeoutSeconds, idempotencyKey);
    }
    return withWaiting(
        invocation.withTags(request.options().tags()).withPriority(request.options().priority()),
        request);
  }

  /**
   * The start time (fixed here, from this machine's clock, for a delay) and time to live of the
   * request's options: the invoker records the run DELAYED and a schedule starts it.
   */
  private static InvokerRequest withWaiting(InvokerRequest invocation, SubmitRequest request) {
    java.time.Instant startAt = request.options().startTime(java.time.Instant.now()).orElse(null);
    Long ttl = request.options().timeToLive().map(Duration::toMillis).orElse(null);
    return startAt == null && ttl == null ? invocation : invocation.withWaiting(startAt, ttl);
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    String job = jobsOfRuns.get(runId);
    if (job != null) {
      return Optional.of(call(functions.forJob(job), job, runId, InvokerRequest.get(null, runId)));
    }
    // A run started elsewhere: ask each configured invoker (each has its own bucket of records).
    if (functions.all().isEmpty()) {
      functions.forJob("?"); // throws the "set OVERTIME_INVOKER_FUNCTION" error
    }
    for (String function : functions.all()) {
      try {
        RunRecord record = call(function, "?", runId, InvokerRequest.get(null, runId));
        jobsOfRuns.put(runId, record.job());
        return Optional.of(record);
      } catch (UnknownRunException e) {
        // try the next invoker
      }
    }
    return Optional.empty();
  }

  @Override
  public RunRecord cancel(String job, String runId) {
    return call(functions.forJob(job), job, runId, InvokerRequest.cancel(job, runId));
  }

  /**
   * A new run with the stored payload of run {@code runId}, through the invoker's {@code rerun}:
   * the invoker copies the payload (this process never needs it), gives the run a new id and the
   * original's timeout and priority, and links the two ({@link #rerunsOf}). Every call carries a
   * generated idempotency key, so a retried invocation starts one re-run.
   *
   * @param job the run's job, or null to find it
   * @throws UnknownRunException when the invoker does not know the run
   */
  @Override
  public RunRecord rerun(String job, String runId) {
    String of = job != null ? job : find(runId).map(RunRecord::job).orElse(null);
    if (of == null) {
      throw new UnknownRunException("?", runId, name());
    }
    RunRecord record =
        call(
            functions.forJob(of),
            of,
            runId,
            InvokerRequest.rerun(job, runId, generatedIdempotencyKey()));
    jobsOfRuns.put(record.id(), record.job());
    return record;
  }

  /**
   * The runs that re-run {@code runId}, oldest first ({@code reruns}); none for a run that is not
   * known, and none from an invoker older than re-runs on AWS (it cannot have made any).
   */
  @Override
  public List<String> rerunsOf(String runId) {
    String job = jobsOfRuns.get(runId);
    if (job == null) {
      Optional<RunRecord> run = find(runId);
      if (run.isEmpty()) {
        return List.of();
      }
      job = run.get().job();
    }
    String function = functions.forJob(job);
    byte[] answer = invoke(function, job, new InvokerQuery.Reruns(runId).toJsonBytes());
    try {
      return RunReruns.parse(answer).reruns();
    } catch (InvokerProtocolException e) {
      if (e.code() == InvokerErrorCode.UNKNOWN_RUN
          || (e.code() == InvokerErrorCode.BAD_REQUEST && e.getMessage().contains("'action'"))) {
        return List.of();
      }
      throw queryFailure(function, runId, e);
    }
  }

  /**
   * Moves a delayed run that has not started to {@code startAt}, through the invoker's {@code
   * reschedule}: its record and its one-time schedule; a time that has come starts it at once.
   *
   * @throws IllegalStateException when the run has started or ended, or was not delayed (on AWS a
   *     run without a start time gets its task when it is submitted), naming why
   * @throws UnsupportedOperationException when the invoker is older than reschedule
   */
  @Override
  public RunRecord reschedule(String job, String runId, java.time.Instant startAt) {
    Objects.requireNonNull(startAt, "startAt");
    String function = functions.forJob(job);
    InvokerAnswer answer =
        InvokerAnswer.parse(invoke(function, job, InvokerRequest.reschedule(job, runId, startAt)));
    if (answer.isError()
        && answer.errorCode() == InvokerErrorCode.BAD_REQUEST
        && answer.errorMessage().contains("'action'")) {
      throw new UnsupportedOperationException(
          "The invoker '"
              + function
              + "' cannot reschedule runs: it is older than this Overtime ("
              + answer.errorMessage()
              + "). Deploy the stack again with the invoker of this version (docs/aws.md, step"
              + " 3), or cancel the run and start a new one.");
    }
    if (answer.isError()) {
      throw failure(function, job, runId, answer);
    }
    jobsOfRuns.put(runId, answer.run().record().job());
    return answer.run().record();
  }

  /**
   * A page of runs, newest first, as the invoker's records hold them ({@code list}, docs/aws.md):
   * from the invoker of {@code query.job()} when given, else {@code OVERTIME_INVOKER_FUNCTION}.
   *
   * @throws EngineUnavailableException when the invoker cannot be reached, or is of a version
   *     without {@code list}
   */
  public RunPage listRuns(InvokerQuery.ListRuns query) {
    String job = query.job() == null ? "?" : query.job();
    String function = functions.forJob(job);
    return query(function, null, () -> RunPage.parse(invoke(function, job, query.toJsonBytes())));
  }

  /**
   * The CloudWatch Logs streams of the run's tasks, oldest first ({@code log-streams}).
   *
   * @throws UnknownRunException when no configured invoker knows the run
   */
  public RunLogStreams logStreams(String runId) {
    String job = jobsOfRuns.getOrDefault(runId, "?");
    String function = functions.forJob(job);
    try {
      return query(
          function,
          runId,
          () ->
              RunLogStreams.parse(
                  invoke(function, job, new InvokerQuery.LogStreams(runId).toJsonBytes())));
    } catch (UnknownRunException e) {
      String other = find(runId).map(RunRecord::job).orElseThrow(() -> e);
      String itsFunction = functions.forJob(other);
      return query(
          itsFunction,
          runId,
          () ->
              RunLogStreams.parse(
                  invoke(itsFunction, other, new InvokerQuery.LogStreams(runId).toJsonBytes())));
    }
  }

  private <T> T query(String function, String runId, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (InvokerProtocolException e) {
      throw queryFailure(function, runId, e);
    }
  }

  /** What the error answer {@code e} of a read-only query of {@code function} means here. */
  private RuntimeException queryFailure(String function, String runId, InvokerProtocolException e) {
    if (e.code() == InvokerErrorCode.UNKNOWN_RUN) {
      return new UnknownRunException("?", runId, name());
    }
    if (e.code() == InvokerErrorCode.BAD_REQUEST && e.getMessage().contains("'action'")) {
      return new EngineUnavailableException(
          "The invoker '"
              + function
              + "' does not know this request ("
              + e.getMessage()
              + "): it is older than this Overtime. Deploy the stack again with the invoker of"
              + " this version (docs/aws.md, step 3).",
          e);
    }
    return new EngineUnavailableException(
        "The invoker '" + function + "' answered " + e.code().code() + ": " + e.getMessage(), e);
  }

  /** Polls the invoker with growing pauses, up to 5 s apart: each poll is one Lambda invocation. */
  /**
   * The key of a submit whose caller gave none: unique per call, so that only retries of this one
   * call share it.
   */
  static String generatedIdempotencyKey() {
    return "overtime-generated-" + UUID.randomUUID();
  }

  @Override
  public RunRecord await(String job, String runId, Duration timeout) {
    return RunPoller.await(this, job, runId, timeout, Duration.ofMillis(50), maxPollInterval);
  }

  @Override
  public void close() {
    lambda.close();
    s3.close();
  }

  private RunRecord call(String function, String job, String runId, InvokerRequest request) {
    InvokerAnswer answer = InvokerAnswer.parse(invoke(function, job, request));
    if (answer.isError()) {
      throw failure(function, job, runId, answer);
    }
    InvokerAnswer.RunView run = answer.run();
    RunRecord record = run.record();
    if (run.resultUri() == null) {
      return record;
    }
    return new RunRecord(
        record.id(),
        record.job(),
        record.status(),
        record.attempt(),
        record.createdAt(),
        record.startedAt(),
        record.finishedAt(),
        readLargeResult(run.resultUri()),
        record.error(),
        record.details());
  }

  private byte[] invoke(String function, String job, InvokerRequest request) {
    return invoke(function, job, request.toJsonBytes());
  }

  private byte[] invoke(String function, String job, byte[] request) {
    InvokeResponse response;
    try {
      response =
          lambda.invoke(
              builder ->
                  builder
                      .functionName(function)
                      .invocationType(InvocationType.REQUEST_RESPONSE)
                      .payload(SdkBytes.fromByteArray(request)));
    } catch (TooManyRequestsException e) {
      throw new EngineUnavailableException(
          "Lambda throttled the invoker function '"
              + function
              + "' for job '"
              + job
              + "' ("
              + e.awsErrorDetails().errorCode()
              + ", "
              + attempts(e)
              + "). Retry later, or raise the "
              + "function's reserved concurrency or the account's concurrency limit.",
          e);
    } catch (ResourceNotFoundException e) {
      throw new EngineUnavailableException(
          "There is no Lambda function '"
              + function
              + "' (job '"
              + job
              + "'). Set "
              + InvokerFunctions.FUNCTION_VARIABLE
              + " to the stack output InvokerFunctionName, "
              + "and AWS_REGION to the stack's region.",
          e);
    } catch (AwsServiceException e) {
      if (e.statusCode() == 403 || e.statusCode() == 401) {
        throw new EngineUnavailableException(
            "Access denied invoking '"
                + function
                + "' for job '"
                + job
                + "' ("
                + e.awsErrorDetails().errorCode()
                + "). Give the caller lambda:InvokeFunction on it: attach the "
                + "stack's ClientPolicy output to the application's role.",
            e);
      }
      throw new EngineUnavailableException(
          "Lambda failed to invoke '"
              + function
              + "' for job '"
              + job
              + "': "
              + e.statusCode()
              + " "
              + e.awsErrorDetails().errorCode()
              + " ("
              + attempts(e)
              + "). "
              + (e.statusCode() >= 500
                  ? "AWS had a server-side problem; retry later."
                  : e.getMessage()),
          e);
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
      throw new EngineUnavailableException(
          "The invocation of '"
              + function
              + "' for job '"
              + job
              + "' timed out ("
              + attempts(e)
              + "): "
              + e.getMessage()
              + ". The run may or may not have started; "
              + "retry with the same idempotency key to be sure it starts once.",
          e);
    } catch (SdkClientException e) {
      throw new EngineUnavailableException(
          "Could not reach Lambda to invoke '"
              + function
              + "' for job '"
              + job
              + "' ("
              + attempts(e)
              + "): "
              + e.getMessage()
              + ". Check the network and AWS_REGION.",
          e);
    }
    byte[] body = response.payload() == null ? new byte[0] : response.payload().asByteArray();
    if (response.functionError() != null) {
      JsonNode error = parseQuietly(body);
      throw new OvertimeException(
          "The invoker function '"
              + function
              + "' failed ("
              + response.functionError()
              + ") for job '"
              + job
              + "': "
              + error.path("errorType").asText("?")
              + ": "
              + error.path("errorMessage").asText(new String(body, StandardCharsets.UTF_8))
              + ". Its log is in the CloudWatch log group /aws/lambda/"
              + function
              + ".");
    }
    return body;
  }

  private RuntimeException failure(
      String function, String job, String runId, InvokerAnswer answer) {
    InvokerErrorCode code = answer.errorCode();
    String where =
        "the invoker '" + function + "' answered " + code.code() + ": " + answer.errorMessage();
    if (code == InvokerErrorCode.BAD_REQUEST && answer.errorMessage().contains("field 'action'")) {
      return new EngineUnavailableException(
          "The invoker '"
              + function
              + "' does not know this request ("
              + answer.errorMessage()
              + "): it is older than this Overtime. Deploy the stack again with the invoker of"
              + " this version (docs/aws.md, step 3).");
    }
    return switch (code) {
      case UNKNOWN_RUN -> new UnknownRunException(job, runId, name());
      case NOT_RESCHEDULABLE -> new IllegalStateException(answer.errorMessage());
      case START_FAILED, AWS_ERROR -> new EngineUnavailableException("Job '" + job + "': " + where);
      case UNKNOWN_JOB ->
          new OvertimeException(
              "Job '"
                  + job
                  + "' is not deployed behind the invoker '"
                  + function
                  + "'; run 'overtime deploy' with the jar that holds it and update the stack. ("
                  + where
                  + ")");
      default -> new OvertimeException("Job '" + job + "': " + where);
    };
  }

  private String readLargeResult(String resultUri) {
    try {
      JsonNode outcome =
          JsonCodec.shared().readTree(s3.read(S3Location.of(java.net.URI.create(resultUri))));
      return JsonCodec.shared().encode(outcome.get("result"));
    } catch (IOException e) {
      throw new EngineUnavailableException(
          "Cannot read the result at "
              + resultUri
              + ": "
              + e.getMessage()
              + ". The caller needs s3:GetObject on the bucket's runs/ prefix (the stack's"
              + " ClientPolicy).",
          e);
    }
  }

  private String requireBucket(String job, int size) {
    if (bucket == null) {
      throw new EngineUnavailableException(
          "The payload of job '"
              + job
              + "' is "
              + size
              + " bytes, above the "
              + PayloadLimits.LAMBDA_INLINE_PAYLOAD_BYTES
              + " bytes that travel inside the Lambda request, so it goes "
              + "through S3: set "
              + BUCKET_VARIABLE
              + " to the stack output BucketName. Nothing was started.");
    }
    return bucket;
  }

  private static JsonNode parse(String json) {
    try {
      return JsonCodec.shared().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("an encoded payload is not JSON", e);
    }
  }

  private static JsonNode parseQuietly(byte[] body) {
    try {
      JsonNode node = JsonCodec.shared().readTree(body);
      return node == null ? JsonNodeFactory.instance.objectNode() : node;
    } catch (IOException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  private static String attempts(SdkException e) {
    Integer attempts = e.numAttempts();
    return attempts == null
        ? "after the SDK's retries"
        : attempts + (attempts == 1 ? " attempt" : " attempts");
  }

  /** Builder for tests and applications that build their own SDK clients. */
  public static Builder builder() {
    return new Builder();
  }

  /** Assembles an engine from SDK clients. */
  public static final class Builder {
    private LambdaClient lambda;
    private S3Client s3;
    private Map<String, String> functions = Map.of();
    private String bucket;
    private String prefix = DEFAULT_PREFIX;
    private Duration maxPollInterval = Duration.ofSeconds(5);

    private Builder() {}

    public Builder lambda(LambdaClient lambda) {
      this.lambda = lambda;
      return this;
    }

    public Builder s3(S3Client s3) {
      this.s3 = s3;
      return this;
    }

    /** The invoker function for all jobs. */
    public Builder invokerFunction(String function) {
      this.functions = Map.of(InvokerFunctions.FUNCTION_VARIABLE, function);
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** The longest pause between polls of {@code await}; default 5 s. */
    public Builder maxPollInterval(Duration interval) {
      this.maxPollInterval = interval;
      return this;
    }

    public AwsEngine build() {
      return new AwsEngine(
          lambda, s3, InvokerFunctions.from(functions), bucket, prefix, maxPollInterval);
    }
  }
}
