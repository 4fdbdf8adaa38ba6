package dev.overtime.runtime;

/**
 * One item of a {@link JobClient#runAll} batch is not acceptable (a null or invalid payload, a
 * timeout longer than the job's): the whole batch is refused and nothing of it was recorded. The
 * message names the item by its index in the list, from 0, and the {@linkplain #getCause() cause}
 * says what is wrong with it.
 */
public class InvalidBatchItemException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int index;

  public InvalidBatchItemException(String job, int index, int size, RuntimeException cause) {
    super(
        "runAll of job '"
            + job
            + "': item "
            + index
            + " (of "
            + size
            + ", counted from 0) is refused, so none of the batch was recorded: "
            + cause.getMessage(),
        cause);
    this.index = index;
  }

  /** The index of the refused item in the list passed to {@code runAll}, from 0. */
  public int index() {
    return index;
  }
}
