package dev.overtime.processor.model;

import dev.overtime.contract.RunContract;
import java.util.Comparator;
import java.util.List;

/**
 * The jobs of one compilation and where their generated code goes.
 *
 * @param packageName the package of {@code Jobs} and {@code JobsRegistry}
 * @param jobs the jobs, sorted by name
 * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} is available
 */
public record CompilationModel(
    String packageName, List<JobModel> jobs, boolean generatedAnnotation) {
  public static final String PROCESSOR = "dev.overtime.processor.JobHandlerProcessor";
  public static final String ENTRYPOINT = RunContract.BOOTSTRAP_MAIN_CLASS;
  public static final int MANIFEST_FORMAT_VERSION = 1;

  public CompilationModel {
    jobs = jobs.stream().sorted(Comparator.comparing(JobModel::name)).toList();
  }

  public TypeRef.ClassType jobsClass() {
    return TypeRef.ClassType.of(packageName, "Jobs");
  }

  public TypeRef.ClassType registryClass() {
    return TypeRef.ClassType.of(packageName, "JobsRegistry");
  }

  /** The classpath resource of the manifest, e.g. {@code META-INF/overtime/com.example.json}. */
  public String manifestResource() {
    return "META-INF/overtime/" + packageName + ".json";
  }
}
