package dev.overtime.processor.validate;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Optional;

/**
 * Parses a five-field expression that {@link CronExpressions} accepted with cron-utils' Unix
 * definition, the one the supervisor and {@code overtime schedules} evaluate it with, so that the
 * two can never disagree on what compiles. cron-utils is shaded into the processor.
 */
final class CronLibraryCheck {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private CronLibraryCheck() {}

  /** Why cron-utils refuses {@code fields}, if it does. */
  static Optional<String> refusal(String fields) {
    try {
      UNIX.parse(fields).validate();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("is refused by the cron library: " + e.getMessage());
    }
  }
}
