package dev.overtime.aws.invoker.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An EventBridge rule on "ECS Task State Change" events with {@code lastStatus} STOPPED, whose
 * target is a function of the {@link EmulatedLambda}, delivered as EventBridge does: at least once,
 * asynchronously, possibly late, out of order and more than once (EventBridge User Guide, "Amazon
 * EventBridge events": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events.html, and
 * "Retrying event delivery":
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html). Lambda
 * retries an asynchronous invocation that fails ({@link EmulatedLambda#invokeAsync}).
 */
public final class EmulatedEventBridge implements AutoCloseable {
  private final EmulatedLambda lambda;
  private final ScheduledExecutorService delivery =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "emulated-eventbridge");
            thread.setDaemon(true);
            return thread;
          });
  private final List<byte[]> delivered = new CopyOnWriteArrayList<>();
  private volatile String target;
  private volatile int copies = 1;
  private volatile Duration maxDelay = Duration.ZERO;

  EmulatedEventBridge(EmulatedLambda lambda, EmulatedEcs ecs) {
    this.lambda = lambda;
    ecs.onStopped(task -> publish(task.event().toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The rule's target: the function that gets every STOPPED task's event. */
  public void ruleTarget(String functionName) {
    this.target = functionName;
  }

  /**
   * How events are delivered from now on: each {@code copies} times, each copy after a random delay
   * of up to {@code maxDelay} (so copies and events of different tasks arrive out of order).
   */
  public void delivery(int copies, Duration maxDelay) {
    this.copies = copies;
    this.maxDelay = maxDelay;
  }

  /** Every event sent to the target so far, in the order sent. */
  public List<byte[]> delivered() {
    return List.copyOf(delivered);
  }

  /** Sends {@code event} to the target again, as a late or duplicated delivery. */
  public void redeliver(byte[] event) {
    send(event, 0);
  }

  private void publish(byte[] event) {
    for (int i = 0; i < copies; i++) {
      long delay =
          maxDelay.isZero() ? 0 : ThreadLocalRandom.current().nextLong(maxDelay.toMillis() + 1);
      send(event, delay);
    }
  }

  private void send(byte[] event, long delayMillis) {
    String function = target;
    if (function == null) {
      return;
    }
    delivery.schedule(
        () -> {
          delivered.add(event);
          lambda.invokeAsync(function, event);
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    delivery.shutdownNow();
  }
}
