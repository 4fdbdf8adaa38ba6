package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorLogRotationTest {
  @TempDir Path home;

  @Test
  void aLogOverTheLimitIsKeptAsDotOneAndASmallOneIsLeftAlone() throws Exception {
    Path log = home.resolve(Supervisor.LOG_FILE);
    Files.writeString(log, "small\n");
    SupervisorClient.rotateLog(log);
    assertEquals("small\n", Files.readString(log));

    Files.write(log, new byte[(int) SupervisorClient.LOG_ROTATE_BYTES + 1]);
    Files.writeString(home.resolve(Supervisor.LOG_FILE + ".1"), "older\n");
    SupervisorClient.rotateLog(log);
    assertFalse(Files.exists(log));
    assertEquals(
        SupervisorClient.LOG_ROTATE_BYTES + 1,
        Files.size(home.resolve(Supervisor.LOG_FILE + ".1")));

    SupervisorClient.rotateLog(home.resolve("no-such.log")); // nothing to do, no error
  }
}
