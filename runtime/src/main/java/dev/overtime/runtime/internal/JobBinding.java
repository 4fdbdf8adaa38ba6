package dev.overtime.runtime.internal;

import dev.overtime.Job;
import dev.overtime.runtime.JobDescriptor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A job and how to construct its handler, as generated code writes it: {@code
 * JobBinding.of(Jobs.FACTORIAL, Factorial::new)}. No reflection is involved.
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
public final class JobBinding<P, R> {
  private final JobDescriptor<P, R> descriptor;
  private final Supplier<? extends Job<P, R>> handlerFactory;

  private JobBinding(JobDescriptor<P, R> descriptor, Supplier<? extends Job<P, R>> handlerFactory) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.handlerFactory = Objects.requireNonNull(handlerFactory, "handlerFactory");
  }

  public static <P, R> JobBinding<P, R> of(
      JobDescriptor<P, R> descriptor, Supplier<? extends Job<P, R>> handlerFactory) {
    return new JobBinding<>(descriptor, handlerFactory);
  }

  public JobDescriptor<P, R> descriptor() {
    return descriptor;
  }

  /** A new handler instance, made with its public no-argument constructor. */
  public Job<P, R> newHandler() {
    return handlerFactory.get();
  }
}
