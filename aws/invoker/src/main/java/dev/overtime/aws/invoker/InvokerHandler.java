package dev.overtime.aws.invoker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Lambda entry point: {@code dev.overtime.aws.invoker.InvokerHandler::handleRequest}. Reads one
 * {@link dev.overtime.aws.protocol.InvokerRequest} JSON document and writes one {@link
 * dev.overtime.aws.protocol.InvokerAnswer}. Configuration is read from the function's environment
 * ({@link InvokerConfig}) once per Lambda instance.
 */
public final class InvokerHandler implements RequestStreamHandler {
  private final Invoker invoker;

  /** The constructor Lambda calls: configuration and clients from the environment. */
  public InvokerHandler() {
    this(System.getenv());
  }

  /** An invoker configured from {@code environment}, with SDK clients made from the process's. */
  public InvokerHandler(Map<String, String> environment) {
    this(
        environment,
        EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
        S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build());
  }

  /** An invoker using the given clients (tests point them at an emulator). */
  public InvokerHandler(Map<String, String> environment, EcsClient ecs, S3Client s3) {
    InvokerConfig config = InvokerConfig.fromEnvironment(environment);
    this.invoker =
        new Invoker(
            config,
            new RunStore(s3, config.bucket(), config.prefix()),
            new TaskRunner(ecs, config),
            Clock.systemUTC());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    output.write(invoker.handle(input.readAllBytes()).toJsonBytes());
  }
}
