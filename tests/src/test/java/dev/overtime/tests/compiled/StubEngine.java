package dev.overtime.tests.compiled;

import dev.overtime.runtime.Engine;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.spi.SubmitRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An engine that records submissions and reports every run as succeeded with a fixed result. */
final class StubEngine implements Engine {
  final List<SubmitRequest> submitted = new ArrayList<>();
  private final String resultJson;

  StubEngine(String resultJson) {
    this.resultJson = resultJson;
  }

  @Override
  public String name() {
    return "stub";
  }

  @Override
  public RunRecord submit(SubmitRequest request) {
    submitted.add(request);
    return new RunRecord(
        "run-" + submitted.size(),
        request.job().name(),
        RunStatus.QUEUED,
        1,
        Instant.EPOCH,
        null,
        null,
        null,
        null);
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    String job = submitted.isEmpty() ? "factorial" : submitted.get(0).job().name();
    return Optional.of(
        new RunRecord(
            runId,
            job,
            RunStatus.SUCCEEDED,
            1,
            Instant.EPOCH,
            Instant.EPOCH,
            Instant.EPOCH,
            resultJson,
            null));
  }

  @Override
  public RunRecord cancel(String job, String runId) {
    return find(runId).orElseThrow();
  }

  @Override
  public void close() {}
}
