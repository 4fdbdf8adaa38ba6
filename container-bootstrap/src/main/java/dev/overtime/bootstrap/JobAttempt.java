package dev.overtime.bootstrap;

import dev.overtime.Job;
import dev.overtime.NonRetryableException;
import dev.overtime.contract.AttemptError;
import dev.overtime.contract.Ending;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.ExitCode;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.internal.JobJson;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attempt of a job in this process. The handler runs on its own thread so that the main thread
 * can watch the deadline and a shutdown hook can react to SIGTERM. Exactly one of three parties
 * decides how the attempt ends, whichever comes first: the job returning or throwing, the deadline
 * passing (interrupt, {@code TIMED_OUT}), or SIGTERM (cancel: interrupt, {@code CANCELLED}).
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
final class JobAttempt<P, R> {
  /** How long a stopped job (cancel or deadline) gets to return after its interrupt. */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final Invocation invocation;
  private final Job<P, R> handler;
  private final JobType<R> resultType;
  private final P payload;
  private final ProcessJobContext context;
  private final OutcomeWriter outcomes;
  private final PrintStream err;

  private final AtomicReference<ExitCode> ending = new AtomicReference<>();
  private final CountDownLatch jobReturned = new CountDownLatch(1);
  private final CountDownLatch reported = new CountDownLatch(1);
  private volatile boolean exiting;
  private volatile R result;
  private volatile Throwable failure;
  private volatile int reportedCode = -1;
  private Thread jobThread;

  JobAttempt(
      Invocation invocation,
      Job<P, R> handler,
      JobType<R> resultType,
      P payload,
      ProcessJobContext context,
      OutcomeWriter outcomes,
      PrintStream err) {
    this.invocation = invocation;
    this.handler = handler;
    this.resultType = resultType;
    this.payload = payload;
    this.context = context;
    this.outcomes = outcomes;
    this.err = err;
  }

  /** Runs the attempt and returns the exit code; the caller exits with it. */
  int run() {
    jobThread = new Thread(this::work, "overtime-job");
    Runtime.getRuntime().addShutdownHook(new Thread(this::onTerminate, "overtime-sigterm"));
    jobThread.start();
    boolean returned = awaitJob(Duration.between(Instant.now(), context.deadline()));
    ExitCode code;
    if (returned) {
      code =
          failure == null
              ? ExitCode.SUCCEEDED
              : failure instanceof NonRetryableException
                  ? ExitCode.FAILED_NO_RETRY
                  : ExitCode.FAILED;
    } else {
      code = ExitCode.TIMED_OUT;
    }
    if (!ending.compareAndSet(null, code)) {
      // SIGTERM came first: the shutdown hook reports and halts the process.
      awaitQuietly(reported, Duration.ofDays(1));
      return reportedCode;
    }
    if (code == ExitCode.TIMED_OUT) {
      stopJob();
    }
    int exit = report(code);
    exiting = true;
    return exit;
  }

  private void work() {
    try {
      result = handler.run(payload, context);
    } catch (Throwable t) {
      failure = t;
    } finally {
      jobReturned.countDown();
    }
  }

  /** SIGTERM (or any shutdown not asked for by {@link #run}): cancel the job. */
  private void onTerminate() {
    if (ending.compareAndSet(null, ExitCode.CANCELLED)) {
      JobOutput.startLine(err);
      err.println("[overtime] SIGTERM: cancelling run " + invocation.runId());
      stopJob();
      int code = report(ExitCode.CANCELLED);
      Runtime.getRuntime().halt(code);
    }
    awaitQuietly(reported, STOP_WAIT.plusSeconds(5));
    if (!exiting && reportedCode >= 0) {
      // The signal arrived while the main thread was reporting: keep the reported code, not 143.
      Runtime.getRuntime().halt(reportedCode);
    }
  }

  private void stopJob() {
    context.markCancelled();
    jobThread.interrupt();
    if (!awaitJob(STOP_WAIT)) {
      JobOutput.startLine(err);
      err.println(
          "[overtime] the job did not return within "
              + STOP_WAIT.toSeconds()
              + " s of its interrupt; ending the process anyway");
    }
  }

  private int report(ExitCode code) {
    ExitCode exit = code;
    String resultJson = null;
    AttemptError error = null;
    switch (code) {
      case SUCCEEDED -> {
        try {
          resultJson = result == null ? "null" : JobJson.encode(resultType, result);
        } catch (RuntimeException e) {
          exit = ExitCode.FAILED_NO_RETRY;
          error =
              ErrorCode.RESULT_NOT_ENCODABLE.error(
                  "The result of job '"
                      + invocation.job()
                      + "' cannot be encoded as JSON: "
                      + e.getMessage());
        }
      }
      case FAILED, FAILED_NO_RETRY -> {
        error = new AttemptError(failure.getClass().getName(), failure.getMessage());
        JobOutput.startLine(err);
        err.println(
            "[overtime] job '"
                + invocation.job()
                + "' failed on attempt "
                + invocation.attempt()
                + ":");
        failure.printStackTrace(err);
      }
      case CANCELLED ->
          error =
              ErrorCode.CANCELLED.error(
                  "Cancelled (SIGTERM) during attempt " + invocation.attempt());
      case TIMED_OUT -> {
        error =
            ErrorCode.TIMED_OUT.error(
                "Ran past its deadline "
                    + context.deadline()
                    + " on attempt "
                    + invocation.attempt());
        JobOutput.startLine(err);
        err.println(
            "[overtime] run " + invocation.runId() + " passed its deadline " + context.deadline());
      }
      default -> throw new IllegalStateException("not an ending: " + code);
    }
    // The last progress lands before the outcome, so whoever sees the run ended sees it too.
    context.flushProgress();
    boolean written =
        outcomes.write(
            new RunOutcome(
                invocation.runId(),
                invocation.job(),
                invocation.attempt(),
                ending(exit),
                resultJson,
                error,
                exit == ExitCode.FAILED,
                Instant.now()));
    if (!written) {
      // Exit 0 or 1 without an outcome would read as "may have succeeded" or "retry": say instead
      // that the handler ran and its end is unknown, so the engine fails the run, once.
      exit = ExitCode.OUTCOME_NOT_WRITTEN;
    }
    // The job's last output reaches the log before the process ends, so the engine's lines about
    // the end come after it, on a line of their own.
    JobOutput.startLine(err);
    reportedCode = exit.code();
    reported.countDown();
    return exit.code();
  }

  private static Ending ending(ExitCode code) {
    return switch (code) {
      case SUCCEEDED -> Ending.SUCCEEDED;
      case CANCELLED -> Ending.CANCELLED;
      case TIMED_OUT -> Ending.TIMED_OUT;
      case FAILED, FAILED_NO_RETRY, BAD_INVOCATION, OUTCOME_NOT_WRITTEN, SUPERSEDED ->
          Ending.FAILED;
    };
  }

  private boolean awaitJob(Duration timeout) {
    return awaitQuietly(jobReturned, timeout);
  }

  private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
    long nanos = Math.max(0, timeout.toNanos());
    long deadline = System.nanoTime() + nanos;
    while (true) {
      try {
        return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // The main thread is never interrupted on purpose; keep waiting.
      }
    }
  }
}
