package dev.overtime.aws.invoker.emulator;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lambda {@code Invoke} API ({@code POST /2015-03-31/functions/<name>/invocations}), calling
 * registered handlers in this JVM, with Lambda's documented behaviour
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html):
 *
 * <ul>
 *   <li>a handler that throws answers status 200 with {@code X-Amz-Function-Error: Unhandled} and
 *       {@code {"errorMessage","errorType"}};
 *   <li>requests and responses of a synchronous invocation are at most 6 MB (Lambda quotas:
 *       https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): a larger request
 *       is 413 {@code RequestTooLargeException}, a larger response a function error {@code
 *       Function.ResponseSizeTooLarge};
 *   <li>an invocation running past the function's timeout ends as a function error "Task timed out
 *       after N seconds" ({@link #timeout});
 *   <li>asynchronous invocations (EventBridge, Scheduler) that fail are retried twice (Lambda
 *       Developer Guide, "Error handling and automatic retries in Lambda":
 *       https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html), and Lambda may
 *       invoke a function more than once for one event ({@link #duplicateNextInvocations}).
 * </ul>
 */
public final class EmulatedLambda {
  private static final String PREFIX = "/2015-03-31/functions/";

  /** Lambda's limit on a synchronous request and response: 6 MB. */
  public static final int PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

  private final Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();
  private final java.util.concurrent.ExecutorService runner =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "emulated-lambda");
            thread.setDaemon(true);
            return thread;
          });
  private final java.util.concurrent.atomic.AtomicInteger duplicates =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.time.Duration timeout = java.time.Duration.ofSeconds(60);

  public void register(String functionName, RequestStreamHandler handler) {
    functions.put(functionName, handler);
  }

  /** The functions' timeout (default 60 s, the invoker's in the stack). */
  public void timeout(java.time.Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Runs each of the next {@code count} synchronous invocations twice and answers the second, as
   * when the SDK retries an invocation whose answer was lost.
   */
  public void duplicateNextInvocations(int count) {
    duplicates.set(count);
  }

  /**
   * An asynchronous invocation of {@code function} (a name or an ARN) with {@code event}: runs in
   * the background, and is retried twice if the function fails.
   */
  public void invokeAsync(String function, byte[] event) {
    String name = function.substring(function.lastIndexOf(':') + 1);
    runner.execute(
        () -> {
          for (int attempt = 1; attempt <= 3; attempt++) {
            RequestStreamHandler handler = functions.get(name);
            if (handler == null) {
              return;
            }
            try {
              handler.handleRequest(
                  new ByteArrayInputStream(event),
                  new ByteArrayOutputStream(),
                  new EmulatedContext(name));
              return;
            } catch (Exception | Error e) {
              System.err.println("[emulated lambda] async invocation of " + name + " failed: " + e);
            }
          }
        });
  }

  EmulatedResponse handle(RecordedRequest request) {
    String path = request.path();
    if (!request.method().equals("POST")
        || !path.startsWith(PREFIX)
        || !path.contains("/invocations")) {
      return error(400, "InvalidRequestContentException", "only Invoke is emulated");
    }
    String name =
        URLDecoder.decode(
            path.substring(PREFIX.length(), path.indexOf("/invocations")), StandardCharsets.UTF_8);
    RequestStreamHandler handler = functions.get(name);
    if (handler == null) {
      return error(
          404,
          "ResourceNotFoundException",
          "Function not found: arn:aws:lambda:us-east-1:000000000000:function:" + name);
    }
    if (request.body().length > PAYLOAD_LIMIT_BYTES) {
      return error(
          413,
          "RequestTooLargeException",
          "Request must be smaller than "
              + PAYLOAD_LIMIT_BYTES
              + " bytes for the InvokeFunction operation");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (duplicates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        run(handler, name, request.body(), new ByteArrayOutputStream());
      }
      run(handler, name, request.body(), out);
    } catch (java.util.concurrent.TimeoutException e) {
      return functionError(
          "Task timed out after " + timeout.toSeconds() + ".00 seconds", "Sandbox.Timedout");
    } catch (Exception | Error thrown) {
      Throwable e =
          thrown instanceof java.util.concurrent.ExecutionException && thrown.getCause() != null
              ? thrown.getCause()
              : thrown;
      String body =
          "{\"errorMessage\":"
              + quote(String.valueOf(e.getMessage()))
              + ",\"errorType\":"
              + quote(e.getClass().getName())
              + "}";
      return EmulatedResponse.of(
          200,
          body.getBytes(StandardCharsets.UTF_8),
          Map.of("X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "$LATEST"));
    }
    if (out.size() > PAYLOAD_LIMIT_BYTES) {
      return functionError(
          "Response payload size ("
              + out.size()
              + " bytes) exceeded maximum allowed payload size ("
              + PAYLOAD_LIMIT_BYTES
              + " bytes).",
          "Function.ResponseSizeTooLarge");
    }
    return EmulatedResponse.of(
        200,
        out.toByteArray(),
        Map.of("X-Amz-Executed-Version", "$LATEST", "Content-Type", "application/json"));
  }

  private void run(
      RequestStreamHandler handler, String name, byte[] body, ByteArrayOutputStream out)
      throws Exception {
    java.util.concurrent.Future<?> invocation =
        runner.submit(
            () -> {
              handler.handleRequest(new ByteArrayInputStream(body), out, new EmulatedContext(name));
              return null;
            });
    try {
      invocation.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      invocation.cancel(true);
      throw e;
    }
  }

  private static EmulatedResponse functionError(String message, String type) {
    String body = "{\"errorMessage\":" + quote(message) + ",\"errorType\":" + quote(type) + "}";
    return EmulatedResponse.of(
        200,
        body.getBytes(StandardCharsets.UTF_8),
        Map.of("X-Amz-Function-Error", "Unhandled", "X-Amz-Executed-Version", "$LATEST"));
  }

  static EmulatedResponse error(int status, String type, String message) {
    String body = "{\"Type\":\"User\",\"message\":" + quote(message) + "}";
    return EmulatedResponse.of(
        status,
        body.getBytes(StandardCharsets.UTF_8),
        Map.of("x-amzn-ErrorType", type, "Content-Type", "application/json"));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private record EmulatedContext(String name) implements Context {
    @Override
    public String getAwsRequestId() {
      return UUID.randomUUID().toString();
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/" + name;
    }

    @Override
    public String getLogStreamName() {
      return "emulated";
    }

    @Override
    public String getFunctionName() {
      return name;
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.write(message, 0, message.length);
        }
      };
    }
  }
}
