package dev.overtime.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overtime.runtime.DuplicateJobException;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobType;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobCatalogTest {
  public record Text(String value) {}

  private static JobRegistry registry(String job, String handler) {
    JobDescriptor<Text, String> descriptor =
        JobDescriptors.builder(job, Text.class, JobType.of(String.class))
            .handlerClass(handler)
            .build();
    return new JobRegistry() {
      @Override
      public List<JobBinding<?, ?>> jobs() {
        return List.of(JobBinding.of(descriptor, () -> (payload, context) -> payload.value()));
      }

      @Override
      public String manifestResource() {
        return "META-INF/overtime/" + handler + ".json";
      }
    };
  }

  @Test
  void aJobNameFromTwoRegistriesIsOneErrorNamingBothHandlersAndTheFix() {
    DuplicateJobException e =
        assertThrows(
            DuplicateJobException.class,
            () ->
                JobCatalog.of(
                    List.of(
                        registry("report", "com.alpha.Report"),
                        registry("report", "com.beta.Report"))));

    assertEquals(
        "[overtime.duplicate-name] Job 'report' is defined twice on the classpath: by"
            + " com.alpha.Report and by com.beta.Report. Rename one of them in its @JobHandler, or"
            + " remove one of the jars from the classpath.",
        e.getMessage());
    assertEquals("[" + DuplicateJobException.CODE + "] " + e.reason(), e.getMessage());
    assertEquals(
        List.of("report", "com.alpha.Report", "com.beta.Report"),
        List.of(e.job(), e.firstHandler(), e.secondHandler()));
  }

  @Test
  void distinctNamesFromTwoRegistriesAreAllFoundSorted() {
    JobCatalog catalog =
        JobCatalog.of(List.of(registry("zeta", "com.a.Zeta"), registry("alpha", "com.b.Alpha")));

    assertEquals(List.of("alpha", "zeta"), catalog.names());
  }
}
