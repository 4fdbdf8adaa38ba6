package dev.overtime.aws.invoker.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response the emulator sends. */
record EmulatedResponse(int status, Map<String, String> headers, byte[] body) {

  static EmulatedResponse json(int status, String json) {
    return new EmulatedResponse(
        status,
        Map.of("Content-Type", "application/x-amz-json-1.1"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  static EmulatedResponse of(int status, byte[] body, Map<String, String> headers) {
    return new EmulatedResponse(status, new LinkedHashMap<>(headers), body);
  }
}
