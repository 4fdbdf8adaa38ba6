package dev.overtime.aws.deploy;

/**
 * What deployment needs to know of one job, read from a manifest.
 *
 * @param name the job name
 * @param handlerClass the handler's class, for messages
 * @param cpuUnits CPU in ECS units, 1024 = 1 vCPU
 * @param memoryMib memory in MiB
 * @param timeoutSeconds the timeout of one attempt
 * @param retries retries after a failed attempt
 * @param manifest where it was read from, for messages
 */
public record DeployableJob(String name, String handlerClass, int cpuUnits, int memoryMib, long timeoutSeconds,
    int retries, String manifest) {}
