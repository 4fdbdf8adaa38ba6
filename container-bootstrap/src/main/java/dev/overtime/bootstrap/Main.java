package dev.overtime.bootstrap;

import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.Ending;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.ExitCode;
import dev.overtime.contract.RunContract;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.DuplicateJobException;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.internal.BlobStores;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JobJson;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * The entrypoint a container or a local child process starts: {@code java -cp <app>
 * dev.overtime.bootstrap.Main}. It reads the run contract from the environment, finds the job among
 * the generated registries on the classpath, decodes the payload strictly, runs the handler, writes
 * the outcome and exits with a documented code (see {@link ExitCode} and docs/run-contract.md).
 * {@code --list} prints the jobs; {@code --contract-on-stdin} is a pre-started JVM that reads the
 * contract from its standard input instead ({@link WarmStart}). The payload is never printed.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code;
    if (args.length == 1 && args[0].equals("--list")) {
      code = list(System.out, System.err);
    } else if (args.length == 0) {
      JobOutput.install();
      code = run(System.getenv(), System.out, System.err);
    } else if (args.length == 1 && args[0].equals(WarmStart.ARGUMENT)) {
      JobOutput.install();
      code = WarmStart.run(System.in, System.out, System.err);
    } else {
      System.err.println(
          "["
              + ErrorCode.BAD_INVOCATION
              + "] Unexpected arguments. Usage:\n"
              + "  java -cp <app> "
              + RunContract.BOOTSTRAP_MAIN_CLASS
              + "          runs the job named by "
              + RunContract.JOB
              + "\n"
              + "  java -cp <app> "
              + RunContract.BOOTSTRAP_MAIN_CLASS
              + " --list   lists the jobs on the class path\n"
              + "See docs/run-contract.md for the environment variables.");
      code = ExitCode.BAD_INVOCATION.code();
    }
    System.out.flush();
    System.exit(code);
  }

  /** Prints one line per job on the classpath; exit code 0, or 2 for a broken classpath. */
  static int list(PrintStream out, PrintStream err) {
    try {
      JobCatalog catalog = JobCatalog.load(Main.class.getClassLoader());
      if (catalog.all().isEmpty()) {
        err.println(
            "No jobs on the class path. Handlers are found through the registries that "
                + "overtime-processor generates; compile the handlers with it.");
      }
      for (JobBinding<?, ?> binding : catalog.all()) {
        JobDescriptor<?, ?> job = binding.descriptor();
        out.println(
            job.name()
                + "\t"
                + job.payloadType().getName()
                + " -> "
                + job.resultType()
                + "\t"
                + job.handlerClass()
                + "\ttimeout "
                + job.timeout()
                + ", "
                + job.memoryMib()
                + " MiB, "
                + job.retries()
                + " retries");
      }
      return ExitCode.SUCCEEDED.code();
    } catch (OvertimeException e) {
      err.println(e.getMessage());
      return ExitCode.BAD_INVOCATION.code();
    }
  }

  /** Runs the job the environment names; returns the exit code. */
  static int run(Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      if (AttemptClaim.take(env) == AttemptClaim.Result.SUPERSEDED) {
        err.println(
            "[overtime] this launch was already claimed ("
                + env.get(RunContract.ATTEMPT_CLAIM)
                + " exists): the engine starts it again; nothing ran here");
        return ExitCode.SUPERSEDED.code();
      }
    } catch (IOException e) {
      err.println(
          "["
              + ErrorCode.BAD_INVOCATION
              + "] Could not lock "
              + RunContract.ATTEMPT_LOCK
              + " or create "
              + RunContract.ATTEMPT_CLAIM
              + " ("
              + e
              + "); the handler was not called. Check that the process may write its run"
              + " directory.");
      return ExitCode.BAD_INVOCATION.code();
    }
    Invocation invocation;
    try {
      invocation = Invocation.read(env);
    } catch (BadInvocationException e) {
      err.println("[" + e.code() + "] " + e.getMessage());
      return ExitCode.BAD_INVOCATION.code();
    }
    OutcomeWriter outcomes = new OutcomeWriter(invocation.resultUri(), out, err);
    try {
      JobBinding<?, ?> binding = find(invocation.job());
      return start(binding, invocation.withPayload(env), outcomes, out, err);
    } catch (BadInvocationException e) {
      err.println("[" + e.code() + "] " + e.getMessage());
      outcomes.write(
          new RunOutcome(
              invocation.runId(),
              invocation.job(),
              invocation.attempt(),
              Ending.FAILED,
              null,
              e.code().error(e.getMessage()),
              false,
              Instant.now()));
      return ExitCode.BAD_INVOCATION.code();
    }
  }

  private static JobBinding<?, ?> find(String job) throws BadInvocationException {
    JobCatalog catalog;
    try {
      catalog = JobCatalog.load(Main.class.getClassLoader());
    } catch (DuplicateJobException e) {
      throw new BadInvocationException(ErrorCode.DUPLICATE_NAME, e.reason(), e);
    }
    return catalog
        .find(job)
        .orElseThrow(
            () ->
                new BadInvocationException(
                    ErrorCode.UNKNOWN_JOB,
                    "No job '"
                        + job
                        + "' on the class path; jobs found: "
                        + catalog.names()
                        + ". Check OVERTIME_JOB, and that the jar with its handler (compiled with"
                        + " overtime-processor) is on the class path."));
  }

  private static <P, R> int start(
      JobBinding<P, R> binding,
      Invocation invocation,
      OutcomeWriter outcomes,
      PrintStream out,
      PrintStream err)
      throws BadInvocationException {
    JobDescriptor<P, R> job = binding.descriptor();
    P payload;
    try {
      payload = JobJson.decode(invocation.payloadJson(), job.payloadJobType());
    } catch (InvalidPayloadException e) {
      throw new BadInvocationException(
          ErrorCode.INVALID_PAYLOAD,
          "The payload of job '"
              + job.name()
              + "' is invalid at "
              + e.getMessage()
              + " The handler did not run.",
          e);
    }
    Instant deadline =
        invocation.deadline() != null ? invocation.deadline() : Instant.now().plus(job.timeout());
    ProcessJobContext context = new ProcessJobContext(invocation, deadline, out, err);
    recordBegan(invocation);
    return new JobAttempt<>(
            invocation, binding.newHandler(), job.resultType(), payload, context, outcomes, err)
        .run();
  }

  /**
   * Writes the began document, the engines' proof that this attempt reached its handler. Without it
   * an engine would start the attempt again, so when it cannot be written the handler is not
   * called.
   */
  private static void recordBegan(Invocation invocation) throws BadInvocationException {
    if (invocation.beganUri() == null) {
      return;
    }
    try {
      BlobStores.forUri(invocation.beganUri())
          .write(
              invocation.beganUri(),
              BeganDocument.write(invocation.runId(), invocation.attempt(), Instant.now()));
    } catch (Exception | LinkageError e) {
      throw new BadInvocationException(
          ErrorCode.BEGAN_NOT_WRITTEN,
          "Could not write "
              + RunContract.BEGAN_URI
              + "="
              + invocation.beganUri()
              + " ("
              + e
              + "), so the handler was not called;"
              + " check that the process may write there.",
          e);
    }
  }
}
