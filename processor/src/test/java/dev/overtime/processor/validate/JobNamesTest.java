package dev.overtime.processor.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobNamesTest {

  @ParameterizedTest
  @CsvSource({
    "factorial, factorial, FACTORIAL",
    "video-transcode, videoTranscode, VIDEO_TRANSCODE",
    "etl-2024-q1, etl2024Q1, ETL_2024_Q1",
    "a-b-c, aBC, A_B_C"
  })
  void kebabCaseBecomesLowerCamelMethodAndUpperSnakeConstant(
      String name, String method, String constant) {
    assertEquals(method, JobNames.methodName(name));
    assertEquals(constant, JobNames.constantName(name));
  }

  @ParameterizedTest
  @CsvSource({
    "videoTranscode, video-transcode",
    "Video_Transcode, video-transcode",
    "'nightly report', nightly-report",
    "2fa-reset, fa-reset"
  })
  void suggestionIsAValidNameCloseToTheInvalidOne(String invalid, String suggestion) {
    assertEquals(Optional.of(suggestion), JobNames.suggestion(invalid));
    assertEquals(Optional.empty(), JobNames.invalidReason(suggestion));
  }
}
