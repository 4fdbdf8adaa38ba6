package dev.overtime;

/**
 * The work of a job. Implement it in a class annotated with {@link JobHandler}.
 *
 * <pre>{@code
 * @JobHandler("factorial")
 * public final class Factorial implements Job<FactorialPayload, BigInteger> {
 *   public BigInteger run(FactorialPayload payload, JobContext context) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * @param <P> the payload, a public record; it travels as JSON
 * @param <R> the result, or {@link Void} for none; it travels as JSON
 */
@FunctionalInterface
public interface Job<P, R> {

  /**
   * Runs one attempt of the job. Returning ends the run as succeeded; throwing ends it as failed
   * (and retried, where the handler declares retries and the exception is not a {@link
   * NonRetryableException}). A long job should check {@link JobContext#isCancelled()} or respond to
   * thread interruption.
   */
  R run(P payload, JobContext context) throws Exception;
}
