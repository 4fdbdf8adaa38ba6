package dev.overtime.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractStreamTest {
  @Test
  void valuesWithNewlinesBackslashesAndUnicodeSurviveTheTrip() throws IOException {
    Map<String, String> contract = new LinkedHashMap<>();
    contract.put(RunContract.JOB, "factorial");
    contract.put(RunContract.PAYLOAD, "{\n  \"text\": \"a\\\\b\\nc\\r\",\r\n  \"é\": \"=\"\n}");
    contract.put(RunContract.RUN_ID, "");
    assertEquals(
        contract, ContractStream.read(new ByteArrayInputStream(ContractStream.write(contract))));
  }

  @Test
  void theWireFormatIsOneEscapedLinePerVariableAfterAHeader() {
    String text =
        new String(
            ContractStream.write(Map.of(RunContract.PAYLOAD, "{\"a\":\n\"\\\"}")),
            StandardCharsets.UTF_8);
    assertEquals("overtime-run-contract 1\nOVERTIME_PAYLOAD={\"a\":\\n\"\\\\\"}\n\n", text);
  }

  @Test
  void aStreamThatEndsBeforeAnyByteMeansNoRun() throws IOException {
    assertNull(ContractStream.read(new ByteArrayInputStream(new byte[0])));
  }

  @Test
  void aStreamCutShortIsAnError() {
    byte[] whole = ContractStream.write(Map.of(RunContract.JOB, "factorial"));
    byte[] cut = Arrays.copyOf(whole, whole.length - 1);
    ContractStreamException error =
        assertThrows(
            ContractStreamException.class,
            () -> ContractStream.read(new ByteArrayInputStream(cut)));
    assertTrue(error.getMessage().contains("before its closing empty line"), error.getMessage());
  }

  @Test
  void malformedInputIsRefusedWithAReason() {
    assertTrue(readFails("hello\n\n").contains("must start with 'overtime-run-contract 1'"));
    assertTrue(readFails("overtime-run-contract 1\nPATH=/bin\n\n").contains("line 2"));
    assertTrue(
        readFails("overtime-run-contract 1\nOVERTIME_JOB=a\\tb\n\n")
            .contains("OVERTIME_JOB has a backslash"));
    assertThrows(
        IllegalArgumentException.class, () -> ContractStream.write(Map.of("HOME", "/root")));
  }

  private static String readFails(String text) {
    return assertThrows(
            ContractStreamException.class,
            () ->
                ContractStream.read(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
        .getMessage();
  }
}
