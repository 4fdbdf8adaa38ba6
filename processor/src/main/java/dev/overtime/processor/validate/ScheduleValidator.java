package dev.overtime.processor.validate;

import dev.overtime.processor.Message;
import dev.overtime.processor.Problem;
import dev.overtime.processor.model.JsonDeclaration;
import dev.overtime.processor.model.ScheduleModel;
import dev.overtime.processor.model.TypeRef;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks the {@code @Schedule}s of one handler: the cron expression, the zone id and, when the
 * payload record is known to be valid, the payload JSON against it. Problems are placed on the
 * offending annotation value.
 */
public final class ScheduleValidator {
  public static final String SCHEDULE = "dev.overtime.Schedule";
  public static final String SCHEDULES = "dev.overtime.Schedules";

  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private final Elements elements;

  public ScheduleValidator(Elements elements) {
    this.elements = elements;
  }

  /** The {@code @Schedule} mirrors on {@code element}, direct or in their container. */
  public static List<AnnotationMirror> scheduleMirrors(TypeElement element) {
    List<AnnotationMirror> found = new ArrayList<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      String name =
          ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
      if (name.equals(SCHEDULE)) {
        found.add(mirror);
      } else if (name.equals(SCHEDULES)) {
        for (AnnotationValue value : mirror.getElementValues().values()) {
          if (value.getValue() instanceof List<?> list) {
            for (Object item : list) {
              if (item instanceof AnnotationValue nested
                  && nested.getValue() instanceof AnnotationMirror inner) {
                found.add(inner);
              }
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * The handler's schedules, or problems.
   *
   * @param payload the payload record, or {@code null} when it is not valid (then the payload JSON
   *     is not checked)
   * @param declarations the records and enums the payload reaches
   */
  public List<ScheduleModel> validate(
      TypeElement handler,
      TypeRef payload,
      List<JsonDeclaration> declarations,
      List<Problem> problems) {
    Map<String, JsonDeclaration> byName = new TreeMap<>();
    for (JsonDeclaration declaration : declarations) {
      byName.put(declaration.type().rawName(), declaration);
    }
    List<ScheduleModel> schedules = new ArrayList<>();
    List<AnnotationMirror> mirrors = scheduleMirrors(handler);
    for (int index = 0; index < mirrors.size(); index++) {
      AnnotationMirror mirror = mirrors.get(index);
      String cron = stringValue(mirror, "cron");
      String zone = stringValue(mirror, "zone");
      String json = stringValue(mirror, "payload");
      if (cron == null || zone == null || json == null) {
        continue; // javac reports missing or ill-typed values itself
      }
      boolean ok = true;
      CronExpressions.Checked checked = CronExpressions.check(cron);
      String problem = checked.problem();
      if (problem == null) {
        problem = CronLibraryCheck.refusal(checked.fields()).orElse(null);
      }
      if (problem != null) {
        problems.add(place(handler, mirror, "cron", Message.CRON_INVALID, cron, problem));
        ok = false;
      }
      Optional<String> zoneProblem = zoneProblem(zone);
      if (zoneProblem.isPresent()) {
        problems.add(
            place(
                handler,
                mirror,
                "zone",
                Message.ZONE_INVALID,
                zone,
                zoneProblem.get(),
                zoneSuggestion(zone)));
        ok = false;
      }
      if (payload != null) {
        Optional<PayloadJsonCheck.Mismatch> mismatch =
            PayloadJsonCheck.check(json, payload, byName);
        if (mismatch.isPresent()) {
          String simple = payload.canonicalName();
          problems.add(
              place(
                  handler,
                  mirror,
                  "payload",
                  Message.SCHEDULE_PAYLOAD_INVALID,
                  simple,
                  mismatch.get().path(),
                  mismatch.get().message(),
                  simple,
                  PayloadExample.of(payload, byName)));
          ok = false;
        }
      }
      if (ok) {
        schedules.add(new ScheduleModel(index, cron, checked.fields(), zone, json));
      }
    }
    return schedules;
  }

  private static Optional<String> zoneProblem(String zone) {
    if (zone.isEmpty()) {
      return Optional.of("is empty");
    }
    if (ZONES.contains(zone)) {
      return Optional.empty();
    }
    if (zone.matches("(?i)(UTC|GMT|UT)?[+-].*") || zone.equals("Z")) {
      return Optional.of(
          "is a fixed offset, not an IANA zone id (a schedule follows its zone's daylight-saving"
              + " rules)");
    }
    return Optional.of("is not a known IANA time zone id");
  }

  private static String zoneSuggestion(String zone) {
    String lower = zone.toLowerCase(Locale.ROOT).replace(' ', '_');
    for (String known : new java.util.TreeSet<>(ZONES)) {
      if (known.toLowerCase(Locale.ROOT).equals(lower)) {
        return " Did you mean \"" + known + "\"?";
      }
    }
    return "";
  }

  private Problem place(
      TypeElement handler,
      AnnotationMirror mirror,
      String name,
      Message message,
      Object... arguments) {
    AnnotationValue explicit = explicitValue(mirror, name);
    return explicit != null
        ? Problem.on(handler, mirror, explicit, message, arguments)
        : Problem.on(handler, mirror, message, arguments);
  }

  private static AnnotationValue explicitValue(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private String stringValue(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue().getValue() instanceof String text ? text : null;
      }
    }
    return null;
  }
}
