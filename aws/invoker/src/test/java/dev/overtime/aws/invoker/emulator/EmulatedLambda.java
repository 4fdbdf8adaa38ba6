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
 * registered handlers in this JVM. A handler that throws answers as Lambda does: status 200 with
 * {@code X-Amz-Function-Error: Unhandled} and {@code {"errorMessage","errorType"}}.
 */
public final class EmulatedLambda {
  private static final String PREFIX = "/2015-03-31/functions/";
  private final Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();

  public void register(String functionName, RequestStreamHandler handler) {
    functions.put(functionName, handler);
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(request.body()), out, new EmulatedContext(name));
    } catch (Exception | Error e) {
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
    return EmulatedResponse.of(
        200,
        out.toByteArray(),
        Map.of("X-Amz-Executed-Version", "$LATEST", "Content-Type", "application/json"));
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
