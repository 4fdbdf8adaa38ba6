package dev.overtime.contract;

import java.util.Objects;

/**
 * What happened to an attempt, as an engine observed it. Each engine turns its own observations (a
 * process exit, an ECS task state, files and objects) into one of these, and {@link
 * AttemptLifecycle} decides from it.
 */
public sealed interface AttemptFact {

  /** The attempt's outcome document, or null when there is none. */
  RunOutcome outcome();

  /**
   * The process exited with {@code exitCode}.
   *
   * @param outcome its outcome document, or null
   * @param began whether its handler began
   */
  record Exited(int exitCode, RunOutcome outcome, Began began) implements AttemptFact {
    public Exited {
      Objects.requireNonNull(began, "began");
    }
  }

  /**
   * The process is gone and its exit code is not known (the engine that started it died, or ECS
   * forgot the task).
   */
  record Vanished(RunOutcome outcome, Began began) implements AttemptFact {
    public Vanished {
      Objects.requireNonNull(began, "began");
    }
  }

  /**
   * The attempt wrote its outcome and its process is still ending (ECS reports a task STOPPED tens
   * of seconds after its container exited); the outcome decides.
   */
  record Reported(RunOutcome outcome) implements AttemptFact {
    public Reported {
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * The process was never started (spawning it failed, the task failed to start).
   *
   * @param reason what the engine was told, for the error message
   */
  record NeverStarted(String reason) implements AttemptFact {
    public NeverStarted {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public RunOutcome outcome() {
      return null;
    }
  }
}
