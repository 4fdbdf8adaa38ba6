package dev.overtime.contract;

/**
 * The environment a run's process receives, the same on every engine (see docs/run-contract.md).
 * Only one of {@link #PAYLOAD} and {@link #PAYLOAD_URI} is set.
 */
public final class RunContract {
  /** The job name. */
  public static final String JOB = "OVERTIME_JOB";

  /** The run id. */
  public static final String RUN_ID = "OVERTIME_RUN_ID";

  /** The attempt number, from 1 (absent means 1). */
  public static final String ATTEMPT = "OVERTIME_ATTEMPT";

  /** The payload JSON, when small. */
  public static final String PAYLOAD = "OVERTIME_PAYLOAD";

  /**
   * Where the payload is when it is too large for an environment variable: {@code file:} or {@code
   * s3:}.
   */
  public static final String PAYLOAD_URI = "OVERTIME_PAYLOAD_URI";

  /** When the run must stop, an ISO-8601 instant. */
  public static final String DEADLINE = "OVERTIME_DEADLINE";

  /**
   * Where the outcome document ({@link OutcomeDocument}) is written: {@code file:} or {@code s3:}.
   */
  public static final String RESULT_URI = "OVERTIME_RESULT_URI";

  /**
   * Optional: where the bootstrap writes a {@link BeganDocument} just before it calls the handler.
   * An engine that passes it may start an attempt again when the document is absent (the handler
   * never began); without it, engines assume the handler may have begun.
   */
  public static final String BEGAN_URI = "OVERTIME_BEGAN_URI";

  /**
   * Optional: where the bootstrap keeps the run's latest progress ({@link ProgressDocument}), from
   * {@code JobContext.progress(fraction, message)}: {@code file:} or {@code s3:}. Replaced whole at
   * most every {@link #PROGRESS_INTERVAL_MILLIS} ms while the handler reports, and once more when
   * it returns. Without it, progress is dropped.
   */
  public static final String PROGRESS_URI = "OVERTIME_PROGRESS_URI";

  /**
   * The bootstrap stores progress at most this often; the latest report always wins and the last
   * one is stored when the handler returns.
   */
  public static final long PROGRESS_INTERVAL_MILLIS = 250;

  /**
   * Optional: a file the bootstrap locks exclusively ({@code FileChannel.lock}) before anything
   * else and holds until its process ends. While the lock is held, the attempt is alive; an engine
   * that finds it free (and {@link #ATTEMPT_CLAIM} written by the attempt) knows the attempt ended.
   * Passed together with {@link #ATTEMPT_CLAIM}; see docs/run-contract.md.
   */
  public static final String ATTEMPT_LOCK = "OVERTIME_ATTEMPT_LOCK";

  /**
   * Optional: a file the bootstrap creates atomically (it must not exist) once it holds {@link
   * #ATTEMPT_LOCK}, holding {@code pid <pid>} and {@code start <epoch ms>}. If it already exists,
   * someone else settled this launch (an engine recovering from a crash decided it never started)
   * and the bootstrap exits at once with {@link ExitCode#SUPERSEDED}, running nothing.
   */
  public static final String ATTEMPT_CLAIM = "OVERTIME_ATTEMPT_CLAIM";

  /**
   * Payloads up to this many bytes of UTF-8 travel in {@link #PAYLOAD}; larger ones through {@link
   * #PAYLOAD_URI}. Linux limits one variable to 128 KiB; ECS overrides to 8 KiB in all.
   */
  public static final int INLINE_PAYLOAD_LIMIT_BYTES = 4 * 1024;

  /**
   * The main class every engine starts for a run, in a container, a child process or a cluster
   * node. A compile-time constant, so the annotation processor writes it into manifests without
   * this class on its run-time class path.
   */
  public static final String BOOTSTRAP_MAIN_CLASS = "dev.overtime.bootstrap.Main";

  private RunContract() {}
}
