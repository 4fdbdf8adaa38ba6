package dev.overtime.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressDocumentTest {
  private static final Instant AT = Instant.parse("2026-11-27T07:00:00.123Z");

  @Test
  void aReportReadsBackAsWritten() {
    ProgressDocument.Report report =
        new ProgressDocument.Report("R1", 2, 0.42, "frame \"42\" of 100", AT);

    assertEquals(report, ProgressDocument.read(ProgressDocument.write(report), "R1").orElseThrow());
  }

  @Test
  void theDocumentIsTheDocumentedJson() {
    assertEquals(
        "{\"runId\":\"R1\",\"attempt\":1,\"fraction\":0.5,\"message\":\"half\","
            + "\"reportedAt\":\"2026-11-27T07:00:00.123Z\"}",
        new String(
            ProgressDocument.write(new ProgressDocument.Report("R1", 1, 0.5, "half", AT)),
            StandardCharsets.UTF_8));
  }

  @Test
  void brokenForeignOrOutOfRangeDocumentsReadAsNoProgress() {
    byte[] other = ProgressDocument.write(new ProgressDocument.Report("R2", 1, 0.5, "", AT));
    assertTrue(ProgressDocument.read(other, "R1").isEmpty());
    for (String text :
        new String[] {
          "",
          "{\"runId\":\"R1\",\"attempt\":1,\"fraction\":0.5",
          "[]",
          "{\"runId\":\"R1\",\"attempt\":1,\"fraction\":1.5,\"reportedAt\":\"2026-11-27T07:00:00Z\"}",
          "{\"runId\":\"R1\",\"attempt\":1,\"fraction\":\"half\",\"reportedAt\":\"2026-11-27T07:00:00Z\"}",
          "{\"runId\":\"R1\",\"attempt\":1,\"fraction\":0.5,\"reportedAt\":\"yesterday\"}",
          "{\"runId\":\"R1\",\"fraction\":0.5,\"reportedAt\":\"2026-11-27T07:00:00Z\"}"
        }) {
      assertTrue(
          ProgressDocument.read(text.getBytes(StandardCharsets.UTF_8), "R1").isEmpty(), text);
    }
  }

  @Test
  void unknownFieldsAreSkippedSoANewerBootstrapMayAddSome() {
    String text =
        "{\"runId\":\"R1\",\"eta\":{\"s\":3},\"attempt\":1,\"fraction\":0,"
            + "\"reportedAt\":\"2026-11-27T07:00:00Z\"}";
    ProgressDocument.Report report =
        ProgressDocument.read(text.getBytes(StandardCharsets.UTF_8), "R1").orElseThrow();
    assertEquals(0.0, report.fraction());
    assertEquals("", report.message());
  }
}
