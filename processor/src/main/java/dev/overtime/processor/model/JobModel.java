package dev.overtime.processor.model;

import java.util.List;
import java.util.Map;

/**
 * One valid job, everything the renderers need and nothing from {@code javax.lang.model}.
 *
 * @param name the job name, e.g. {@code video-transcode}
 * @param constantName the descriptor constant on {@code Jobs}, e.g. {@code VIDEO_TRANSCODE}
 * @param methodName the client method on {@code Jobs}, e.g. {@code videoTranscode}
 * @param handler the handler class
 * @param handlerBinaryName the handler's binary name, e.g. {@code com.example.Outer$Inner}
 * @param payload the payload record
 * @param result the result type ({@code java.lang.Void} for none)
 * @param payloadSchema the JSON Schema (draft 2020-12) of the payload, as a JSON tree
 * @param resultSchema the JSON Schema (draft 2020-12) of the result, as a JSON tree
 * @param resources timeout, memory, cpu and retries
 * @param declarations the records and enums the payload and result reach, sorted by name
 * @param schedules its {@code @Schedule}s, in declaration order
 */
public record JobModel(
    String name,
    String constantName,
    String methodName,
    TypeRef.ClassType handler,
    String handlerBinaryName,
    TypeRef.ClassType payload,
    TypeRef result,
    Map<String, Object> payloadSchema,
    Map<String, Object> resultSchema,
    JobResources resources,
    List<JsonDeclaration> declarations,
    List<ScheduleModel> schedules) {

  public JobModel {
    declarations = List.copyOf(declarations);
    schedules = List.copyOf(schedules);
  }

  /** A job without schedules. */
  public JobModel(
      String name,
      String constantName,
      String methodName,
      TypeRef.ClassType handler,
      String handlerBinaryName,
      TypeRef.ClassType payload,
      TypeRef result,
      Map<String, Object> payloadSchema,
      Map<String, Object> resultSchema,
      JobResources resources,
      List<JsonDeclaration> declarations) {
    this(
        name,
        constantName,
        methodName,
        handler,
        handlerBinaryName,
        payload,
        result,
        payloadSchema,
        resultSchema,
        resources,
        declarations,
        List.of());
  }

  /** This job with {@code schedules}. */
  public JobModel withSchedules(List<ScheduleModel> schedules) {
    return new JobModel(
        name,
        constantName,
        methodName,
        handler,
        handlerBinaryName,
        payload,
        result,
        payloadSchema,
        resultSchema,
        resources,
        declarations,
        schedules);
  }
}
