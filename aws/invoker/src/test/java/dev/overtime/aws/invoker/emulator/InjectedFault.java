package dev.overtime.aws.invoker.emulator;

/**
 * A failure the emulator answers instead of serving a request, to test retries.
 *
 * @param service {@code lambda}, {@code ecs} or {@code s3}
 * @param status the HTTP status, e.g. 429 or 500
 * @param errorCode the AWS error code, e.g. {@code TooManyRequestsException}
 */
public record InjectedFault(String service, int status, String errorCode) {}
