package dev.overtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as the handler of a job. The Overtime annotation processor turns every handler into
 * a typed client method on the generated {@code Jobs} class, an entry in the registry that the
 * container entrypoint uses, and an entry in the deployment manifest.
 *
 * <pre>{@code
 * @JobHandler(value = "factorial", timeout = "1 hour", memory = "7 GB")
 * public final class Factorial implements Job<FactorialPayload, BigInteger> {
 *   public BigInteger run(FactorialPayload payload, JobContext context) { ... }
 * }
 * }</pre>
 *
 * <p>The handler must be a public, concrete, top-level or static nested class with a public
 * no-argument constructor, and must implement {@link Job} with a public record as payload type. All
 * values are checked at compile time; a bad value is a javac error on that value.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface JobHandler {

  /**
   * The job name: lowercase letters and digits, single hyphens between them, starting with a
   * letter, at most 64 characters ({@code [a-z][a-z0-9]*(-[a-z0-9]+)*}). It names the client method
   * on {@code Jobs} in lowerCamelCase: {@code "video-transcode"} becomes {@code videoTranscode()}.
   */
  String value();

  /**
   * How long one attempt may run before it is stopped and marked {@code TIMED_OUT}: a positive
   * whole number and a unit, {@code "30 seconds"}, {@code "90 minutes"}, {@code "8 hours"}, {@code
   * "2 days"} (singular units are accepted too). From 1 second to 30 days. Default 8 hours.
   */
  String timeout() default "8 hours";

  /**
   * Memory for one run: a positive number and {@code MB} or {@code GB} (1 GB = 1024 MB), for
   * example {@code "512 MB"}, {@code "7 GB"}, {@code "0.5 GB"}. From 128 MB to 120 GB. Default 2
   * GB. The local engine applies it as the child JVM's maximum heap; on AWS the task gets the
   * smallest Fargate size holding both this and {@link #cpu()} (docs/aws.md, "Fargate sizes").
   */
  String memory() default "2 GB";

  /**
   * CPU for one run: a positive number and {@code vCPU}, for example {@code "0.25 vCPU"}, {@code "4
   * vCPU"}. From 0.25 to 16 vCPU, in steps of 1/1024 vCPU. Default 1 vCPU. On AWS it is rounded up
   * to a Fargate size ({@code "3 vCPU"} runs on 4 vCPU, see {@link #memory()}); the local engine
   * does not limit CPU.
   */
  String cpu() default "1 vCPU";

  /**
   * How many times a failed attempt is retried, with exponential backoff and jitter; from 0 to 10.
   * Default 0. A job that throws {@link NonRetryableException} is not retried.
   */
  int retries() default 0;

  /**
   * How many runs of this job may run at once on one engine home (every client of a local home,
   * every caller of an AWS deployment), under the engine's own limit; further runs wait in the
   * queue, and runs of other jobs start past them. From 1 to 1000; omit it (the default, 0) for no
   * per-job limit. For example {@code concurrency = 1} runs the job's runs one at a time.
   */
  int concurrency() default 0;
}
