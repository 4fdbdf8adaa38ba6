package dev.overtime.aws.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InvokerEnvironmentTest {

  @Test
  void jobsVariableReadsBackAsWritten() {
    List<InvokerEnvironment.Job> jobs =
        List.of(
            new InvokerEnvironment.Job("video-transcode", 28800, 3),
            new InvokerEnvironment.Job("factorial", 3600, 0));
    List<String> problems = new ArrayList<>();

    String variable = InvokerEnvironment.jobsVariable(jobs);
    Map<String, InvokerEnvironment.Job> read = InvokerEnvironment.readJobs(variable, problems);

    assertEquals(
        "{\"video-transcode\":{\"timeoutSeconds\":28800,\"retries\":3},"
            + "\"factorial\":{\"timeoutSeconds\":3600,\"retries\":0}}",
        variable);
    assertEquals(List.of(), problems);
    assertEquals(
        new TreeMap<>(Map.of("factorial", jobs.get(1), "video-transcode", jobs.get(0))), read);
  }

  @Test
  void retriesMayBeLeftOutAndMeanNone() {
    List<String> problems = new ArrayList<>();

    Map<String, InvokerEnvironment.Job> read =
        InvokerEnvironment.readJobs("{\"a\":{\"timeoutSeconds\":60}}", problems);

    assertEquals(List.of(), problems);
    assertEquals(new InvokerEnvironment.Job("a", 60, 0), read.get("a"));
  }

  @Test
  void everyProblemIsNamedWithTheVariableAndTheField() {
    List<String> problems = new ArrayList<>();

    InvokerEnvironment.readJobs(
        "{\"a\":{\"timeoutSeconds\":0,\"retries\":-1},\"b\":{\"retries\":\"two\"}}", problems);

    assertEquals(
        List.of(
            "OVERTIME_JOBS.a.timeoutSeconds must be a positive number",
            "OVERTIME_JOBS.a.retries must be a whole number from 0 to 10",
            "OVERTIME_JOBS.b.timeoutSeconds must be a positive number",
            "OVERTIME_JOBS.b.retries must be a whole number from 0 to 10"),
        problems);
  }

  @Test
  void missingOrMalformedVariableIsAProblem() {
    List<String> problems = new ArrayList<>();

    InvokerEnvironment.readJobs(null, problems);
    InvokerEnvironment.readJobs("[1, 2]", problems);
    InvokerEnvironment.readJobs("{not json", problems);

    assertEquals(3, problems.size(), problems::toString);
    assertEquals(
        "OVERTIME_JOBS is not set (e.g. {\"factorial\":{\"timeoutSeconds\":3600,\"retries\":0}})",
        problems.get(0));
    assertEquals(
        "OVERTIME_JOBS is not a JSON object of jobs: expected an object of jobs", problems.get(1));
    assertEquals(
        true,
        problems.get(2).startsWith("OVERTIME_JOBS is not a JSON object of jobs: "),
        problems.get(2));
  }
}
