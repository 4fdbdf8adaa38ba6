package dev.overtime.tooling.payload;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A payload that does not fit its job: every problem found, each naming its JSON path. Nothing
 * started.
 */
public final class InvalidPayloadInput extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String job;
  private final transient List<PayloadProblem> problems;

  public InvalidPayloadInput(String job, List<PayloadProblem> problems) {
    super(
        "invalid payload for job '"
            + job
            + "':"
            + problems.stream().map(problem -> "\n  " + problem).collect(Collectors.joining())
            + "\nNothing was started.");
    this.job = job;
    this.problems = List.copyOf(problems);
  }

  public String job() {
    return job;
  }

  public List<PayloadProblem> problems() {
    return problems;
  }
}
