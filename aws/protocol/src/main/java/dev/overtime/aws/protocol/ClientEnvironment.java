package dev.overtime.aws.protocol;

/**
 * The environment of an application that uses the {@code aws} engine: where its invoker and bucket
 * are. {@code overtime deploy} writes each as a stack output of the same description, and the aws
 * engine reads them.
 *
 * <pre>
 * OVERTIME_INVOKER_FUNCTION          the invoker Lambda (name or ARN)
 * OVERTIME_INVOKER_FUNCTION_&lt;JOB&gt;    another invoker for one job (upper case, '-' as '_')
 * OVERTIME_BUCKET                    the stack's bucket, for payloads above the invoke limit
 * OVERTIME_S3_PREFIX                 the key prefix inside it (default "overtime/")
 * OVERTIME_LOG_GROUP                 the jobs' log group, for 'overtime logs' (output LogGroupName)
 * </pre>
 */
public final class ClientEnvironment {
  /** The default invoker function. */
  public static final String INVOKER_FUNCTION = "OVERTIME_INVOKER_FUNCTION";

  /** The stack's bucket: the same bucket and variable as the invoker's own. */
  public static final String BUCKET = InvokerEnvironment.BUCKET;

  /** The key prefix inside the bucket: the same as the invoker's own. */
  public static final String S3_PREFIX = InvokerEnvironment.S3_PREFIX;

  /** The jobs' CloudWatch Logs group (stack output {@code LogGroupName}), read by the tools. */
  public static final String LOG_GROUP = "OVERTIME_LOG_GROUP";

  private ClientEnvironment() {}
}
