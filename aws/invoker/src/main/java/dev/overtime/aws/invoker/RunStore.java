package dev.overtime.aws.invoker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.Began;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.OutcomeDocumentException;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.RunOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket as the invoker's durable record. Layout under the prefix:
 *
 * <pre>
 * runs/&lt;runId&gt;/run.json                   the {@link StoredRun}, changed only by compare-and-swap
 * runs/_active/&lt;runId&gt;                   empty; the run has not settled (what the sweep reads)
 * runs/&lt;runId&gt;/payload.json               a payload too large for the container overrides
 * runs/&lt;runId&gt;/attempt-&lt;n&gt;/outcome.json   what the bootstrap wrote for attempt n (OVERTIME_RESULT_URI)
 * runs/&lt;runId&gt;/attempt-&lt;n&gt;/began.json     written just before attempt n's handler began (OVERTIME_BEGAN_URI)
 * runs/&lt;runId&gt;/attempt-&lt;n&gt;/progress.json  attempt n's latest progress, replaced at most every 250 ms (OVERTIME_PROGRESS_URI)
 * runs/&lt;runId&gt;/attempt-&lt;n&gt;/tasks/&lt;id&gt;    empty; attempt n ran in ECS task id (its log stream)
 * runs/&lt;runId&gt;/reruns/&lt;id&gt;              empty; run id re-runs this run
 * runs/_slots/&lt;job&gt;.json                 {"holders":[runId…]}: the runs holding a slot of the job's limit, by compare-and-swap
 * runs/_queue/&lt;job&gt;/&lt;rank&gt;-&lt;runId&gt;      empty; the run waits for a slot (rank: priority, highest first)
 * payloads/&lt;uuid&gt;.json                    payloads the client uploaded itself (above 256 KiB)
 * idempotency/&lt;job&gt;/&lt;sha256(key)&gt;.json    {"runId":"…"}, created only if absent
 * </pre>
 */
final class RunStore {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** Under the prefix: an empty object per run that has not settled, for the sweep. */
  static final String ACTIVE = "runs/_active/";

  private static final String SWEEP_CURSOR = "runs/_sweep-cursor";
  private static final int CONFLICT_ATTEMPTS = 5;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  RunStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  String bucket() {
    return bucket;
  }

  Optional<StoredRun> load(String runId) {
    return loadVersioned(runId).map(Versioned::run);
  }

  /** The run's record and its ETag, which a later {@link #update} is conditional on. */
  Optional<Versioned> loadVersioned(String runId) {
    String key = recordKey(runId);
    Optional<ResponseBytes<GetObjectResponse>> object = readWithResponse(key);
    return object.map(
        bytes -> {
          try {
            return new Versioned(
                MAPPER.readValue(bytes.asByteArray(), StoredRun.class), bytes.response().eTag());
          } catch (IOException e) {
            throw new UncheckedIOException("run record of " + runId + " is unreadable", e);
          }
        });
  }

  /**
   * Creates the run's record, only if it does not exist ({@code If-None-Match: *}).
   *
   * @throws ConcurrentRunChange when a record is there already (another call created it)
   */
  Versioned create(StoredRun run) {
    return new Versioned(run, write(recordKey(run.runId()), encode(run), "*", null));
  }

  /**
   * Replaces the record read as {@code current} with {@code next}, only if it is still the one read
   * ({@code If-Match: <etag>}): every state change of a run is a compare-and-swap.
   *
   * @throws ConcurrentRunChange when the record changed since it was read: re-read and re-decide
   */
  Versioned update(Versioned current, StoredRun next) {
    if (!current.run().runId().equals(next.runId())) {
      throw new IllegalArgumentException("a record update must keep the run id");
    }
    return new Versioned(next, write(recordKey(next.runId()), encode(next), null, current.etag()));
  }

  /**
   * Marks the run as one the sweep looks at ({@code runs/_active/<runId>}); the mark goes when the
   * run settles.
   */
  void markActive(String runId) {
    put(activeKey(runId), new byte[0]);
  }

  void unmarkActive(String runId) {
    s3.deleteObject(b -> b.bucket(bucket).key(activeKey(runId)));
  }

  /**
   * Up to {@code limit} runs marked active, in run id order (creation time), after {@code
   * afterRunId} (null: from the first).
   */
  List<ActiveRun> activeRuns(String afterRunId, int limit) {
    String activePrefix = prefix + ACTIVE;
    ListObjectsV2Response page =
        s3.listObjectsV2(
            b -> {
              b.bucket(bucket).prefix(activePrefix).maxKeys(limit);
              if (afterRunId != null) {
                b.startAfter(activePrefix + afterRunId);
              }
            });
    List<ActiveRun> runs = new ArrayList<>();
    for (S3Object object : page.contents()) {
      runs.add(new ActiveRun(object.key().substring(activePrefix.length()), object.lastModified()));
    }
    return runs;
  }

