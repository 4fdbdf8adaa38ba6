package dev.overtime.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.internal.BlobStores;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime alone, as an application without an engine artifact has it. */
class EnginesTest {
  @Test
  void anEngineWhoseArtifactIsMissingNamesTheDependencyToAdd() {
    EngineUnavailableException local =
        assertThrows(EngineUnavailableException.class, () -> Engines.create("local", Map.of()));
    assertTrue(
        local.getMessage().contains("dev.overtime:overtime-engine-local"), local.getMessage());
    EngineUnavailableException aws =
        assertThrows(EngineUnavailableException.class, () -> Engines.create("aws", Map.of()));
    assertTrue(aws.getMessage().contains("dev.overtime:overtime-engine-aws"), aws.getMessage());
    assertTrue(aws.getMessage().contains("available: [inline]"), aws.getMessage());
  }

  @Test
  void anS3UriWithoutTheAwsEngineNamesTheDependencyToAdd() {
    OvertimeException e =
        assertThrows(
            OvertimeException.class, () -> BlobStores.forUri(URI.create("s3://bucket/key.json")));
    assertTrue(e.getMessage().contains("dev.overtime:overtime-engine-aws"), e.getMessage());
  }

  @Test
  void anEmptyEngineNameIsRefusedWithTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Engines.create(" ", Map.of()));
    assertTrue(e.getMessage().contains("inline"), e.getMessage());
  }
}
