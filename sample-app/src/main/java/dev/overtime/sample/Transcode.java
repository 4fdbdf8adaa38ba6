package dev.overtime.sample;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import dev.overtime.NonRetryableException;

/**
 * A long job: "transcodes" for the given number of seconds, logging progress each second. It stops
 * promptly when cancelled: cancel interrupts its sleep, and it also checks {@link
 * JobContext#isCancelled()} between steps.
 */
@JobHandler(value = "transcode", timeout = "2 hours", memory = "1 GB", cpu = "1 vCPU", retries = 2)
public final class Transcode implements Job<TranscodePayload, TranscodeResult> {
  static final int MAX_SECONDS = 24 * 60 * 60;

  @Override
  public TranscodeResult run(TranscodePayload payload, JobContext context)
      throws InterruptedException {
    int seconds = payload.seconds();
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new NonRetryableException(
          "seconds must be between 1 and " + MAX_SECONDS + ", was " + seconds);
    }
    for (int done = 1; done <= seconds; done++) {
      if (context.isCancelled()) {
        throw new InterruptedException(
            "cancelled after " + (done - 1) + " of " + seconds + " seconds");
      }
      Thread.sleep(1000);
      context.log("Transcoding: " + done + "/" + seconds + " s (" + (100 * done / seconds) + "%)");
    }
    return new TranscodeResult(seconds, "video-" + context.runId() + ".mp4");
  }
}
