package dev.overtime.tests.compiled;

import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JsonCodec;

/**
 * Runs a job the way the container entrypoint does: decode the payload JSON with the job's types,
 * construct the handler through the registry, run it, encode the result.
 */
final class RegistryRun {
  private RegistryRun() {}

  static String run(JobBinding<?, ?> binding, String payloadJson, RecordingContext context)
      throws Exception {
    return typed(binding, payloadJson, context);
  }

  private static <P, R> String typed(
      JobBinding<P, R> binding, String payloadJson, RecordingContext context) throws Exception {
    P payload = JsonCodec.shared().decode(payloadJson, binding.descriptor().payloadType());
    R result = binding.newHandler().run(payload, context);
    return JsonCodec.shared().encode(result);
  }
}
