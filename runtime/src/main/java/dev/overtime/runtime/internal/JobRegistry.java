package dev.overtime.runtime.internal;

import java.util.List;

/**
 * The jobs of one compilation. The annotation processor generates one implementation per
 * compilation and lists it in {@code META-INF/services/dev.overtime.runtime.internal.JobRegistry},
 * so several modules with handlers on one classpath each contribute theirs.
 */
public interface JobRegistry {

  /** The jobs of this compilation, sorted by name. */
  List<JobBinding<?, ?>> jobs();

  /** The classpath resource of this compilation's manifest, under {@code META-INF/overtime/}. */
  String manifestResource();
}
