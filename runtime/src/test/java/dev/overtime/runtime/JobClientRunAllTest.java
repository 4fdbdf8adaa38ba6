package dev.overtime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.internal.JobDescriptors;
import dev.overtime.runtime.spi.SubmitRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code runAll}: items checked before the engine sees any; the SPI's default submits in order. */
class JobClientRunAllTest {
  public record Order(String id) {}

  static final JobDescriptor<Order, String> ORDER =
      JobDescriptors.builder("order", Order.class, JobType.of(String.class))
          .handlerClass("x.Order")
          .build();

  /** An engine without a batch submit of its own, recording what it is asked. */
  static final class RecordingEngine implements Engine {
    final List<SubmitRequest> submitted = new ArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public RunRecord submit(SubmitRequest request) {
      submitted.add(request);
      return new RunRecord(
          "R" + submitted.size(),
          request.job().name(),
          RunStatus.QUEUED,
          1,
          Instant.EPOCH,
          null,
          null,
          null,
          null);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
      return Optional.empty();
    }

    @Override
    public RunRecord cancel(String job, String runId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  @Test
  void theDefaultBatchSubmitsEveryItemInOrderWithItsOptions() {
    RecordingEngine engine = new RecordingEngine();
    List<JobRun<String>> runs =
        JobClient.of(ORDER, engine)
            .runAll(
                List.of(new Order("a"), new Order("b")),
                order -> RunOptions.builder().tags("order:" + order.id()).build());

    assertEquals(List.of("R1", "R2"), runs.stream().map(JobRun::id).toList());
    assertEquals("{\"id\":\"b\"}", engine.submitted.get(1).payloadJson());
    assertEquals(List.of("order:b"), engine.submitted.get(1).options().tags());
  }

  @Test
  void aRefusedItemReachesNoEngineAndIsNamed() {
    RecordingEngine engine = new RecordingEngine();
    JobClient<Order, String> client = JobClient.of(ORDER, engine);

    InvalidBatchItemException tooLong =
        assertThrows(
            InvalidBatchItemException.class,
            () ->
                client.runAll(
                    List.of(new Order("a"), new Order("b"), new Order("c")),
                    order ->
                        order.id().equals("c")
                            ? RunOptions.builder().timeout(Duration.ofDays(400)).build()
                            : RunOptions.defaults()));
    assertEquals(2, tooLong.index());
    assertTrue(tooLong.getMessage().startsWith("runAll of job 'order': item 2 (of 3"));
    assertTrue(tooLong.getCause() instanceof IllegalArgumentException);

    assertEquals(
        0,
        assertThrows(
                InvalidBatchItemException.class, () -> client.runAll(Arrays.asList((Order) null)))
            .index());
    assertEquals(
        0,
        assertThrows(
                InvalidBatchItemException.class,
                () -> client.runAll(List.of(new Order("a"), new Order("b")), order -> null))
            .index());
    assertEquals(List.of(), engine.submitted, "the engine saw an item of a refused batch");
  }
}
