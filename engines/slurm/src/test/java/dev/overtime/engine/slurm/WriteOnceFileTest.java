package dev.overtime.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteOnceFileTest {
  @TempDir Path directory;

  @Test
  void exactlyOneOfManyRacingWritersWinsAndItsBytesAreWhatReadersSee() throws Exception {
    Path target = directory.resolve("final.properties");
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        byte[] bytes = ("writer=" + i + "\n").repeat(10_000).getBytes(StandardCharsets.UTF_8);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return WriteOnceFile.create(target, bytes);
                }));
      }
      go.countDown();
      int won = -1;
      for (int i = 0; i < writers; i++) {
        if (results.get(i).get()) {
          assertEquals(-1, won, "two writers won");
          won = i;
        }
      }
      assertTrue(won >= 0, "nobody won");
      assertArrayEquals(
          ("writer=" + won + "\n").repeat(10_000).getBytes(StandardCharsets.UTF_8),
          Files.readAllBytes(target));
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.list(directory)) {
      assertEquals(List.of(target), files.toList(), "no temporary file is left");
    }
  }

  @Test
  void aSecondCreateLeavesTheFirstFileAlone() throws Exception {
    Path target = directory.resolve("cancel.properties");
    assertTrue(WriteOnceFile.create(target, "first".getBytes(StandardCharsets.UTF_8)));
    assertFalse(WriteOnceFile.create(target, "second".getBytes(StandardCharsets.UTF_8)));
    assertEquals("first", Files.readString(target));
  }
}
