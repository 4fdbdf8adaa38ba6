package dev.overtime.tests.aws.jobs;

/** Where {@link WaitForCancel} leaves a marker file once it runs. */
public record Wait(String markerFile) {}
