package dev.overtime.aws.invoker;

/** ECS answered RunTask without a task; the message holds its failure reasons. */
final class TaskStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TaskStartException(String message) {
    super(message);
  }
}
