package dev.overtime.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeDocumentTest {
  private static final Instant AT = Instant.parse("2026-11-27T07:00:00.123Z");

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSuccessKeepsTheDocumentedShapeAndItsResultVerbatim() {
    RunOutcome outcome =
        new RunOutcome(
            "R1",
            "factorial",
            1,
            Ending.SUCCEEDED,
            "{\"big\":2432902008176640000," + "\"list\":[1,\"two\",null]}",
            null,
            false,
            AT);
    String json = new String(OutcomeDocument.write(outcome), StandardCharsets.UTF_8);
    assertEquals(
        "{\"runId\":\"R1\",\"job\":\"factorial\",\"attempt\":1,\"status\":\"SUCCEEDED\","
            + "\"result\":{\"big\":2432902008176640000,\"list\":[1,\"two\",null]},\"error\":null,\"retryable\":false,"
            + "\"finishedAt\":\"2026-11-27T07:00:00.123Z\"}",
        json);
    assertEquals(outcome, OutcomeDocument.read(utf8(json)));
  }

  @Test
  void aFailureRoundTrips() {
    RunOutcome outcome =
        new RunOutcome(
            "R1",
            "j",
            2,
            Ending.FAILED,
            null,
            new AttemptError("java.lang.IllegalStateException", "\"quoted\"\nline"),
            true,
            AT);
    assertEquals(outcome, OutcomeDocument.read(OutcomeDocument.write(outcome)));
  }

  @Test
  void aVoidResultIsJsonNull() {
    RunOutcome outcome = new RunOutcome("R1", "j", 1, Ending.SUCCEEDED, null, null, false, AT);
    assertEquals("null", OutcomeDocument.read(OutcomeDocument.write(outcome)).resultJson());
  }

  @Test
  void unknownFieldsOfANewerBootstrapAreSkipped() {
    RunOutcome read =
        OutcomeDocument.read(
            utf8(
                "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":1,\"status\":"
                    + "\"SUCCEEDED\",\"result\":5,\"extra\":{\"a\":[1]},\"error\":null,\"retryable\":false,\"finishedAt\":"
                    + "\"2026-11-27T07:00:00Z\"}"));
    assertEquals("5", read.resultJson());
  }

  @Test
  void aMalformedResultIsRefusedByTheWriter() {
    assertThrows(
        RuntimeException.class,
        () ->
            OutcomeDocument.write(
                new RunOutcome("R1", "j", 1, Ending.SUCCEEDED, "{\"a\":", null, false, AT)));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[]                                                                                  | not"
            + " a JSON object",
        "{\"runId\":\"R1\"                                                                   | not"
            + " valid JSON",
        "{\"job\":\"j\",\"attempt\":1,\"status\":\"FAILED\",\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\",\"error\":{\"type\":\"x\",\"message\":\"\"}}"
            + " | no field 'runId'",
        "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":\"1\",\"status\":\"FAILED\",\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\"}"
            + " | field 'attempt' of the document is a string",
        "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":1,\"status\":\"DONE\",\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\"}"
            + " | field 'status' of the outcome document is 'DONE'",
        "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":1,\"status\":\"FAILED\",\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\",\"error\":null}"
            + " | needs its error",
        "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":1,\"status\":\"FAILED\",\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\",\"error\":{\"message\":\"m\"}}"
            + " | has no 'type'",
        "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":1,\"status\":\"SUCCEEDED\",\"retryable\":false,\"finishedAt\":\"yesterday\",\"result\":1}"
            + " | field 'finishedAt' of the outcome document is 'yesterday'",
        "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":1,\"status\":\"SUCCEEDED\",\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\"}"
            + " | has no field 'result'",
        "{\"runId\":\"R1\",\"job\":\"j\",\"attempt\":1,\"status\":\"LOST\",\"retryable\":false,\"finishedAt\":\"2026-11-27T07:00:00Z\",\"error\":{\"type\":\"x\"}}"
            + " | LOST is decided by an engine"
      })
  void aBrokenDocumentIsAnErrorSayingWhatIsWrong(String document, String expected) {
    OutcomeDocumentException e =
        assertThrows(OutcomeDocumentException.class, () -> OutcomeDocument.read(utf8(document)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void aBeganDocumentNamesItsAttempt() {
    byte[] began = BeganDocument.write("R1", 2, AT);
    assertTrue(BeganDocument.isOf(began, "R1", 2));
    assertFalse(BeganDocument.isOf(began, "R1", 1));
    assertThrows(OutcomeDocumentException.class, () -> BeganDocument.isOf(utf8("{}"), "R1", 1));
  }

  @Test
  void everyErrorCodeIsAnOvertimeIdWithAMeaning() {
    for (ErrorCode code : ErrorCode.values()) {
      assertTrue(code.id().matches("overtime\\.[a-z]+(-[a-z]+)*"), code.id());
      assertFalse(code.meaning().isBlank(), code.name());
    }
  }
}
