package dev.overtime.runtime.internal;

import dev.overtime.Job;
import dev.overtime.runtime.JobDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A job and how to construct its handler. Generated registries write {@code
 * JobBinding.all(Jobs.all(), this)}, their {@link JobHandlers} switch constructing each handler
 * with {@code new}; hand-written ones {@code JobBinding.of(Jobs.FACTORIAL, Factorial::new)}. No
 * reflection is involved.
 *
 * @param <P> the payload type
 * @param <R> the result type
 */
public final class JobBinding<P, R> {
  private final JobDescriptor<P, R> descriptor;
  private final Supplier<? extends Job<P, R>> handlerFactory;
  private final JobHandlers handlers;

  private JobBinding(
      JobDescriptor<P, R> descriptor,
      Supplier<? extends Job<P, R>> handlerFactory,
      JobHandlers handlers) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.handlerFactory = handlerFactory;
    this.handlers = handlers;
  }

  /** A job whose handler {@code handlerFactory} constructs. */
  public static <P, R> JobBinding<P, R> of(
      JobDescriptor<P, R> descriptor, Supplier<? extends Job<P, R>> handlerFactory) {
    return new JobBinding<>(
        descriptor, Objects.requireNonNull(handlerFactory, "handlerFactory"), null);
  }

  /**
   * The jobs of {@code descriptors}, whose handlers {@code handlers} constructs by job name, in the
   * same order.
   */
  public static List<JobBinding<?, ?>> all(
      List<JobDescriptor<?, ?>> descriptors, JobHandlers handlers) {
    Objects.requireNonNull(handlers, "handlers");
    List<JobBinding<?, ?>> bindings = new ArrayList<>(descriptors.size());
    for (JobDescriptor<?, ?> descriptor : descriptors) {
      bindings.add(new JobBinding<>(descriptor, null, handlers));
    }
    return List.copyOf(bindings);
  }

  public JobDescriptor<P, R> descriptor() {
    return descriptor;
  }

  /** A new handler instance, made with its public no-argument constructor. */
  @SuppressWarnings("unchecked") // the registry's switch constructs the handler of this very job
  public Job<P, R> newHandler() {
    return handlerFactory != null
        ? handlerFactory.get()
        : (Job<P, R>) handlers.newHandler(descriptor.name());
  }
}
