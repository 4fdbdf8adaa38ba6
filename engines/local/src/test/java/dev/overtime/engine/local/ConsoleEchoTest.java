package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console echo of runs' logs. */
class ConsoleEchoTest {
  @TempDir Path directory;

  /**
   * {@code await} finishes the run's echo when it sees the run ended; the echo timer may have seen
   * it first and be printing the last lines right then. {@code await} must not return (and the
   * application print its own lines, or exit) before they are printed.
   */
  @Test
  void finishReturnsOnlyOnceTheLastLinesArePrintedEvenWhileAnotherThreadPrintsThem()
      throws Exception {
    Path log = directory.resolve("run.log");
    Files.writeString(log, "working\n[overtime] run ended SUCCEEDED\n", StandardCharsets.UTF_8);
    CountDownLatch printing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    OutputStream slowConsole =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            if (Thread.currentThread().getName().equals("echo-timer")) {
              printing.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            synchronized (printed) {
              printed.write(bytes, offset, length);
            }
          }
        };
    ConsoleEcho echo = new ConsoleEcho(new PrintStream(slowConsole, true, StandardCharsets.UTF_8));
    echo.follow("r1", "job", log, 0);

    Thread timer = new Thread(() -> echo.finish("r1"), "echo-timer");
    timer.start();
    assertTrue(printing.await(30, TimeUnit.SECONDS), "the timer thread prints");
    AtomicReference<String> seenByAwait = new AtomicReference<>();
    Thread await =
        new Thread(
            () -> {
              echo.finish("r1");
              synchronized (printed) {
                seenByAwait.set(printed.toString(StandardCharsets.UTF_8));
              }
            },
            "await");
    await.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (await.getState() != Thread.State.BLOCKED
        && await.getState() != Thread.State.TERMINATED
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    release.countDown();
    timer.join(30_000);
    await.join(30_000);

    assertEquals(
        List.of("[job r1] working", "[job r1] [overtime] run ended SUCCEEDED"),
        seenByAwait.get().lines().toList(),
        "what the console held when finish returned on the awaiting thread");
  }

  @Test
  void aFinishedRunIsNotPrintedAgain() throws Exception {
    Path log = directory.resolve("run.log");
    Files.writeString(log, "one\n", StandardCharsets.UTF_8);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ConsoleEcho echo = new ConsoleEcho(new PrintStream(printed, true, StandardCharsets.UTF_8));
    echo.follow("r1", "job", log, 0);

    echo.finish("r1");
    echo.finish("r1");
    echo.poll();

    assertEquals(
        List.of("[job r1] one"), printed.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
