package dev.overtime.aws.invoker;

import dev.overtime.aws.invoker.RunStore.ConcurrentRunChange;
import dev.overtime.aws.invoker.RunStore.QueuedRun;
import dev.overtime.aws.invoker.RunStore.Slots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Per-job concurrency on AWS ({@code @JobHandler(concurrency = N)}, {@code "concurrency":N} in
 * {@code OVERTIME_JOBS}): at most N runs of the job hold a slot at once, and the invoker calls
 * {@code RunTask} only for a start that holds one. The others wait {@code QUEUED}, and take a slot
 * in queue order (highest priority first, oldest first within a priority) when one is released.
 *
 * <h2>Why slots, and how concurrent invocations are kept within the limit</h2>
 *
 * <p>Counting the job's running runs when a run is about to start (its ECS tasks, or its records in
 * the bucket) cannot be made safe: two invocations that count at the same moment both see room and
 * both start, since nothing ties the count to the start. So the holders of a job's slots are one
 * small object, {@code runs/_slots/<job>.json}, written only by compare-and-swap: created with
 * {@code If-None-Match: *}, changed with {@code If-Match: <the ETag it was read with>} (S3
 * conditional writes). Two invocations that read one free slot both write themselves into it; S3
 * accepts exactly one write and answers the other {@code 412 Precondition Failed}, and the loser
 * reads the holders again and finds the slot taken ({@code 409 ConditionalRequestConflict}, a write
 * in flight, is retried by {@link RunStore}). Whatever the interleaving of invocations (clients'
 * {@code run} and {@code get}, events, schedules, sweeps, Lambda running one invocation twice), the
 * holders never number more than N, so no more than N starts go ahead.
 *
 * <h2>The order of the steps</h2>
 *
 * <p>A start of a limited job is (1) added to the holders, (2) marked admitted in the run record
 * ({@link StoredRun#withStartAdmitted}: its deadline counts from then), (3) sent to ECS with {@code
 * RunTask}; the record, not the holders, says whether a {@code RunTask} may have been sent. A crash
 * between the steps leaves a holder whose run the next reader decides again: a run finds its own
 * slot and goes on from where it stopped. A slot is released only after the run's record says the
 * attempt is over (settled, or waiting for a retry's backoff), so the holders always cover the
 * job's tasks. A start that never reaches the handler and is started again keeps its slot.
 *
 * <h2>The queue</h2>
 *
 * <p>A run that finds no slot notes its place, {@code runs/_queue/<job>/<rank>-<runId>}: the rank
 * is {@code 1000 - priority}, four digits, so S3, which lists keys in ascending order, lists the
 * highest priority first, and run ids begin with their creation time, so runs of one priority come
 * oldest first. A run may take a free slot only when fewer runs are ahead of it in the queue than
 * there are free slots, so a newcomer never takes the slot a waiting run of the same or a higher
 * priority is due. When a slot is released (the settle of a stopped task's event, a retry's backoff
 * starting) the invoker starts the first queued runs; the sweep does so for every limited job, and
 * frees the slots of runs that settled without releasing theirs (a crash between the two writes).
 */
final class JobSlots {
  /** Reads and writes of one decision before it gives up and lets the run wait (the sweep). */
  static final int CONTENTION_ATTEMPTS = 20;

  /** Queued runs looked at beyond the free slots, for places whose run has gone or started. */
  static final int STALE_ALLOWANCE = 5;

  /** Queued runs one release starts at most; the next release or the sweep starts the rest. */
  static final int DISPATCH_LIMIT = 25;

  /** Holders of one job whose runs one sweep reads to free the slots of settled runs. */
  static final int RECLAIM_READS = 50;

  /** What a pending start of a limited job found. */
  enum Admission {
    /** It holds a slot: it may start. */
    ADMITTED,
    /** Every slot is held: it waits in the queue. */
    QUEUED,
    /** Slots are free but queued runs are ahead of it: it waits, and they should be started. */
    QUEUED_BEHIND
  }

  /**
   * The first runs of a job's queue, for a release.
   *
   * @param free how many slots were free when the holders were read
   * @param queued the first queued runs, in queue order
   */
  record Turn(int free, List<QueuedRun> queued) {}

  private final RunStore store;
  private final InvokerConfig config;

  JobSlots(RunStore store, InvokerConfig config) {
    this.store = store;
    this.config = config;
  }

  /** The job's limit, 0 for none. */
  int limit(String job) {
    return config.concurrency(job);
  }

  /**
   * Adds {@code run} to its job's holders when a slot is free and its turn has come; else notes its
   * place in the queue. A run that holds a slot already is admitted (a start replayed after a
   * crash, or started again).
   */
  Admission acquire(StoredRun run) {
    int limit = limit(run.job());
    for (int attempt = 1; attempt <= CONTENTION_ATTEMPTS; attempt++) {
      Optional<Slots> read = store.slots(run.job());
      List<String> holders = read.map(Slots::holders).orElse(List.of());
      if (holders.contains(run.runId())) {
        return Admission.ADMITTED;
      }
      int free = limit - holders.size();
      if (free <= 0) {
        store.enqueue(run);
        return Admission.QUEUED;
      }
      if (!inTurn(run, free)) {
        store.enqueue(run);
        return Admission.QUEUED_BEHIND;
      }
      List<String> next = new ArrayList<>(holders);
      next.add(run.runId());
      try {
        store.writeSlots(run.job(), read.orElse(null), next);
        return Admission.ADMITTED;
      } catch (ConcurrentRunChange e) {
        // Another invocation changed the holders since they were read: read them again.
      }
    }
    // Contended beyond patience: waiting is always safe, and the sweep looks at the run again.
    store.enqueue(run);
    return Admission.QUEUED;
  }

  /**
   * Whether fewer than {@code free} queued runs are ahead of {@code run}: the first {@code free}
   * places are listed, and the run is in turn unless all of them sort before its own.
   */
  private boolean inTurn(StoredRun run, int free) {
    List<QueuedRun> first = store.queued(run.job(), free);
    if (first.size() < free) {
      return true;
    }
    String mine = RunStore.queueName(run);
    return first.stream().anyMatch(queued -> queued.name().compareTo(mine) >= 0);
  }

  /**
   * Removes {@code run} from its job's holders, if it is one, and its place in the queue, if it has
   * one.
   *
   * @return whether a slot was freed
   */
  boolean release(StoredRun run) {
    store.dequeue(run);
    boolean refused = false;
    for (int attempt = 1; attempt <= CONTENTION_ATTEMPTS; attempt++) {
      Optional<Slots> read = store.slots(run.job());
      if (read.isEmpty() || !read.get().holders().contains(run.runId())) {
        // Gone after a refused write: the write was this call's own, its answer lost and its
        // retry refused, or another release of the run's. Either way a slot was freed just now,
        // and starting the queued runs again is safe (each start takes a slot by compare-and-swap).
        return refused;
      }
      List<String> next = new ArrayList<>(read.get().holders());
      next.remove(run.runId());
      try {
        store.writeSlots(run.job(), read.get(), next);
        return true;
      } catch (ConcurrentRunChange e) {
        // Changed since read: read again.
        refused = true;
      }
    }
    // Still held: the sweep frees the slot of a settled run; a run in a backoff reuses it.
    System.err.println(
        "[overtime] invoker: could not release the slot of run "
            + run.runId()
            + " of job "
            + run.job()
            + " after "
            + CONTENTION_ATTEMPTS
            + " tries");
    return false;
  }

  /**
   * The free slots of {@code job} and the first runs of its queue, to start after a release: as
   * many as there are free slots (at most {@value #DISPATCH_LIMIT}), {@value #STALE_ALLOWANCE} more
   * for places gone stale, and {@code seen} more for runs the caller looked at already.
   */
  Turn turn(String job, int seen) {
    int free = limit(job) - store.slots(job).map(slots -> slots.holders().size()).orElse(0);
    if (free <= 0) {
      return new Turn(0, List.of());
    }
    return new Turn(
        free, store.queued(job, Math.min(free, DISPATCH_LIMIT) + STALE_ALLOWANCE + seen));
  }

  /**
   * Frees the slots of {@code job} held by runs that settled or are gone (their release was lost),
   * when every slot is held and runs wait for one. Only settled runs lose their slot here: a
   * settled run never starts again, whereas a pending one may be starting in another invocation
   * right now.
   *
   * @param records reads a run's record
   * @return how many slots were freed
   */
  int reclaim(String job, Function<String, Optional<StoredRun>> records) {
    Optional<Slots> read = store.slots(job);
    if (read.isEmpty() || read.get().holders().size() < limit(job)) {
      return 0;
    }
    if (store.queued(job, 1).isEmpty()) {
      return 0; // nobody waits: a stale holder blocks nothing yet
    }
    List<String> gone = new ArrayList<>();
    int reads = 0;
    for (String holder : read.get().holders()) {
      if (++reads > RECLAIM_READS) {
        break;
      }
      Optional<StoredRun> run = records.apply(holder);
      if (run.isEmpty() || run.get().settledStatus() != null) {
        gone.add(holder);
      }
    }
    if (gone.isEmpty()) {
      return 0;
    }
    List<String> next = new ArrayList<>(read.get().holders());
    next.removeAll(gone);
    try {
      store.writeSlots(job, read.get(), next);
      return gone.size();
    } catch (ConcurrentRunChange e) {
      return 0; // changed meanwhile; the next sweep looks again
    }
  }
}
