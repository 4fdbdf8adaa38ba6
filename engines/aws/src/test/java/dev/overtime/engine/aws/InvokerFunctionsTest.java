package dev.overtime.engine.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.runtime.EngineUnavailableException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvokerFunctionsTest {

  @Test
  void perJobVariableUsesTheUpperCasedNameWithUnderscoresForHyphens() {
    assertEquals(
        "OVERTIME_INVOKER_FUNCTION_VIDEO_TRANSCODE",
        InvokerFunctions.variableFor("video-transcode"));
    InvokerFunctions functions =
        InvokerFunctions.from(
            Map.of(
                "OVERTIME_INVOKER_FUNCTION", "default-invoker",
                "OVERTIME_INVOKER_FUNCTION_VIDEO_TRANSCODE", "gpu-invoker"));
    assertEquals("gpu-invoker", functions.forJob("video-transcode"));
    assertEquals("default-invoker", functions.forJob("factorial"));
    assertEquals(List.of("default-invoker", "gpu-invoker"), List.copyOf(functions.all()));
  }

  @Test
  void missingFunctionIsAnErrorNamingBothVariables() {
    EngineUnavailableException e =
        assertThrows(
            EngineUnavailableException.class,
            () -> InvokerFunctions.from(Map.of()).forJob("factorial"));
    assertTrue(
        e.getMessage()
            .contains("set OVERTIME_INVOKER_FUNCTION (or OVERTIME_INVOKER_FUNCTION_FACTORIAL)"),
        e.getMessage());
  }
}
