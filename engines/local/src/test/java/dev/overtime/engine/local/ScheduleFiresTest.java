package dev.overtime.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.engine.local.schedule.CatchUp;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.ScheduledFire;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's firing on a store, with a clock the test moves: one run per fire time, never a
 * second one for the same fire (two supervisors, a restart), the catch-up policies, and daylight
 * saving in Europe/Berlin.
 */
class ScheduleFiresTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:30Z");

  @TempDir Path home;
  private RunStore store;
  private final MovableClock clock = new MovableClock(T0);
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void open() {
    store = RunStore.open(home);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private StoredSchedule schedule(String id, String cron, String zone, CatchUp catchUp) {
    String job = id.substring(0, id.indexOf('#'));
    return new StoredSchedule(
        id,
        job,
        cron,
        cron,
        zone,
        "{\"num\": 5}",
        catchUp,
        3,
        60_000,
        128,
        0,
        store.classpathId("app.jar"),
        store.launchSpecId("java=java\nclasspath=app.jar\ndirectory=/\n"),
        T0.toEpochMilli(),
        0);
  }

  private List<RunRecord> scheduledRuns(String job) {
    return store.list(job, null, 1000);
  }

  @Test
  void eachFireTimeRecordsOneRunWithTheFiresKeyAndItsScheduleInTheDetails() {
    store.putSchedules(List.of(schedule("tick#0", "* * * * *", "UTC", CatchUp.LATEST)));
    ScheduleFires fires = new ScheduleFires(store, "supervisor-a", clock, log);

    assertEquals(List.of(), fires.fireDue(), "nothing is due before the first minute");
    clock.set(Instant.parse("2026-12-02T10:01:00.400Z"));
    List<RunRecord> first = fires.fireDue();
    assertEquals(1, first.size());
    assertEquals(List.of(), fires.fireDue(), "the same fire again");
    clock.set(Instant.parse("2026-12-02T10:01:59Z"));
    assertEquals(List.of(), fires.fireDue(), "still the same minute");
    clock.set(Instant.parse("2026-12-02T10:02:00.100Z"));
    assertEquals(1, fires.fireDue().size());

    List<RunRecord> runs = scheduledRuns("tick");
    assertEquals(2, runs.size(), runs.toString());
    RunRecord run = store.find(first.get(0).id()).orElseThrow().toRecord();
    assertEquals(RunStatus.QUEUED, run.status());
    assertEquals("tick#0", run.details().schedule().orElseThrow());
    assertEquals(Instant.parse("2026-12-02T10:01:00Z"), run.details().scheduledFor().orElseThrow());
    assertEquals("{\"num\": 5}", store.payload(run.id()).orElseThrow());
    assertEquals(Instant.parse("2026-12-02T10:01:00Z"), nextFireTimes(runs).get(0));
    assertEquals(
        new ScheduledFire("tick#0", Instant.parse("2026-12-02T10:02:00Z")),
        new ScheduledFire("tick#0", nextFireTimes(runs).get(1)));
  }

  @Test
  void aSecondSupervisorOrARestartedOneNeverFiresTheSameTimeAgain() {
    store.putSchedules(List.of(schedule("tick#0", "* * * * *", "UTC", CatchUp.LATEST)));
    clock.set(Instant.parse("2026-12-02T10:01:00.200Z"));
    ScheduleFires a = new ScheduleFires(store, "supervisor-a", clock, log);
    assertEquals(1, a.fireDue().size());
    // Another supervisor's view (or the next one after a kill -9), on its own connection.
    try (RunStore other = RunStore.open(home)) {
      ScheduleFires b = new ScheduleFires(other, "supervisor-b", clock, log);
      assertEquals(List.of(), b.fireDue());
      clock.set(Instant.parse("2026-12-02T10:02:00.200Z"));
      assertEquals(1, b.fireDue().size());
      assertEquals(List.of(), a.fireDue());
    }
    assertEquals(2, scheduledRuns("tick").size());
  }

  @Test
  void enablingAgainKeepsTheLastFireSoNothingFiresTwice() {
    store.putSchedules(List.of(schedule("tick#0", "* * * * *", "UTC", CatchUp.LATEST)));
    clock.set(Instant.parse("2026-12-02T10:01:00.200Z"));
    ScheduleFires fires = new ScheduleFires(store, "supervisor-a", clock, log);
    assertEquals(1, fires.fireDue().size());
    store.putSchedules(List.of(schedule("tick#0", "* * * * *", "UTC", CatchUp.LATEST)));
    assertEquals(List.of(), fires.fireDue());
    assertEquals(
        Instant.parse("2026-12-02T10:01:00Z"),
        store.schedules().get(0).toEnabled().lastFire().orElseThrow());
  }

  @Test
  void afterDowntimeTheLatestMissedFireRunsOnceByDefault() {
    store.putSchedules(List.of(schedule("tick#0", "* * * * *", "UTC", CatchUp.LATEST)));
    ScheduleFires fires = new ScheduleFires(store, "supervisor-a", clock, log);
    clock.set(Instant.parse("2026-12-02T10:47:20Z")); // 47 fires passed with no supervisor
    List<RunRecord> fired = fires.fireDue();
    assertEquals(1, fired.size());
    RunRecord run = store.find(fired.get(0).id()).orElseThrow().toRecord();
    assertEquals(Instant.parse("2026-12-02T10:47:00Z"), run.details().scheduledFor().orElseThrow());
    String text = logBytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("46 earlier fire(s) since 2026-12-02T10:01:00Z"), text);
    assertEquals(List.of(), fires.fireDue());
  }

  @Test
  void withSkipAFireNoticedLateIsNotRunAndTheNextOnTimeOneIs() {
    store.putSchedules(List.of(schedule("tick#0", "*/10 * * * *", "UTC", CatchUp.SKIP)));
    ScheduleFires fires = new ScheduleFires(store, "supervisor-a", clock, log);
    clock.set(Instant.parse("2026-12-02T10:32:00Z")); // 10:30 is 120 s late
    assertEquals(List.of(), fires.fireDue());
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("skipped its fire for"));
    clock.set(Instant.parse("2026-12-02T10:40:01Z"));
    assertEquals(1, fires.fireDue().size());
    clock.set(Instant.parse("2026-12-02T10:50:59Z")); // 59 s: still on time
    assertEquals(1, fires.fireDue().size());
    assertEquals(2, scheduledRuns("tick").size());
  }

  @Test
  void aDisabledScheduleFiresNoMore() {
    store.putSchedules(List.of(schedule("tick#0", "* * * * *", "UTC", CatchUp.LATEST)));
    ScheduleFires fires = new ScheduleFires(store, "supervisor-a", clock, log);
    assertEquals(1, store.deleteSchedules(List.of("tick#0")));
    clock.set(Instant.parse("2026-12-02T10:05:00Z"));
    assertEquals(List.of(), fires.fireDue());
    assertEquals(List.of(), scheduledRuns("tick"));
  }

  /**
   * {@code 30 2 * * *} in Europe/Berlin, the clock moved minute by minute through the nights of
   * both transitions of 2026: 02:30 does not exist on 29 March (no fire that night), and exists
   * twice on 25 October (one fire, at the first).
   */
  @Test
  void daylightSavingInBerlinSkipsTheMissingTimeAndFiresTheRepeatedOneOnce() {
    Instant start = Instant.parse("2026-03-27T20:00:00Z");
    StoredSchedule nightly = schedule("nightly#0", "30 2 * * *", "Europe/Berlin", CatchUp.LATEST);
    store.putSchedules(List.of(enabledAt(nightly, start)));
    ScheduleFires fires = new ScheduleFires(store, "supervisor-a", clock, log);
    List<Instant> spring = walk(fires, start, Instant.parse("2026-03-30T06:00:00Z"));
    assertEquals(
        List.of(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z")),
        spring,
        "02:30 CET on 28 March, none on the 29th (02:30 is skipped), 02:30 CEST on 30 March");
    // Enabled again for the autumn walk: otherwise its first step catches up 23 October's fire.
    store.deleteSchedules(List.of(nightly.id()));
    Instant autumnStart = Instant.parse("2026-10-23T20:00:00Z");
    store.putSchedules(List.of(enabledAt(nightly, autumnStart)));
    List<Instant> autumn = walk(fires, autumnStart, Instant.parse("2026-10-26T06:00:00Z"));
    assertEquals(
        List.of(
            Instant.parse("2026-10-24T00:30:00Z"),
            Instant.parse("2026-10-25T00:30:00Z"),
            Instant.parse("2026-10-26T01:30:00Z")),
        autumn,
        "02:30 CEST on 24 October, once on the 25th (the first 02:30), 02:30 CET on the 26th");
    assertTrue(
        ZoneId.of("Europe/Berlin")
            .getRules()
            .isDaylightSavings(Instant.parse("2026-10-25T00:30:00Z")));
  }

  private static StoredSchedule enabledAt(StoredSchedule schedule, Instant at) {
    return schedule.enabledAt(at.toEpochMilli());
  }

  /**
   * Moves the clock from {@code from} to {@code to} a minute at a time; the fire times recorded.
   */
  private List<Instant> walk(ScheduleFires fires, Instant from, Instant to) {
    List<Instant> fired = new ArrayList<>();
    for (Instant at = from; !at.isAfter(to); at = at.plus(Duration.ofMinutes(1))) {
      clock.set(at.plusMillis(300));
      for (RunRecord run : fires.fireDue()) {
        fired.add(store.find(run.id()).orElseThrow().toRecord().details().scheduledFor().get());
      }
    }
    return fired;
  }

  private List<Instant> nextFireTimes(List<RunRecord> runs) {
    return runs.stream()
        .map(run -> store.find(run.id()).orElseThrow().toRecord().details().scheduledFor().get())
        .sorted()
        .toList();
  }

  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
