package dev.overtime.tests.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.LocalEngine;
import dev.overtime.runtime.InvalidBatchItemException;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunStatus;
import dev.overtime.tests.fixtures.Jobs;
import dev.overtime.tests.local.jobs.Greeting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code runAll} on the local engine: one transaction, handles in order, idempotency per item. */
@Timeout(120)
class LocalBatchTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;
  private LocalEngine engine;
  private JobClient<Greeting, String> greet;

  @BeforeEach
  void openEngine() {
    engine = LocalEngine.builder().home(home).concurrency(2).console(null).build();
    greet = Jobs.localGreet(engine);
  }

  @AfterEach
  void closeEngine() {
    engine.close();
    ChildProcesses.killDescendants();
  }

  @Test
  void aBatchRunsEveryItemAndReturnsTheHandlesInOrderWithTheirTags() {
    List<JobRun<String>> runs =
        greet.runAll(
            List.of(new Greeting("Ada", 1), new Greeting("Bob", 2), new Greeting("Cy", 1)),
            RunOptions.builder().tags("batch:1", "greeting").build());

    assertEquals(3, runs.size());
    assertEquals("Hello, Ada!", runs.get(0).await(WAIT).result());
    assertEquals("Hello, Bob! Hello, Bob!", runs.get(1).await(WAIT).result());
    assertEquals("Hello, Cy!", runs.get(2).await(WAIT).result());
    assertEquals(List.of("batch:1", "greeting"), greet.get(runs.get(1).id()).details().tags());
    assertEquals(
        List.of(runs.get(2).id(), runs.get(1).id(), runs.get(0).id()),
        engine.list(null, null, "batch:1", 10).stream().map(r -> r.id()).toList());
  }

  @Test
  void anItemWithABadOptionRefusesTheWholeBatchNamingTheItem() {
    InvalidBatchItemException refused =
        assertThrows(
            InvalidBatchItemException.class,
            () ->
                greet.runAll(
                    List.of(new Greeting("Ada", 1), new Greeting("Bob", 1)),
                    payload ->
                        payload.name().equals("Bob")
                            ? RunOptions.builder().timeout(Duration.ofHours(1)).build()
                            : RunOptions.defaults()));

    assertEquals(1, refused.index());
    assertTrue(refused.getMessage().contains("item 1 (of 2"), refused.getMessage());
    assertTrue(refused.getMessage().contains("none of the batch was recorded"));
    assertEquals(List.of(), engine.list(null, null, 10), "a run of the refused batch exists");

    InvalidBatchItemException nullItem =
        assertThrows(
            InvalidBatchItemException.class,
            () -> greet.runAll(Arrays.asList(new Greeting("Ada", 1), null)));
    assertEquals(1, nullItem.index());
    assertEquals(List.of(), engine.list(null, null, 10));
  }

  @Test
  void idempotencyHoldsPerItemAndTwoItemsWithOneKeyAreOneRun() {
    JobRun<String> earlier =
        greet.run(new Greeting("Old", 1), RunOptions.builder().idempotencyKey("old").build());

    List<JobRun<String>> runs =
        greet.runAll(
            List.of(new Greeting("Old", 1), new Greeting("New", 1), new Greeting("New", 1)),
            payload -> RunOptions.builder().idempotencyKey(payload.name().toLowerCase()).build());

    assertEquals(earlier.id(), runs.get(0).id());
    assertEquals(runs.get(1).id(), runs.get(2).id());
    assertEquals(2, engine.list(null, null, 10).size());
    assertEquals(RunStatus.SUCCEEDED, runs.get(2).await(WAIT).status());

    IllegalArgumentException shared =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                greet.runAll(
                    List.of(new Greeting("A", 1)),
                    RunOptions.builder().idempotencyKey("one").build()));
    assertTrue(shared.getMessage().contains("give each item its own"), shared.getMessage());
    assertEquals(List.of(), greet.runAll(List.of()));
  }
}
