package dev.overtime.tests.local.jobs;

import java.util.List;

/** Payload of {@code local-env-probe}: the environment variables to report. */
public record EnvNames(List<String> names) {}
