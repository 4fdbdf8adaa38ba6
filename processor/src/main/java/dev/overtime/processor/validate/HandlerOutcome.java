package dev.overtime.processor.validate;

import dev.overtime.processor.Problem;
import dev.overtime.processor.model.JobModel;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * What validating one handler found: its model when it is valid, otherwise its problems; and its
 * name claim when the name itself is valid (null otherwise).
 */
public record HandlerOutcome(
    TypeElement handler, JobModel model, List<Problem> problems, NameClaim claim) {
  public HandlerOutcome {
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return model != null;
  }
}
