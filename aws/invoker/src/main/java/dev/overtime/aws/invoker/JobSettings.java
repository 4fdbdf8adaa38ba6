package dev.overtime.aws.invoker;

/**
 * What the invoker knows of one deployed job, read from {@code OVERTIME_JOBS} as
 * {@link dev.overtime.aws.protocol.InvokerEnvironment.Job}; kept as the invoker's own name for it.
 *
 * @param name the job name
 * @param timeoutSeconds the declared timeout of one attempt
 * @param retries how many times a failed attempt is retried
 */
record JobSettings(String name, long timeoutSeconds, int retries) {}
