package dev.overtime.engine.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overtime.runtime.internal.JsonCodec;
import org.junit.jupiter.api.Test;

/** Payloads past Jackson's default 20-million-character string limit still decode. */
class LargePayloadDecodingTest {
  record Blob(String data) {}

  @Test
  void thirtyMillionCharacterStringDecodes() {
    String data = "z".repeat(30_000_000);
    Blob decoded = JsonCodec.shared().decode(JsonCodec.shared().encode(new Blob(data)), Blob.class);
    assertEquals(data.length(), decoded.data().length());
  }
}
