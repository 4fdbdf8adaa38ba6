package dev.overtime.aws.invoker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.overtime.aws.invoker.emulator.AwsEmulator;
import dev.overtime.contract.Began;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunStoreTest {
  private static final String BUCKET = "overtime-test-bucket";

  @Test
  void aRunRecordOfAnOlderInvokerReadsAsNoFailedStartsAndNoBeganDocumentAskedFor()
      throws Exception {
    try (AwsEmulator aws = AwsEmulator.start()) {
      aws.s3()
          .put(
              BUCKET,
              "overtime/runs/R1/run.json",
              ("{\"runId\":\"R1\",\"job\":\"echo\",\"createdAt\":"
                   + "\"2026-11-27T07:00:00Z\",\"timeoutSeconds\":600,\"payload\":\"{}\",\"attempt\":1,\"taskArn\":\"arn:t\","
                   + "\"deadline\":\"2026-11-27T07:10:00Z\"}")
                  .getBytes(StandardCharsets.UTF_8));
      RunStore store = new RunStore(aws.s3Client(), BUCKET, "overtime/");

      StoredRun run = store.load("R1").orElseThrow();

      assertEquals(0, run.failedStarts());
      assertFalse(run.marksBegan());
      assertEquals(
          Began.UNKNOWN, store.began(run), "its task was never asked for a began document");
    }
  }
}
