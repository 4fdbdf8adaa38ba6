package dev.overtime.bootstrap;

import dev.overtime.contract.BeganDocument;
import dev.overtime.contract.ContractStream;
import dev.overtime.contract.Ending;
import dev.overtime.contract.ErrorCode;
import dev.overtime.contract.ExitCode;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.RunOutcome;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.internal.BlobStores;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JobJson;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A pre-started ("warm") bootstrap: {@code java -cp <app> dev.overtime.bootstrap.Main
 * --contract-on-stdin}. The local engine starts it before it knows which run it will get; it loads
 * and initialises what every run needs (the job registries, the descriptors and payload classes,
 * the JSON codec, the outcome and began documents), then blocks on its standard input until the run
 * contract arrives ({@link ContractStream}, same keys as the environment contract, the launch's
 * {@code OVERTIME_ATTEMPT_LOCK} and {@code OVERTIME_ATTEMPT_CLAIM} included) and runs it exactly as
 * {@link Main} runs an environment contract: the first thing done with the contract is to lock and
 * claim the launch, so a warm JVM handed a launch that another process already claimed exits
 * SUPERSEDED (7) without running anything. If its standard input closes before a contract arrives
 * (the engine closed the pool or died), it exits 0 without running anything.
 *
 * <p>Each warm JVM runs at most one run: after the run it exits like any bootstrap, so nothing a
 * job leaves behind (static state, threads, loaded classes) can reach another run.
 */
final class WarmStart {
  /** The argument that selects this mode. */
  static final String ARGUMENT = "--contract-on-stdin";

  private static final String WARM_UP_DOCUMENT = "{\"overtime.warm-up\": 0}";

  private WarmStart() {}

  /** Preloads, waits for the contract on {@code in} and runs it; returns the exit code. */
  static int run(InputStream in, PrintStream out, PrintStream err) {
    preload();
    Map<String, String> contract;
    try {
      contract = ContractStream.read(in);
    } catch (IOException e) {
      err.println(
          "["
              + ErrorCode.BAD_INVOCATION
              + "] Could not read the run contract from standard input: "
              + e.getMessage()
              + ". The handler did not run.");
      return ExitCode.BAD_INVOCATION.code();
    }
    if (contract == null) {
      return ExitCode.SUCCEEDED.code();
    }
    return Main.run(contract, out, err);
  }

  /**
   * Loads and initialises what a run needs before its contract is known. Nothing here may fail the
   * warm JVM: a problem (two jobs of one name, say) is reported by the run itself, as it would be
   * without warming. Handler classes are loaded but not initialised, so no job code runs here.
   */
  static void preload() {
    ClassLoader loader = WarmStart.class.getClassLoader();
    try {
      for (JobBinding<?, ?> binding : JobCatalog.load(loader).all()) {
        try {
          Class.forName(binding.descriptor().handlerClass(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // The run will say so when it constructs the handler.
        }
        warmDecoder(binding.descriptor().payloadJobType());
      }
    } catch (RuntimeException | LinkageError e) {
      // Reported by the run (for example [overtime.duplicate-name]).
    }
    try {
      JsonCodec.shared().encode(Map.of("warm", 1));
      ContractStream.read(new java.io.ByteArrayInputStream(ContractStream.write(Map.of())));
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      BeganDocument.write("warm", 1, now);
      OutcomeDocument.write(
          new RunOutcome(
              "warm",
              "warm",
              1,
              Ending.FAILED,
              null,
              ErrorCode.CANCELLED.error("warm"),
              false,
              now));
      warmFileWrite(
          OutcomeDocument.write(
              new RunOutcome(
                  "warm",
                  "warm",
                  1,
                  Ending.FAILED,
                  null,
                  ErrorCode.CANCELLED.error("warm"),
                  false,
                  now)));
      // What JobAttempt uses: a shutdown hook (added and removed again), a latch.
      Thread hook = new Thread(() -> {}, "overtime-warm-up");
      Runtime.getRuntime().addShutdownHook(hook);
      Runtime.getRuntime().removeShutdownHook(hook);
      new java.util.concurrent.CountDownLatch(1).countDown();
      Class.forName(JobAttempt.class.getName(), true, loader);
      Class.forName(ProcessJobContext.class.getName(), true, loader);
      Class.forName(OutcomeWriter.class.getName(), true, loader);
      Class.forName(Invocation.class.getName(), true, loader);
    } catch (Exception | LinkageError e) {
      // Only start-up time is at stake.
    }
  }

  /**
   * Writes a document the way the began document and the outcome are written (a temporary file,
   * flushed and renamed), into a temporary file of this JVM that is deleted again.
   */
  private static void warmFileWrite(byte[] document) throws IOException {
    Path file = Files.createTempFile("overtime-warm-", ".json");
    try {
      BlobStores.forUri(file.toUri()).write(file.toUri(), document);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Builds the payload type's decoder by decoding a document it must refuse: an unknown property
   * fails before any value is constructed, so no job code (a record's constructor) runs.
   */
  private static void warmDecoder(JobType<?> payloadType) {
    try {
      JobJson.decode(WARM_UP_DOCUMENT, payloadType);
    } catch (RuntimeException | LinkageError e) {
      // Expected: the document is refused; the decoder stays built.
    }
  }
}
