package dev.overtime.runtime.internal;

import dev.overtime.runtime.DuplicateJobException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All jobs on a classpath: the union of every generated {@link JobRegistry}. A job name defined by
 * two handlers is an error naming both classes.
 */
public final class JobCatalog {
  private final SortedMap<String, JobBinding<?, ?>> jobs;

  private JobCatalog(SortedMap<String, JobBinding<?, ?>> jobs) {
    this.jobs = Collections.unmodifiableSortedMap(jobs);
  }

  /** The jobs of every registry visible to {@code loader}. */
  public static JobCatalog load(ClassLoader loader) {
    return of(ServiceLoader.load(JobRegistry.class, loader));
  }

  /** The jobs of the given registries. */
  public static JobCatalog of(Iterable<JobRegistry> registries) {
    SortedMap<String, JobBinding<?, ?>> jobs = new TreeMap<>();
    for (JobRegistry registry : registries) {
      for (JobBinding<?, ?> binding : registry.jobs()) {
        JobBinding<?, ?> previous = jobs.putIfAbsent(binding.descriptor().name(), binding);
        if (previous != null) {
          throw new DuplicateJobException(
              binding.descriptor().name(),
              previous.descriptor().handlerClass(),
              binding.descriptor().handlerClass());
        }
      }
    }
    return new JobCatalog(jobs);
  }

  /** The job with this name. */
  public Optional<JobBinding<?, ?>> find(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  /** All jobs, sorted by name. */
  public List<JobBinding<?, ?>> all() {
    return List.copyOf(jobs.values());
  }

  /** The names of all jobs, sorted. */
  public List<String> names() {
    return List.copyOf(jobs.keySet());
  }
}
