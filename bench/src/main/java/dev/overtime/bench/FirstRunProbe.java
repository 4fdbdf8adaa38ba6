package dev.overtime.bench;

import dev.overtime.bench.jobs.Jobs;
import dev.overtime.bench.jobs.ProbePayload;
import dev.overtime.runtime.JobRun;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * A fresh application JVM that calls {@code Jobs.startProbe().run(...)} once, on the default engine
 * (configured from the environment, {@code OVERTIME_HOME}), and prints how long that first call
 * took and how many classes it loaded: {@code first-run <ms> <classes>}. Then it waits for the run
 * and exits. Started by {@link FirstRun}.
 */
public final class FirstRunProbe {
  static final String MARK = "first-run ";

  private FirstRunProbe() {}

  public static void main(String[] args) {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    long loadedBefore = classes.getTotalLoadedClassCount();
    long before = System.nanoTime();
    JobRun<Integer> run = Jobs.startProbe().run(new ProbePayload(1));
    long after = System.nanoTime();
    long loaded = classes.getTotalLoadedClassCount() - loadedBefore;
    System.out.println(MARK + (after - before) / 1e6 + " " + loaded);
    System.out.flush();
    run.await(Duration.ofMinutes(2));
    System.exit(0);
  }
}
