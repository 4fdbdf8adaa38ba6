package dev.overtime.runtime.internal;

import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobType;

/**
 * The run path's JSON: payloads and results go through the processor's generated {@link
 * JsonAdapter} when the descriptor carries one (every generated {@code Jobs} does), else through
 * {@link JsonCodec}'s data binding (descriptors built by hand). Both write the same bytes.
 */
public final class JobJson {
  private JobJson() {}

  /** Encodes a payload or result of {@code type} as compact JSON. */
  public static <T> String encode(JobType<T> type, T value) {
    if (type instanceof JsonAdapter<T> adapter) {
      return adapter.encode(value);
    }
    return JsonCodec.shared().encode(value);
  }

  /**
   * Decodes a payload or result of {@code type} strictly.
   *
   * @throws InvalidPayloadException naming the JSON path of the first problem
   */
  public static <T> T decode(String json, JobType<T> type) {
    if (type instanceof JsonAdapter<T> adapter) {
      return adapter.decode(json);
    }
    return JsonCodec.shared().decode(json, type);
  }
}
