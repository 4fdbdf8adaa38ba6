package dev.overtime.runtime.inline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.JobContext;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.RunProgress;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JobDescriptors;
import dev.overtime.runtime.internal.JobRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InlineProgressTest {
  public record Steps(int count, double bad) {}

  static final JobDescriptor<Steps, Void> STEPS =
      JobDescriptors.builder("steps", Steps.class, JobType.of(Void.class))
          .handlerClass("x.Steps")
          .build();

  private final InlineEngine engine =
      new InlineEngine(
          JobCatalog.of(
              List.of(
                  new JobRegistry() {
                    @Override
                    public List<JobBinding<?, ?>> jobs() {
                      return List.of(
                          JobBinding.of(
                              STEPS,
                              () ->
                                  (payload, context) -> {
                                    if (payload.bad() != 0) {
                                      context.progress(payload.bad(), "bad");
                                    }
                                    for (int i = 1; i <= payload.count(); i++) {
                                      context.progress(i / (double) payload.count(), "step " + i);
                                    }
                                    return null;
                                  }));
                    }

                    @Override
                    public String manifestResource() {
                      return "META-INF/overtime/progress-test.json";
                    }
                  })),
          null);

  private final JobClient<Steps, Void> client = JobClient.of(STEPS, engine);

  @Test
  void theRunCarriesTheLastProgressTheHandlerReported() {
    Instant before = Instant.now();
    JobRun<Void> run = client.run(new Steps(100_000, 0));

    RunProgress progress = run.progress().orElseThrow();
    assertEquals(1.0, progress.fraction());
    assertEquals("step 100000", progress.message());
    assertTrue(!progress.reportedAt().isBefore(before), progress.toString());
    assertEquals(progress, client.get(run.id()).progress().orElseThrow());
  }

  @Test
  void aRunThatReportsNothingHasNoProgress() {
    assertTrue(client.run(new Steps(0, 0)).progress().isEmpty());
  }

  @Test
  void aFractionOutsideZeroToOneFailsTheRunNamingTheValue() {
    JobRun<Void> run = client.run(new Steps(1, 1.5));

    assertEquals(RunStatus.FAILED, run.status());
    assertEquals(IllegalArgumentException.class.getName(), run.error().orElseThrow().type());
    assertTrue(run.error().orElseThrow().message().contains("was 1.5"), run.error().toString());
  }

  @Test
  void theDefaultMethodChecksTheFractionSoHandWrittenContextsNeedNoCode() {
    JobContext context =
        new JobContext() {
          public String runId() {
            return "r";
          }

          public String jobName() {
            return "j";
          }

          public int attempt() {
            return 1;
          }

          public Instant deadline() {
            return Instant.MAX;
          }

          public boolean isCancelled() {
            return false;
          }

          public void log(String message) {}
        };
    context.progress(0.5, null);
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> context.progress(Double.NaN, "x"));
    assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> context.progress(-0.1, "x"));
    assertTrue(negative.getMessage().contains("-0.1"), negative.getMessage());
  }
}
