package dev.overtime.runtime.inline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.NonRetryableException;
import dev.overtime.contract.RunIds;
import dev.overtime.runtime.Engines;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobDescriptor;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.JobType;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JobDescriptors;
import dev.overtime.runtime.internal.JobRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InlineEngineTest {
  public record Order(String id, Optional<String> note, Instant at) {}

  public record Receipt(String orderId, int attempt, boolean noted) {}

  static final AtomicInteger CALLS = new AtomicInteger();

  static final JobDescriptor<Order, Receipt> RECEIPT =
      JobDescriptors.builder("receipt", Order.class, JobType.of(Receipt.class))
          .handlerClass("x.Receipt")
          .retries(2)
          .build();

  /** A result that cannot be written as JSON: reading its component throws. */
  public record Broken(String value) {
    @Override
    public String value() {
      throw new IllegalStateException("not readable");
    }
  }

  static final JobDescriptor<Order, Broken> OPAQUE =
      JobDescriptors.builder("opaque", Order.class, JobType.of(Broken.class))
          .handlerClass("x.Opaque")
          .retries(2)
          .build();

  static final AtomicInteger OPAQUE_CALLS = new AtomicInteger();

  static final JobDescriptor<Order, Receipt> UNREGISTERED =
      JobDescriptors.builder("unregistered", Order.class, JobType.of(Receipt.class))
          .handlerClass("x.Other")
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
                              RECEIPT,
                              () ->
                                  (payload, context) -> {
                                    CALLS.incrementAndGet();
                                    if (payload.id().startsWith("flaky") && context.attempt() < 3) {
                                      throw new IllegalStateException("try again");
                                    }
                                    if (payload.id().equals("missing")) {
                                      throw new NonRetryableException("no such order");
                                    }
                                    return new Receipt(
                                        payload.id(),
                                        context.attempt(),
                                        payload.note().isPresent());
                                  }),
                          JobBinding.of(
                              OPAQUE,
                              () ->
                                  (payload, context) -> {
                                    OPAQUE_CALLS.incrementAndGet();
                                    return new Broken("x");
                                  }));
                    }

                    @Override
                    public String manifestResource() {
                      return "META-INF/overtime/test.json";
                    }
                  })),
          null);

  private final JobClient<Order, Receipt> client = JobClient.of(RECEIPT, engine);

  @Test
  void aStartTimeOrTimeToLiveIsRefusedAndNothingRuns() {
    int before = CALLS.get();
    UnsupportedOperationException refused =
        assertThrows(
            UnsupportedOperationException.class,
            () ->
                client.run(
                    new Order("later", Optional.empty(), Instant.EPOCH),
                    dev.overtime.runtime.RunOptions.builder()
                        .startAfter(java.time.Duration.ofMinutes(1))
                        .build()));
    assertTrue(refused.getMessage().contains("inline engine"), refused.getMessage());
    assertEquals(before, CALLS.get());
  }

  @Test
  void runEndsBeforeItReturnsWithTheDecodedResult() {
    JobRun<Receipt> run = client.run(new Order("o1", Optional.of("gift"), Instant.EPOCH));

    assertEquals(RunStatus.SUCCEEDED, run.status());
    assertEquals(new Receipt("o1", 1, true), run.result());
    assertEquals(run.id(), client.get(run.id()).id());
  }

  @Test
  void failuresAreRetriedAtOnceUntilTheJobSucceeds() {
    JobRun<Receipt> run = client.run(new Order("flaky-1", Optional.empty(), Instant.EPOCH));

    assertEquals(new Receipt("flaky-1", 3, false), run.result());
    assertEquals(3, run.attempt());
  }

  @Test
  void nonRetryableFailureEndsTheRunAtOnce() {
    int before = CALLS.get();
    JobRun<Receipt> run = client.run(new Order("missing", Optional.empty(), Instant.EPOCH));

    assertEquals(RunStatus.FAILED, run.status());
    assertEquals("no such order", run.error().orElseThrow().message());
    assertEquals(before + 1, CALLS.get());
  }

  @Test
  void idempotencyKeyReturnsTheFirstRun() {
    RunOptions options = RunOptions.builder().idempotencyKey("k").build();
    JobRun<Receipt> first = client.run(new Order("a", Optional.empty(), Instant.EPOCH), options);
    JobRun<Receipt> second = client.run(new Order("b", Optional.empty(), Instant.EPOCH), options);

    assertEquals(first.id(), second.id());
    assertEquals("a", second.result().orderId());
  }

  @Test
  void jobWithoutARegistryIsAClearError() {
    OvertimeException e =
        assertThrows(
            OvertimeException.class,
            () ->
                JobClient.of(UNREGISTERED, engine)
                    .run(new Order("a", Optional.empty(), Instant.EPOCH)));
    assertTrue(e.getMessage().contains("overtime-processor"), e.getMessage());
  }

  @Test
  void inlineAndLocalEnginesAreFoundByName() {
    assertInstanceOf(InlineEngine.class, Engines.create("inline", Map.of()));
  }

  @Test
  void aResultThatCannotBeEncodedFailsOnceAsTheBootstrapReportsIt() {
    int before = OPAQUE_CALLS.get();
    JobRun<Broken> run =
        JobClient.of(OPAQUE, engine).run(new Order("o-1", Optional.empty(), Instant.now()));
    assertEquals(RunStatus.FAILED, run.status());
    assertEquals("overtime.result-not-encodable", run.error().orElseThrow().type());
    assertEquals(1, OPAQUE_CALLS.get() - before, "not retried: the handler did its work");
  }

  @Test
  void inlineRunIdsAreRunIdsLikeEveryEngines() {
    JobRun<Receipt> run = client.run(new Order("ok-2", Optional.empty(), Instant.now()));
    assertTrue(RunIds.isWellFormed(run.id()), run.id());
  }
}
