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
              new JobResources(3600, "1 hour", 1024, "1 GB", 1024, "1 vCPU", 0),
              List.of()));
    }
    return new CompilationModel("com.example", jobs, true);
  }

  @Test
  void upTo1200JobsDescriptorsAreConstructorCallsInTheirFieldInitializers() {
    String source = JobsRenderer.render(jobs(JobsRenderer.INLINE_DESCRIPTORS_UP_TO)).toString();

    assertTrue(
        source
            .replaceAll("\\s+", " ")
            .contains(
                "JOB_0000 = new JobDescriptor<Payload0, String>(\"job-0000\", JobsJson.PAYLOAD0,"
                    + " JobsJson.STRING, \"com.example.Handler0\", Duration.ofSeconds(3600L), 1024,"
                    + " 1024, 0);"),
        source.substring(0, 2000));
    assertFalse(source.contains("descriptorOf"));
  }

  @Test
  void beyond1200JobsEachDescriptorIsBuiltInItsOwnMethodToKeepTheStaticInitializerSmall() {
    String source = JobsRenderer.render(jobs(JobsRenderer.INLINE_DESCRIPTORS_UP_TO + 1)).toString();

    assertTrue(source.contains("JOB_0000 = descriptorOfJob0000();"), source.substring(0, 2000));
    assertTrue(
        source.contains(
            "private static JobDescriptor<Payload0, String> descriptorOfJob0000() {\n"
                + "    return new JobDescriptor<Payload0, String>(\"job-0000\""),
        source.substring(0, 4000));
  }
}
