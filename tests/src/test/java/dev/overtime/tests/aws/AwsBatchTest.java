package dev.overtime.tests.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.engine.aws.AwsEngine;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.internal.JsonCodec;
import dev.overtime.tests.aws.jobs.AwsTestJobs;
import dev.overtime.tests.aws.jobs.Text;
import dev.overtime.tests.aws.jobs.TextStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runAll} on AWS: one invoker call carries the batch; runs keep their tags. */
class AwsBatchTest {
  private static final Duration AWAIT = Duration.ofSeconds(60);

  @TempDir Path work;
  private AwsPath path;
  private AwsEngine engine;

  @BeforeEach
  void start() throws Exception {
    path = new AwsPath(work);
    engine = path.engine();
  }

  @AfterEach
  void stop() {
    engine.close();
    path.close();
  }

  @Test
  void runAllIsOneInvocationAndEveryRunSucceedsWithItsTags() throws Exception {
    JobClient<Text, TextStats> client = JobClient.of(AwsTestJobs.AWS_MEASURE, engine);

    List<JobRun<TextStats>> runs =
        client.runAll(
            List.of(new Text("a"), new Text("bb"), new Text("ccc")),
            RunOptions.builder().tags("batch:aws").build());

    assertEquals(1, path.aws.requests("lambda").size(), "one invoker call for the batch");
    JsonNode request = JsonCodec.shared().readTree(path.aws.requests("lambda").get(0).body());
    assertEquals("batch", request.path("action").asText());
    assertEquals(3, request.path("items").size());
    for (int i = 0; i < 3; i++) {
      TextStats stats = client.get(runs.get(i).id()).await(AWAIT).result();
      assertEquals(i + 1, stats.length(), path.taskLogText());
      assertEquals(List.of("batch:aws"), client.get(runs.get(i).id()).details().tags());
    }
  }
}
