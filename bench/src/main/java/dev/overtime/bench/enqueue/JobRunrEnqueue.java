package dev.overtime.bench.enqueue;

import dev.overtime.bench.Workspace;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.jobs.JobId;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.sqlite.SqLiteStorageProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 2, JobRunr's side: enqueue into JobRunr's SQLite storage provider, in the same work
 * directory (same disk) as Overtime's {@code runs.db}, with the same SQLite settings (WAL,
 * synchronous=NORMAL) through a pool of as many connections as JMH threads at most use. No
 * background job server is started, so enqueued jobs stay ENQUEUED, like Overtime's QUEUED runs.
 * Two styles: a lambda ({@code jobScheduler.enqueue(() -> service.probe(n))}, analysed by JobRunr
 * from bytecode) and a {@code JobRequest} (typed payload object).
 */
@State(Scope.Benchmark)
public class JobRunrEnqueue {
  @Param({"4"})
  public int connections;

  private Path home;
  private PooledDataSource dataSource;
  private StorageProvider storage;
  private JobScheduler jobs;
  private JobRequestScheduler requests;
  private final ProbeService service = new ProbeService();
  private final AtomicInteger sequence = new AtomicInteger();

  @Setup(Level.Trial)
  public void open() throws SQLException {
    home =
        Workspace.fromSystemProperties().fresh("enqueue-jobrunr-" + ProcessHandle.current().pid());
    dataSource = new PooledDataSource("jdbc:sqlite:" + home.resolve("jobrunr.db"), connections);
    storage = new SqLiteStorageProvider(dataSource);
    var configured = JobRunr.configure().useStorageProvider(storage).initialize();
    jobs = configured.getJobScheduler();
    requests = configured.getJobRequestScheduler();
  }

  @Benchmark
  public JobId lambda() {
    int n = sequence.incrementAndGet();
    return jobs.enqueue(() -> service.probe(n));
  }

  @Benchmark
  public JobId jobRequest() {
    return requests.enqueue(new ProbeRequest(sequence.incrementAndGet()));
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    System.out.println(
        "\n[jobrunr] jobs still enqueued (none processed) at the end of the trial: "
            + storage.countJobs(StateName.ENQUEUED));
    JobRunr.destroy();
    dataSource.close();
    Workspace.delete(home);
  }
}
