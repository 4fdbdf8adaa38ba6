package dev.overtime.aws.invoker.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request the emulator received, for tests that assert what went over the wire.
 *
 * @param service {@code lambda}, {@code ecs} or {@code s3}
 * @param method the HTTP method
 * @param path the request path
 * @param headers the headers, names in lower case
 * @param body the decoded body (aws-chunked framing removed)
 */
public record RecordedRequest(
    String service, String method, String path, Map<String, List<String>> headers, byte[] body) {

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
