package dev.overtime.processor.model;

/**
 * One valid {@code @Schedule} of a job.
 *
 * @param index its position among the job's schedules, from 0 in declaration order; with the job
 *     name it identifies the schedule ({@code "nightly-report#0"})
 * @param declared the cron expression as written, e.g. {@code @daily}
 * @param cron its five fields, macros expanded, e.g. {@code 0 0 * * *}
 * @param zone the IANA zone id
 * @param payload the payload JSON as written
 */
public record ScheduleModel(int index, String declared, String cron, String zone, String payload) {}
