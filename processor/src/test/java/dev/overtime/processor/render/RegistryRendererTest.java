package dev.overtime.processor.render;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.overtime.processor.model.CompilationModel;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.model.JobResources;
import dev.overtime.processor.model.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of {@code JobsRegistry}, rendered from plain model records. */
class RegistryRendererTest {
  /**
   * {@code count} jobs, all handled by {@code com.example.Handler} (the switch is what matters).
   */
  private static CompilationModel jobs(int count) {
    List<JobModel> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(
          new JobModel(
              String.format("job-%04d", i),
              String.format("JOB_%04d", i),
              String.format("job%04d", i),
              TypeRef.ClassType.of("com.example", "Handler"),
              "com.example.Handler",
              TypeRef.ClassType.of("com.example", "Payload"),
              TypeRef.ClassType.of("java.lang", "String"),
              Map.of(),
              Map.of(),
              new JobResources(3600, "1 hour", 1024, "1 GB", 1024, "1 vCPU", 0),
              List.of()));
    }
    return new CompilationModel("com.example", jobs, true);
  }

  private static Compilation compile(String registry) {
    return javac()
        .compile(
            JavaFileObjects.forSourceString("com.example.JobsRegistry", registry),
            JavaFileObjects.forSourceString(
                "com.example.Payload", "package com.example; public record Payload(int n) {}"),
            JavaFileObjects.forSourceString(
                "com.example.Handler",
                "package com.example; public final class Handler implements"
                    + " dev.overtime.Job<Payload, String> { public String run(Payload p,"
                    + " dev.overtime.JobContext c) { return \"\"; } }"),
            JavaFileObjects.forSourceString(
                "com.example.Jobs",
                "package com.example; public final class Jobs { public static"
                    + " java.util.List<dev.overtime.runtime.JobDescriptor<?, ?>> all() { return"
                    + " java.util.List.of(); } }"));
  }

  @Test
  void upToAThousandJobsTheHandlersAreOneSwitch() {
    String source = RegistryRenderer.render(jobs(RegistryRenderer.HANDLERS_PER_METHOD)).toString();

    assertTrue(source.contains("case \"job-0999\":\n        return new Handler();"), source);
    assertFalse(source.contains("newHandler0"), "one method");
    assertThat(compile(source)).succeeded();
  }

  @Test
  void twoThousandFiveHundredJobsCompileInSlicesOfAThousand() {
    // One switch over 2,000 jobs was over javac's 64 KB per method: "code too large".
    String source = RegistryRenderer.render(jobs(2500)).toString();

    assertTrue(
        source.contains("if ((handler = newHandler0(job)) != null) {"), source.substring(0, 2000));
    assertTrue(source.contains("private static Job<?, ?> newHandler2(String job) {"));
    assertFalse(source.contains("newHandler3"));
    assertTrue(source.contains("case \"job-2499\":"));
    assertTrue(
        source.contains(
            "throw new IllegalArgumentException(\"No job '\" + job + \"' in"
                + " com.example.JobsRegistry\");"));
    assertThat(compile(source)).succeeded();
  }
}
