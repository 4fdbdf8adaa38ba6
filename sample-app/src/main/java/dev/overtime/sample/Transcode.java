package dev.overtime.sample;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import dev.overtime.NonRetryableException;

/**
 * A long job: "transcodes" for the given number of seconds, in steps of a tenth of a second. It
 * reports its progress ({@link JobContext#progress}) after every step, as often as a real encoder
 * would after each frame (the engine keeps the latest and stores it at most every 250 ms), and logs
 * a line each second. It stops promptly when cancelled: cancel interrupts its sleep, and it also
 * checks {@link JobContext#isCancelled()} between steps.
 */
@JobHandler(value = "transcode", timeout = "2 hours", memory = "1 GB", cpu = "1 vCPU", retries = 2)
public final class Transcode implements Job<TranscodePayload, TranscodeResult> {
  static final int MAX_SECONDS = 24 * 60 * 60;
  private static final int STEPS_PER_SECOND = 10;

  @Override
  public TranscodeResult run(TranscodePayload payload, JobContext context)
      throws InterruptedException {
    int seconds = payload.seconds();
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new NonRetryableException(
          "seconds must be between 1 and " + MAX_SECONDS + ", was " + seconds);
    }
    int steps = seconds * STEPS_PER_SECOND;
    context.progress(0, "starting");
    for (int step = 1; step <= steps; step++) {
      if (context.isCancelled()) {
        throw new InterruptedException(
            "cancelled after " + (step - 1) / STEPS_PER_SECOND + " of " + seconds + " seconds");
      }
      Thread.sleep(1000 / STEPS_PER_SECOND);
      int done = step / STEPS_PER_SECOND;
      context.progress(step / (double) steps, "second " + done + " of " + seconds);
      if (step % STEPS_PER_SECOND == 0) {
        context.log(
            "Transcoding: " + done + "/" + seconds + " s (" + (100 * done / seconds) + "%)");
      }
    }
    return new TranscodeResult(seconds, "video-" + context.runId() + ".mp4");
  }
}