  /** The S3 client, for listings of the layout ({@link NewestRunIds}). */
  S3Client client() {
    return s3;
  }

  String prefix() {
    return prefix;
  }

  /**
   * Notes that the run's {@code attempt} runs in ECS task {@code taskArn} ({@code
   * runs/<id>/attempt-<n>/tasks/<task id>}, empty), so the task's log stream can be found after the
   * record moved on to a later attempt. Written again with the same key when a start is replayed
   * (ECS answers the same task).
   */
  void markTask(String runId, int attempt, String taskArn) {
    put(
        prefix
            + "runs/"
            + runId
            + "/attempt-"
            + attempt
            + "/tasks/"
            + taskArn.substring(taskArn.lastIndexOf('/') + 1),
        new byte[0]);
  }

  /**
   * The tasks noted by {@link #markTask}, by attempt, in attempt order: one listing of the run's
   * folder (a handful of keys per attempt).
   */
  List<AttemptTask> tasks(String runId) {
    String folder = prefix + "runs/" + runId + "/attempt-";
    List<AttemptTask> tasks = new ArrayList<>();
    String startAfter = null;
    while (true) {
      String after = startAfter;
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b -> {
                b.bucket(bucket).prefix(folder);
                if (after != null) {
                  b.startAfter(after);
                }
              });
      for (S3Object object : page.contents()) {
        String rest = object.key().substring(folder.length());
        int slash = rest.indexOf("/tasks/");
        if (slash > 0) {
          try {
            tasks.add(
                new AttemptTask(
                    Integer.parseInt(rest.substring(0, slash)),
                    rest.substring(slash + "/tasks/".length())));
          } catch (NumberFormatException e) {
            // not a key of this layout
          }
        }
        startAfter = object.key();
      }
      if (!page.isTruncated() || page.contents().isEmpty()) {
        break;
      }
    }
    tasks.sort(java.util.Comparator.comparingInt(AttemptTask::attempt));
    return tasks;
  }

  /**
   * A task an attempt ran in.
   *
   * @param attempt the attempt
   * @param taskId the ECS task id (the last part of its ARN)
   */
  record AttemptTask(int attempt, String taskId) {}

  /** Where the last sweep stopped (a hint, so sweeps take turns over many active runs). */
  Optional<String> sweepCursor() {
    return read(prefix + SWEEP_CURSOR).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  void sweepCursor(String runId) {
    put(prefix + SWEEP_CURSOR, runId.getBytes(StandardCharsets.UTF_8));
  }

  // ---- per-job concurrency (JobSlots), re-runs

  /** Under the prefix: the slots object of each job with a concurrency limit. */
  static final String SLOTS = "runs/_slots/";

  /** Under the prefix: the runs of each limited job waiting for a slot, in queue order. */
  static final String QUEUE = "runs/_queue/";

  /**
   * The runs holding a slot of {@code job}'s limit, with the ETag a change is conditional on; empty
   * when no run of the job ever held one.
   */
  Optional<Slots> slots(String job) {
    return readWithResponse(prefix + SLOTS + job + ".json")
        .map(
            bytes -> {
              try {
                List<String> holders = new ArrayList<>();
                MAPPER
                    .readTree(bytes.asByteArray())
                    .path("holders")
                    .forEach(holder -> holders.add(holder.asText()));
                return new Slots(job, holders, bytes.response().eTag());
              } catch (IOException e) {
                throw new UncheckedIOException("the slots of job " + job + " are unreadable", e);
              }
            });
  }

  /**
   * Writes the holders of {@code job}'s slots: created only if absent when {@code read} is null,
   * else only if unchanged since {@code read} ({@code If-Match}).
   *
   * @throws ConcurrentRunChange when another invocation changed them first: read and decide again
   */
  Slots writeSlots(String job, Slots read, List<String> holders) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode array = node.putArray("holders");
    holders.forEach(array::add);
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String etag =
        write(
            prefix + SLOTS + job + ".json",
            body,
            read == null ? "*" : null,
            read == null ? null : read.etag());
    return new Slots(job, holders, etag);
  }

  /** Notes that {@code run} waits for a slot of its job; written again, the same, when it is. */
  void enqueue(StoredRun run) {
    put(queueKey(run), new byte[0]);
  }

  /** Removes {@code run}'s place in its job's queue, if it has one. */
  void dequeue(StoredRun run) {
    s3.deleteObject(b -> b.bucket(bucket).key(queueKey(run)));
  }

  /** Removes a place in {@code job}'s queue whose run is gone or has settled. */
  void dequeue(String job, QueuedRun queued) {
    s3.deleteObject(b -> b.bucket(bucket).key(prefix + QUEUE + job + "/" + queued.name()));
  }

  /**
   * The first {@code limit} runs waiting for a slot of {@code job}, in queue order: highest
   * priority first, then oldest (run ids begin with their creation time), as S3 lists keys.
   */
  List<QueuedRun> queued(String job, int limit) {
    String queuePrefix = prefix + QUEUE + job + "/";
    ListObjectsV2Response page =
        s3.listObjectsV2(b -> b.bucket(bucket).prefix(queuePrefix).maxKeys(limit));
    List<QueuedRun> runs = new ArrayList<>();
    for (S3Object object : page.contents()) {
      String name = object.key().substring(queuePrefix.length());
      int dash = name.indexOf('-');
      if (dash > 0) {
        runs.add(new QueuedRun(name, name.substring(dash + 1)));
      }
    }
    return runs;
  }

  /** The name of {@code run}'s place in its job's queue: {@code <rank>-<runId>}. */
  static String queueName(StoredRun run) {
    // Ascending keys list the highest priority first: rank 0000 is MAX_PRIORITY.
    int rank = RunOptions.MAX_PRIORITY - run.control().priority();
    return String.format(Locale.ROOT, "%04d", rank) + "-" + run.runId();
  }

  private String queueKey(StoredRun run) {
    return prefix + QUEUE + run.job() + "/" + queueName(run);
  }

  /** Notes that {@code rerunId} re-runs {@code runId} ({@code runs/<runId>/reruns/<rerunId>}). */
  void markRerun(String runId, String rerunId) {
    put(prefix + "runs/" + runId + "/reruns/" + rerunId, new byte[0]);
  }

  /** The runs that re-run {@code runId}, oldest first (run ids sort by creation time). */
  List<String> reruns(String runId) {
    String folder = prefix + "runs/" + runId + "/reruns/";
    List<String> reruns = new ArrayList<>();
    String startAfter = null;
    while (true) {
      String after = startAfter;
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b -> {
                b.bucket(bucket).prefix(folder);
                if (after != null) {
                  b.startAfter(after);
                }
              });
      for (S3Object object : page.contents()) {
        reruns.add(object.key().substring(folder.length()));
        startAfter = object.key();
      }
      if (!page.isTruncated() || page.contents().isEmpty()) {
        break;
      }
    }
    return reruns;
  }

  /** The object a payload URI of a run record names, if it is still there. */
  Optional<byte[]> payload(String payloadUri) {
    S3Location location = S3Location.of(URI.create(payloadUri));
    if (!location.bucket().equals(bucket)) {
      throw new IllegalArgumentException(
          "payload " + payloadUri + " is not in the invoker's bucket " + bucket);
    }
    return read(location.key());
  }

  private String recordKey(String runId) {
    return prefix + "runs/" + runId + "/run.json";
  }

  private String activeKey(String runId) {
    return prefix + ACTIVE + runId;
  }

  private static byte[] encode(StoredRun run) {
    try {
      return MAPPER.writeValueAsBytes(run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A conditional PUT. S3 answers 412 when the condition does not hold, and 409 {@code
   * ConditionalRequestConflict} when another conditional write of the key is in flight: that one is
   * retried here (the outcome of the other write is not known yet), a 412 is the caller's to
   * re-read (S3 User Guide, "Add preconditions to S3 operations with conditional requests":
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html).
   *
   * @return the new ETag
   */
  private String write(String key, byte[] body, String ifNoneMatch, String ifMatch) {
    for (int attempt = 1; ; attempt++) {
      try {
        return s3.putObject(
                b -> {
                  b.bucket(bucket).key(key).contentType("application/json");
                  if (ifNoneMatch != null) {
                    b.ifNoneMatch(ifNoneMatch);
                  }
                  if (ifMatch != null) {
                    b.ifMatch(ifMatch);
                  }
                },
                RequestBody.fromBytes(body))
            .eTag();
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          throw new ConcurrentRunChange(key, e);
        }
        if (e.statusCode() == 409 && attempt < CONFLICT_ATTEMPTS) {
          pause(attempt);
          continue;
        }
        if (e.statusCode() == 409) {
          // Still conflicting: what the record is now is unknown, so re-read and re-decide.
          throw new ConcurrentRunChange(key, e);
        }
        throw e;
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(20L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextInt(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a conditional write", e);
    }
  }

  /** Stores a payload for the container to read; returns its URI. */
  URI putPayload(String runId, byte[] payload) {
    String key = prefix + "runs/" + runId + "/payload.json";
    put(key, payload);
    return new S3Location(bucket, key).toUri();
  }

  URI outcomeUri(String runId, int attempt) {
    return new S3Location(
            bucket, prefix + "runs/" + runId + "/attempt-" + attempt + "/outcome.json")
        .toUri();
  }

  URI beganUri(String runId, int attempt) {
    return new S3Location(bucket, prefix + "runs/" + runId + "/attempt-" + attempt + "/began.json")
        .toUri();
  }

  URI progressUri(String runId, int attempt) {
    return new S3Location(
            bucket, prefix + "runs/" + runId + "/attempt-" + attempt + "/progress.json")
        .toUri();
  }

  /**
   * The progress document of an attempt, if its process wrote one; one that cannot be read is said
   * in the invoker's log and counts as none: progress never fails a status query.
   */
  Optional<byte[]> progress(String runId, int attempt) {
    try {
      return read(S3Location.of(progressUri(runId, attempt)).key());
    } catch (S3Exception e) {
      System.err.println(
          "[overtime] invoker: cannot read the progress of run " + runId + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The outcome document of an attempt, if its process wrote one that can be read; one that cannot
   * is said in the invoker's log and counts as none (the lifecycle then decides from the exit).
   */
  Optional<Outcome> outcome(String runId, int attempt) {
    return read(S3Location.of(outcomeUri(runId, attempt)).key())
        .flatMap(
            bytes -> {
              try {
                return Optional.of(new Outcome(OutcomeDocument.read(bytes), bytes.length));
              } catch (OutcomeDocumentException e) {
                System.err.println(
                    "[overtime] invoker: cannot read the outcome of run "
                        + runId
                        + " attempt "
                        + attempt
                        + ": "
                        + e.getMessage());
                return Optional.empty();
              }
            });
  }

  /** Whether the run's current attempt began its handler, from its began document. */
  Began began(StoredRun run) {
    if (!run.marksBegan()) {
      return Began.UNKNOWN;
    }
    try {
      return InvokerAttempts.began(
          run, read(S3Location.of(beganUri(run.runId(), run.attempt())).key()));
    } catch (S3Exception e) {
      // Unreadable is not absent: assume the handler may have begun, so it never runs twice.
      System.err.println(
          "[overtime] invoker: cannot read the began document of run "
              + run.runId()
              + ": "
              + e.getMessage());
      return Began.UNKNOWN;
    }
  }

  /**
   * Claims an idempotency key for {@code runId}: creates the key's object only if it does not exist
   * (an S3 conditional write), so two concurrent runs with one key agree on one run id.
   *
   * @return the run id that owns the key: {@code runId} if this call created it
   */
  String claimIdempotencyKey(String job, String key, String runId) {
    String objectKey = prefix + "idempotency/" + job + "/" + sha256(key) + ".json";
    byte[] body = ("{\"runId\":\"" + runId + "\"}").getBytes(StandardCharsets.UTF_8);
    for (int attempt = 1; ; attempt++) {
      try {
        write(objectKey, body, "*", null);
        return runId;
      } catch (ConcurrentRunChange e) {
        // 412: taken. A 409 that kept conflicting may have been the winner's write in flight, so
        // the key is read; absent, the other write failed and the claim is tried again.
        Optional<byte[]> existing = read(objectKey);
        if (existing.isPresent()) {
          try {
            return MAPPER.readTree(existing.get()).path("runId").asText();
          } catch (IOException io) {
            throw new UncheckedIOException(io);
          }
        }
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private Optional<byte[]> read(String key) {
    return readWithResponse(key).map(ResponseBytes::asByteArray);
  }

  private Optional<ResponseBytes<GetObjectResponse>> readWithResponse(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  /** An unconditional PUT, for objects that are written whole and only ever the same. */
  private void put(String key, byte[] body) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromBytes(body));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An outcome document as the bootstrap wrote it.
   *
   * @param outcome the document, read by the contract's reader
   * @param sizeBytes its size, to decide whether the result fits in the Lambda answer
   */
  record Outcome(RunOutcome outcome, int sizeBytes) {}

  /**
   * A run record as read, with the ETag its next update is conditional on.
   *
   * @param run the record
   * @param etag its ETag
   */
  record Versioned(StoredRun run, String etag) {}

  /**
   * A run marked active.
   *
   * @param runId the run
   * @param markedAt when the mark was written
   */
  record ActiveRun(String runId, java.time.Instant markedAt) {}

  /**
   * The runs holding a slot of a job's concurrency limit, as read.
   *
   * @param job the job
   * @param holders their run ids, in the order they got their slots
   * @param etag the ETag a change is conditional on
   */
  record Slots(String job, List<String> holders, String etag) {
    Slots {
      holders = List.copyOf(holders);
    }
  }

  /**
   * A run waiting for a slot of its job.
   *
   * @param name its place, {@code <rank>-<runId>}
   * @param runId the run
   */
  record QueuedRun(String name, String runId) {}

  /** The record changed since it was read (412), or was created by someone else: re-read. */
  static final class ConcurrentRunChange extends RuntimeException {
    ConcurrentRunChange(String key, Throwable cause) {
      super("s3 object " + key + " changed concurrently", cause);
    }
  }
}
