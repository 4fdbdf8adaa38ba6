package dev.overtime.aws.invoker;

import dev.overtime.aws.protocol.InvokerErrorCode;
import dev.overtime.aws.protocol.InvokerProtocolException;
import dev.overtime.aws.protocol.InvokerQuery;
import dev.overtime.aws.protocol.RunLogStreams;
import dev.overtime.aws.protocol.RunPage;
import dev.overtime.aws.protocol.RunReruns;
import dev.overtime.contract.RunIds;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The invoker's read-only queries ({@link InvokerQuery}): a page of runs newest first, the log
 * streams of a run's tasks, and the runs that re-run a run. They read the bucket only: no ECS call,
 * no change of any run.
 *
 * <p>A page costs at most {@value #LIST_BUDGET} {@code ListObjectsV2} requests and {@value
 * #READ_BUDGET} record reads, whatever the bucket holds, so a filter that matches few runs answers
 * a short page with a continuation token rather than running into the function's timeout. Runs that
 * have not settled are found through their {@code runs/_active/} marks, so listing {@code QUEUED}
 * or {@code RUNNING} runs reads only those.
 *
 * <p>The status of a run in a page is the one its record holds: settled, else {@code QUEUED} until
 * its task was seen running, then {@code RUNNING}. {@code get} decides it anew from ECS and the
 * bucket.
 */
final class RunQueries {
  /** List requests per page. */
  static final int LIST_BUDGET = 12;

  /** Run records read per page. */
  static final int READ_BUDGET = 200;

  private final RunStore store;
  private final String containerName;
  private final Clock clock;
  private final int pageKeys;

  RunQueries(RunStore store, String containerName, Clock clock) {
    this(store, containerName, clock, 1000);
  }

  /** With {@code pageKeys} keys per list request (tests use few, to list narrow windows). */
  RunQueries(RunStore store, String containerName, Clock clock, int pageKeys) {
    this.store = store;
    this.containerName = containerName;
    this.clock = clock;
    this.pageKeys = pageKeys;
  }

  /** The answer to {@code query}, as JSON bytes; errors are error answers. */
  byte[] answer(InvokerQuery query) {
    if (query instanceof InvokerQuery.ListRuns list) {
      return list(list).toJsonBytes();
    }
    if (query instanceof InvokerQuery.Reruns reruns) {
      return reruns(reruns.runId()).toJsonBytes();
    }
    return logStreams(((InvokerQuery.LogStreams) query).runId()).toJsonBytes();
  }

  /** The runs that re-run {@code runId}, oldest first: one listing of its {@code reruns/} notes. */
  RunReruns reruns(String runId) {
    if (!RunIds.isWellFormed(runId)) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_RUN, "'" + runId + "' is not a run id of this invoker");
    }
    if (store.load(runId).isEmpty()) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_RUN,
          "no run '" + runId + "' in s3://" + store.bucket() + "/" + store.prefix() + "runs/");
    }
    return new RunReruns(runId, store.reruns(runId));
  }

  RunPage list(InvokerQuery.ListRuns query) {
    String before = query.next() == null ? null : decode(query.next());
    boolean activeOnly = query.status() == RunStatus.QUEUED || query.status() == RunStatus.RUNNING;
    NewestRunIds ids =
        new NewestRunIds(
            store.client(),
            store.bucket(),
            store.prefix() + (activeOnly ? RunStore.ACTIVE : "runs/"),
            !activeOnly,
            before,
            clock.instant(),
            pageKeys,
            LIST_BUDGET);
    List<RunRecord> runs = new ArrayList<>();
    int reads = 0;
    while (runs.size() < query.limit() && reads < READ_BUDGET) {
      Optional<String> id = ids.next();
      if (id.isEmpty()) {
        break;
      }
      reads++;
      Optional<StoredRun> run = store.load(id.get());
      if (run.isEmpty()) {
        continue; // an active mark whose record is not written yet, or already expired
      }
      RunRecord record = recorded(run.get());
      if ((query.job() == null || query.job().equals(record.job()))
          && (query.status() == null || query.status() == record.status())) {
        runs.add(record);
      }
    }
    String position = ids.position();
    return new RunPage(runs, position == null ? null : encode(position));
  }

  RunLogStreams logStreams(String runId) {
    if (!RunIds.isWellFormed(runId)) {
      throw new InvokerProtocolException(
          InvokerErrorCode.UNKNOWN_RUN, "'" + runId + "' is not a run id of this invoker");
    }
    StoredRun run =
        store
            .load(runId)
            .orElseThrow(
                () ->
                    new InvokerProtocolException(
                        InvokerErrorCode.UNKNOWN_RUN,
                        "no run '"
                            + runId
                            + "' in s3://"
                            + store.bucket()
                            + "/"
                            + store.prefix()
                            + "runs/"));
    List<RunLogStreams.Stream> streams = new ArrayList<>();
    boolean currentNoted = false;
    String currentId =
        run.taskArn() == null ? null : run.taskArn().substring(run.taskArn().lastIndexOf('/') + 1);
    for (RunStore.AttemptTask task : store.tasks(runId)) {
      currentNoted |= task.taskId().equals(currentId);
      streams.add(stream(run, task.attempt(), task.taskId()));
    }
    if (currentId != null && !currentNoted) {
      // A record of an older invoker, which noted no tasks: the current task is still known.
      streams.add(stream(run, run.attempt(), currentId));
    }
    return new RunLogStreams(runId, run.job(), streams);
  }

  private RunLogStreams.Stream stream(StoredRun run, int attempt, String taskId) {
    return new RunLogStreams.Stream(
        attempt, taskId, RunLogStreams.streamOf(run.job(), containerName, taskId));
  }

  /** The status and times the record holds, without asking ECS. */
  static RunRecord recorded(StoredRun run) {
    RunStatus status =
        run.settledStatus() != null
            ? run.settledStatus()
            : run.startedAt() != null ? RunStatus.RUNNING : RunStatus.QUEUED;
    return new RunRecord(
        run.runId(),
        run.job(),
        status,
        run.attempt(),
        run.createdAt(),
        run.startedAt(),
        run.settledStatus() != null ? run.settledAt() : null,
        null,
        run.settledStatus() != null ? run.settledError() : null);
  }

  private static String encode(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("v1:" + position).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      text = "";
    }
    String position = text.startsWith("v1:") ? text.substring(3) : "";
    if (!NewestRunIds.isBound(position)) {
      throw new InvokerProtocolException(
          InvokerErrorCode.BAD_REQUEST,
          "field 'next' is not a continuation token of a list answer; pass the 'next' of the"
              + " previous page as it was, or leave it out for the newest runs");
    }
    return position;
  }
}
