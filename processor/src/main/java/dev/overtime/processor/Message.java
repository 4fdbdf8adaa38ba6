package dev.overtime.processor;

import javax.tools.Diagnostic;

/**
 * Every diagnostic of the processor, in one place. Each opens with a stable code such as {@code
 * [overtime.duplicate-name]} that tests, documentation and users can search for; the text says what
 * is wrong and how to fix it. {@code docs/processor.md} lists them all.
 */
public enum Message {
  HANDLER_NOT_CLASS(
      "handler-not-class",
      "@JobHandler is on the %s %s, but a job handler must be a class. Put @JobHandler on a public "
          + "concrete class that implements Job<P, R>."),
  HANDLER_ABSTRACT(
      "handler-abstract",
      "Job handler %s is abstract, so it cannot be constructed to run a job. Make it concrete, or "
          + "move @JobHandler to a concrete subclass."),
  HANDLER_INNER(
      "handler-inner",
      "Job handler %s is an inner class: it needs an instance of %s to be constructed. Declare it "
          + "static, or make it a top-level class."),
  HANDLER_NOT_PUBLIC(
      "handler-not-public",
      "Job handler %s is not public%s, but the generated registry must construct it from its own "
          + "package. Declare it public."),
  HANDLER_GENERIC(
      "handler-generic",
      "Job handler %s declares type parameters %s, but the registry constructs it with new %s()."
          + " Remove the type parameters, or put @JobHandler on a non-generic subclass that binds"
          + " them."),
  NO_PUBLIC_CONSTRUCTOR(
      "no-public-constructor",
      "Job handler %s has no public constructor without parameters, which the registry uses to "
          + "create a handler for each run. Add `public %s() {}`."),
  CONSTRUCTOR_THROWS(
      "constructor-throws",
      "The constructor of job handler %s declares the checked exception(s) %s, so the registry"
          + " cannot construct it. Handle them in the constructor, or move the work into run(),"
          + " which may throw."),
  NOT_A_JOB(
      "not-a-job",
      "Job handler %s does not implement dev.overtime.Job. Declare it as `class %s implements "
          + "Job<MyPayload, MyResult>`, directly or through a base class."),
  RAW_JOB(
      "raw-job",
      "Job handler %s implements the raw type Job, so its payload and result types are unknown. "
          + "Give Job its type arguments: Job<MyPayload, MyResult>."),
  JOB_TYPE_VARIABLE(
      "job-type-variable",
      "Job handler %s leaves the %s type of Job<P, R> as the type variable %s. Bind it to a"
          + " concrete type, e.g. `class %s extends Base<MyPayload>` or `implements Job<MyPayload,"
          + " MyResult>`."),
  PAYLOAD_NOT_RECORD(
      "payload-not-record",
      "The payload type %s of job handler %s is not a record. A payload travels as JSON and must be"
          + " a public record, e.g. `public record MyPayload(int num) {}`."),
  PAYLOAD_NOT_PUBLIC(
      "payload-not-public",
      "The payload record %s of job handler %s is not public%s, but generated code names it from "
          + "other packages. Declare it public."),
  PAYLOAD_GENERIC(
      "payload-generic",
      "The payload record %s of job handler %s declares type parameters, but a payload must be a "
          + "plain record so that its class identifies it. Remove the type parameters, e.g. use a "
          + "List<Item> component."),
  UNSUPPORTED_COMPONENT(
      "unsupported-type",
      "Component '%s' of record %s has type %s, which Overtime cannot map to JSON: %s. Change the "
          + "component's type to one of: %s."),
  UNSUPPORTED_COMPONENT_ELSEWHERE(
      "unsupported-type",
      "Component '%s' of record %s (compiled elsewhere, used by job handler %s) has type %s, which "
          + "Overtime cannot map to JSON: %s. Change the component's type to one of: %s."),
  UNSUPPORTED_RESULT(
      "unsupported-result",
      "The result type %s of job handler %s cannot be mapped to JSON: %s. Change R in Job<P, R> to "
          + "Void (no result) or one of: %s."),
  NAME_EMPTY(
      "name-empty",
      "The job name is empty. Name the job in @JobHandler with lowercase letters, digits and single"
          + " hyphens, e.g. @JobHandler(\"video-transcode\")."),
  NAME_INVALID(
      "name-invalid",
      "The job name \"%s\" is not valid: %s. A job name is lowercase letters and digits with single"
          + " hyphens between them, starts with a letter and has at most 64 characters, e.g. "
          + "\"video-transcode\".%s"),
  NAME_KEYWORD(
      "name-keyword",
      "The job name \"%s\" becomes the method Jobs.%s(), but '%s' is a reserved Java keyword."
          + " Choose another name, e.g. \"%s-job\"."),
  NAME_RESERVED(
      "name-reserved",
      "The job name \"%s\" becomes the method Jobs.%s(), which clashes with %s. Choose another"
          + " name, e.g. \"%s-job\"."),
  NAME_COLLISION(
      "name-collision",
      "The job names \"%s\" (%s) and \"%s\" (%s) both become the method Jobs.%s(). Rename one of "
          + "them."),
  DUPLICATE_NAME(
      "duplicate-name",
      "The job name \"%s\" is used by %s and by %s. Job names must be unique; rename one of them in"
          + " its @JobHandler."),
  TIMEOUT_INVALID(
      "timeout-invalid",
      "timeout \"%s\" %s. Write a whole number and a unit (seconds, minutes, hours or days), from 1"
          + " second to 30 days, e.g. \"30 seconds\", \"90 minutes\", \"8 hours\", \"2 days\"."),
  MEMORY_INVALID(
      "memory-invalid",
      "memory \"%s\" %s. Write a number and MB or GB (1 GB = 1024 MB), from 128 MB to 120 GB, e.g. "
          + "\"512 MB\", \"7 GB\", \"0.5 GB\"."),
  CPU_INVALID(
      "cpu-invalid",
      "cpu \"%s\" %s. Write a number and vCPU, from 0.25 to 16 in steps of 1/1024, e.g. "
          + "\"0.25 vCPU\", \"4 vCPU\"."),
  RETRIES_INVALID(
      "retries-invalid",
      "retries = %d is outside the accepted range 0..10. Use 0 for no retries and at most 10."),
  CONCURRENCY_INVALID(
      "concurrency-invalid",
      "concurrency = %d is outside the accepted range 1..%d. Give the most runs of this job that"
          + " may run at once, from 1 to %d, or leave concurrency out for no per-job limit."),
  CRON_INVALID(
      "cron-invalid",
      "cron \"%s\" %s. Write five fields, minute (0-59) hour (0-23) day-of-month (1-31) month"
          + " (1-12 or JAN-DEC) day-of-week (0-7 or SUN-SAT; 0 and 7 are Sunday), e.g. \"30 2 * *"
          + " *\" or \"*/15 9-17 * * MON-FRI\", or a macro: @yearly, @monthly, @weekly, @daily,"
          + " @hourly."),
  ZONE_INVALID(
      "zone-invalid",
      "zone \"%s\" %s. Write an IANA time zone id, e.g. \"UTC\", \"Europe/Berlin\","
          + " \"America/New_York\".%s"),
  SCHEDULE_PAYLOAD_INVALID(
      "schedule-payload-invalid",
      "The schedule's payload does not decode as %s: %s: %s. Write the payload as JSON for %s,"
          + " e.g. %s."),
  SCHEDULE_WITHOUT_HANDLER(
      "schedule-without-handler",
      "@Schedule is on %s, which has no @JobHandler, so there is no job to run. Put @Schedule on"
          + " a @JobHandler class."),
  INVALID_PACKAGE_OPTION(
      "invalid-package-option",
      "The processor option overtime.package=\"%s\" is not a valid Java package name. Pass a"
          + " package such as -Aovertime.package=com.example.jobs, or remove the option to use the"
          + " longest common package of the handlers."),
  NO_COMMON_PACKAGE(
      "no-common-package",
      "The job handlers %s have no common package for the generated Jobs class. Pass the processor "
          + "option -Aovertime.package=<package>, or move the handlers under one package."),
  LATE_HANDLER(
      "late-handler",
      "Job handler %s appeared in a later round of annotation processing, after Overtime had "
          + "written %s. Let the processor that generates it run in the first round, or write the "
          + "handler by hand."),
  INTERNAL(
      "internal",
      "Unexpected error in the Overtime annotation processor: %s. This is a bug in Overtime, not in"
          + " your code; please report it with this stack trace:%n%s");

  private final String code;
  private final String template;

  Message(String code, String template) {
    this.code = code;
    this.template = template;
  }

  /** The stable code, e.g. {@code overtime.duplicate-name}. */
  public String code() {
    return "overtime." + code;
  }

  /** All processor messages are errors: a handler either works, or the build says why not. */
  public Diagnostic.Kind kind() {
    return Diagnostic.Kind.ERROR;
  }

  /** The full text: {@code [overtime.code] } and the filled-in template. */
  public String format(Object... arguments) {
    return "[" + code() + "] " + String.format(template, arguments);
  }
}
