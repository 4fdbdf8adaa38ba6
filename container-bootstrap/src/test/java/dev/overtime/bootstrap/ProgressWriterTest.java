package dev.overtime.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.contract.ProgressDocument;
import dev.overtime.contract.RunContract;
import dev.overtime.runtime.spi.BlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressWriterTest {
  private static final URI TARGET = URI.create("mem:/runs/R1/progress.json");

  /** Records every write with when it happened. */
  static final class RecordingStore implements BlobStore {
    record Write(long nanos, ProgressDocument.Report report) {}

    final List<Write> writes = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public String scheme() {
      return "mem";
    }

    @Override
    public byte[] read(URI uri) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void write(URI uri, byte[] bytes) throws IOException {
      if (failing) {
        throw new IOException("disk full");
      }
      writes.add(new Write(System.nanoTime(), ProgressDocument.read(bytes, "R1").orElseThrow()));
    }

    ProgressDocument.Report last() {
      return writes.get(writes.size() - 1).report();
    }
  }

  private final RecordingStore store = new RecordingStore();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ProgressWriter writer =
      new ProgressWriter(
          TARGET, store, "R1", 3, new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void aHotLoopIsWrittenAtMostEveryIntervalAndTheLastValueWins() {
    long start = System.nanoTime();
    long reports = 0;
    while (System.nanoTime() - start < Duration.ofMillis(1200).toNanos()) {
      reports++;
      writer.report((reports % 1000) / 1000.0, "step " + reports);
    }
    writer.report(1, "done");
    writer.flush();

    assertEquals(
        new ProgressDocument.Report("R1", 3, 1, "done", store.last().reportedAt()), store.last());
    long interval = Duration.ofMillis(RunContract.PROGRESS_INTERVAL_MILLIS).toNanos();
    // 1.2 s of reports: one write at once, then one per interval, then the flush.
    assertTrue(store.writes.size() <= 1 + 1200 / 250 + 1 + 1, store.writes.size() + " writes");
    assertTrue(reports > 1000, "the loop was not held up by writes: " + reports + " reports");
    for (int i = 1; i < store.writes.size() - 1; i++) {
      long gap = store.writes.get(i).nanos() - store.writes.get(i - 1).nanos();
      assertTrue(gap >= interval * 9 / 10, "writes " + (i - 1) + " and " + i + " " + gap + " ns");
    }
  }

  @Test
  void aReportIsStoredEvenWhenNoneFollowsIt() {
    writer.report(0.25, "a quarter");

    awaitTrue("the report stored", () -> store.writes.size() == 1);
    assertEquals(0.25, store.last().fraction());
    assertEquals("a quarter", store.last().message());
  }

  @Test
  void reportsAfterTheFlushAreDropped() {
    writer.report(0.5, "half");
    writer.flush();
    int written = store.writes.size();
    writer.report(0.75, "late");
    writer.flush();

    assertEquals(written, store.writes.size());
    assertEquals(0.5, store.last().fraction());
  }

  @Test
  void longMessagesAreCutToTheLimit() {
    writer.report(0.5, "x".repeat(1000));
    writer.flush();

    assertEquals(dev.overtime.JobContext.PROGRESS_MESSAGE_LIMIT, store.last().message().length());
  }

  @Test
  void aFailingStoreIsReportedOnceAndDoesNotStopTheJob() {
    store.failing = true;
    for (int i = 0; i < 3; i++) {
      writer.report(0.1 * i, "x");
      writer.flush();
    }
    ProgressWriter second =
        new ProgressWriter(
            TARGET, store, "R1", 1, new PrintStream(err, true, StandardCharsets.UTF_8));
    second.report(0.5, "y");
    awaitTrue(
        "the failure reported once per writer",
        () ->
            err.toString(StandardCharsets.UTF_8).split("could not store the progress", -1).length
                == 3);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("disk full"));
  }

  /** Waits up to 5 s for {@code done} (this module cannot use overtime-testing: it is below it). */
  private static void awaitTrue(String what, java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
