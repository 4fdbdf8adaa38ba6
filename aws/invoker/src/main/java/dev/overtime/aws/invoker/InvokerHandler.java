package dev.overtime.aws.invoker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.overtime.aws.protocol.InvokerAnswer;
import dev.overtime.aws.protocol.InvokerErrorCode;
import dev.overtime.aws.protocol.InvokerEvent;
import dev.overtime.aws.protocol.InvokerProtocolException;
import dev.overtime.aws.protocol.InvokerQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * The Lambda entry point: {@code dev.overtime.aws.invoker.InvokerHandler::handleRequest}. Reads one
 * {@link dev.overtime.aws.protocol.InvokerRequest} JSON document and writes one {@link
 * dev.overtime.aws.protocol.InvokerAnswer}, or handles one {@link InvokerEvent} (a stopped task, a
 * sweep, a resume). Configuration is read from the function's environment ({@link InvokerConfig})
 * once per Lambda instance.
 */
public final class InvokerHandler implements RequestStreamHandler {
  private final Invoker invoker;
  private final RunQueries queries;

  /** The constructor Lambda calls: configuration and clients from the environment. */
  public InvokerHandler() {
    this(System.getenv());
  }

  /** An invoker configured from {@code environment}, with SDK clients made from the process's. */
  public InvokerHandler(Map<String, String> environment) {
    this(
        environment,
        EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
        S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build(),
        SchedulerClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
        Invoker.DEFAULT_RETRY_BASE);
  }

  /** An invoker using the given clients, without resume schedules (tests). */
  public InvokerHandler(Map<String, String> environment, EcsClient ecs, S3Client s3) {
    this(environment, ecs, s3, null, Invoker.DEFAULT_RETRY_BASE);
  }

  /**
   * An invoker using the given clients (tests point them at an emulator).
   *
   * @param scheduler the EventBridge Scheduler client for resume schedules, or null for none (then
   *     a retry starts when the run is next read or swept after its backoff)
   * @param retryBase the first retry's backoff (doubling per attempt, at most 5 minutes)
   */
  public InvokerHandler(
      Map<String, String> environment,
      EcsClient ecs,
      S3Client s3,
      SchedulerClient scheduler,
      Duration retryBase) {
    InvokerConfig config = InvokerConfig.fromEnvironment(environment);
    Resumptions resumptions =
        scheduler != null && config.schedulesResumes()
            ? new Resumptions(scheduler, config.scheduleGroup(), config.schedulerRoleArn())
            : null;
    RunStore store = new RunStore(s3, config.bucket(), config.prefix());
    this.queries = new RunQueries(store, config.containerName(), Clock.systemUTC());
    this.invoker =
        new Invoker(
            config, store, new TaskRunner(ecs, config), resumptions, Clock.systemUTC(), retryBase);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] json = input.readAllBytes();
    String functionArn = context == null ? null : context.getInvokedFunctionArn();
    Optional<InvokerEvent> event;
    Optional<InvokerQuery> query;
    try {
      event = InvokerEvent.recognize(json);
      query = event.isPresent() ? Optional.empty() : InvokerQuery.recognize(json);
    } catch (InvokerProtocolException e) {
      output.write(InvokerAnswer.error(e.code(), e.getMessage()).toJsonBytes());
      return;
    }
    if (query.isPresent()) {
      output.write(answer(query.get()));
      return;
    }
    if (event.isPresent()) {
      output.write(invoker.handle(event.get(), functionArn));
    } else {
      output.write(invoker.handle(json, Invoker.Call.of(functionArn)).toJsonBytes());
    }
  }

  private byte[] answer(InvokerQuery query) {
    try {
      return queries.answer(query);
    } catch (InvokerProtocolException e) {
      return InvokerAnswer.error(e.code(), e.getMessage()).toJsonBytes();
    } catch (SdkException e) {
      return InvokerAnswer.error(
              InvokerErrorCode.AWS_ERROR, "An S3 call of the invoker failed: " + e.getMessage())
          .toJsonBytes();
    }
  }
}
