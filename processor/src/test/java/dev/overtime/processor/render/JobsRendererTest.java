package dev.overtime.processor.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.processor.model.CompilationModel;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.model.JobResources;
import dev.overtime.processor.model.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering from plain model records, without javac. */
class JobsRendererTest {

  private static CompilationModel jobs(int count) {
    List<JobModel> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("job-%04d", i);
      jobs.add(
          new JobModel(
              name,
              String.format("JOB_%04d", i),
              String.format("job%04d", i),
              TypeRef.ClassType.of("com.example", "Handler" + i),
              "com.example.Handler" + i,
              TypeRef.ClassType.of("com.example", "Payload" + i),
              TypeRef.ClassType.of("java.lang", "String"),
              Map.of(),
              Map.of(),
              new JobResources(3600, "1 hour", 1024, "1 GB", 1024, "1 vCPU", 0)));
    }
    return new CompilationModel("com.example", jobs, true);
  }

  @Test
  void upTo500JobsDescriptorsAreBuiltInTheirFieldInitializers() {
    String source = JobsRenderer.render(jobs(JobsRenderer.INLINE_DESCRIPTORS_UP_TO)).toString();

    assertTrue(
        source.contains("JOB_0000 = JobDescriptors.builder(\"job-0000\""),
        source.substring(0, 2000));
    assertFalse(source.contains("descriptorOf"));
  }

  @Test
  void beyond500JobsEachDescriptorIsBuiltInItsOwnMethodToKeepTheStaticInitializerSmall() {
    String source = JobsRenderer.render(jobs(JobsRenderer.INLINE_DESCRIPTORS_UP_TO + 1)).toString();

    assertTrue(source.contains("JOB_0000 = descriptorOfJob0000();"), source.substring(0, 2000));
    assertTrue(
        source.contains(
            "private static JobDescriptor<Payload0, String> descriptorOfJob0000() {\n"
                + "    return JobDescriptors.builder(\"job-0000\""),
        source.substring(0, 4000));
  }
}
