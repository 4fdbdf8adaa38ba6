package dev.overtime.tests.local.jobs;

import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobDescriptors;
import dev.overtime.runtime.internal.JobRegistry;
import java.util.List;

/**
 * A second registry defining {@code local-greet} again, with another handler class. It is not
 * listed in this module's services file; a test adds a services file naming it to a child's class
 * path.
 */
public final class DuplicateRegistry implements JobRegistry {
  static final JobDescriptor<Greeting, String> LOCAL_GREET_AGAIN =
      JobDescriptors.builder("local-greet", Greeting.class, JobType.of(String.class))
          .handlerClass("com.example.other.Greet")
          .build();

  @Override
  public List<JobBinding<?, ?>> jobs() {
    return List.of(JobBinding.of(LOCAL_GREET_AGAIN, Greet::new));
  }

  @Override
  public String manifestResource() {
    return "META-INF/overtime/com.example.other.json";
  }
}
