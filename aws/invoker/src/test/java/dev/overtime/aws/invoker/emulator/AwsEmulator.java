package dev.overtime.aws.invoker.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-JVM emulation of the parts of Lambda, ECS, S3, EventBridge and EventBridge Scheduler that
 * Overtime uses, on one port of 127.0.0.1, for the real AWS SDK clients (endpoint override, dummy
 * credentials, path-style S3). Requests are routed by shape: {@code X-Amz-Target} → ECS, {@code
 * /2015-03-31/functions/…} → Lambda, anything else → S3. Every request is recorded; faults can be
 * injected.
 *
 * <pre>{@code
 * try (AwsEmulator aws = AwsEmulator.start()) {
 *   aws.lambda().register("overtime-invoker", handler);
 *   aws.ecs().launcher((taskDefinition, env) -> new ProcessBuilder(...).environment(env)...start());
 * }
 * }</pre>
 */
public final class AwsEmulator implements AutoCloseable {
  /** The region the dummy clients use. */
  public static final String REGION = "us-east-1";

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "aws-emulator");
            thread.setDaemon(true);
            return thread;
          });
  private final EmulatedS3 s3 = new EmulatedS3();
  private final EmulatedLogs logs = new EmulatedLogs();
  private final EmulatedLambda lambda = new EmulatedLambda();
  private final EmulatedEcs ecs;
  private final EmulatedScheduler scheduler = new EmulatedScheduler(lambda);
  private final EmulatedEventBridge events;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Deque<InjectedFault> faults = new ArrayDeque<>();
  private final List<LostAnswer> lostAnswers = new ArrayList<>();

  /** A request to serve and then answer with {@code fault}, as if its answer were lost. */
  private record LostAnswer(String method, String pathSuffix, InjectedFault fault) {}

  private AwsEmulator() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    ecs = new EmulatedEcs(environment());
    events = new EmulatedEventBridge(lambda, ecs);
  }

  public static AwsEmulator start() throws IOException {
    return new AwsEmulator();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The variables that point an AWS SDK at this emulator: region, dummy credentials, endpoint and
   * path-style S3. Emulated tasks get them too.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", "emulated");
    env.put("AWS_SECRET_ACCESS_KEY", "emulated");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    env.put("OVERTIME_S3_PATH_STYLE", "true");
    return env;
  }

  public EmulatedS3 s3() {
    return s3;
  }

  public EmulatedEcs ecs() {
    return ecs;
  }

  public EmulatedLambda lambda() {
    return lambda;
  }

  /** CloudWatch Logs ({@code GetLogEvents}); ECS writes to it with {@link EmulatedEcs#awslogs}. */
  public EmulatedLogs logs() {
    return logs;
  }

  public EmulatedScheduler scheduler() {
    return scheduler;
  }

  public EmulatedEventBridge events() {
    return events;
  }

  /** An EventBridge Scheduler client for this emulator. */
  public software.amazon.awssdk.services.scheduler.SchedulerClient schedulerClient() {
    return software.amazon.awssdk.services.scheduler.SchedulerClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** The requests received so far for {@code service} ({@code lambda}, {@code ecs}, {@code s3}). */
  public List<RecordedRequest> requests(String service) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest request : requests) {
      if (request.service().equals(service)) {
        matching.add(request);
      }
    }
    return matching;
  }

  /** Answers the next {@code times} requests to {@code fault.service()} with the fault. */
  public void failNext(InjectedFault fault, int times) {
    synchronized (faults) {
      for (int i = 0; i < times; i++) {
        faults.add(fault);
      }
    }
  }

  /**
   * Serves the next {@code method} request to {@code fault.service()} whose path ends with {@code
   * pathSuffix} (before its query), then answers it with the fault instead of its own answer: the
   * write happened, and the client, seeing an error, retries it. This is what a connection reset or
   * a 500 after the write looks like to an SDK client.
   */
  public void loseNextAnswer(String method, String pathSuffix, InjectedFault fault) {
    synchronized (faults) {
      lostAnswers.add(new LostAnswer(method, pathSuffix, fault));
    }
  }

  /** Drops the faults not yet answered. */
  public void clearFaults() {
    synchronized (faults) {
      faults.clear();
      lostAnswers.clear();
    }
  }

  /** An ECS client for this emulator. */
  public EcsClient ecsClient() {
    return EcsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A path-style S3 client for this emulator. */
  public S3Client s3Client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(ClientOverrideConfiguration.builder().build())
        .build();
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("emulated", "emulated"));
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
      String sha = first(headers, "x-amz-content-sha256");
      String encoding = first(headers, "content-encoding");
      byte[] body =
          (sha != null && sha.startsWith("STREAMING-"))
                  || (encoding != null && encoding.contains("aws-chunked"))
              ? EmulatedS3.decodeAwsChunked(raw)
              : raw;
      String path =
          exchange.getRequestURI().getRawPath()
              + (exchange.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + exchange.getRequestURI().getRawQuery());
      String service =
          EmulatedLogs.serves(first(headers, "x-amz-target"))
              ? "logs"
              : first(headers, "x-amz-target") != null
                  ? "ecs"
                  : path.startsWith("/2015-03-31/functions/")
                      ? "lambda"
                      : EmulatedScheduler.serves(path) ? "scheduler" : "s3";
      RecordedRequest request =
          new RecordedRequest(service, exchange.getRequestMethod(), path, headers, body);
      requests.add(request);
      EmulatedResponse response;
      try {
        InjectedFault fault = nextFault(service);
        if (fault != null) {
          response = error(fault);
        } else {
          response =
              switch (service) {
                case "lambda" -> lambda.handle(request);
                case "ecs" -> ecs.handle(request);
                case "scheduler" -> scheduler.handle(request);
                case "logs" -> logs.handle(request);
                default -> s3.handle(request);
              };
          InjectedFault lost = nextLostAnswer(service, exchange.getRequestMethod(), path);
          if (lost != null) {
            response = error(lost);
          }
        }
      } catch (RuntimeException | IOException e) {
        e.printStackTrace();
        response = EmulatedEcs.error(500, "InternalFailure", "emulator failure: " + e);
      }
      response
          .headers()
          .forEach(
              (name, value) -> {
                if (!name.equalsIgnoreCase("Content-Length")) {
                  exchange.getResponseHeaders().add(name, value);
                }
              });
      exchange.getResponseHeaders().add("x-amzn-RequestId", "emulated");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head) {
        String length = response.headers().get("Content-Length");
        if (length != null) {
          exchange.getResponseHeaders().set("Content-Length", length);
        }
        exchange.sendResponseHeaders(response.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(
          response.status(), response.body().length == 0 ? -1 : response.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }

  private static EmulatedResponse error(InjectedFault fault) {
    String message = "injected " + fault.errorCode();
    return switch (fault.service()) {
      case "lambda" -> EmulatedLambda.error(fault.status(), fault.errorCode(), message);
      case "ecs" -> EmulatedEcs.error(fault.status(), fault.errorCode(), message);
      case "scheduler" -> EmulatedScheduler.error(fault.status(), fault.errorCode(), message);
      default -> EmulatedS3.error(fault.status(), fault.errorCode(), message);
    };
  }

  private InjectedFault nextLostAnswer(String service, String method, String path) {
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    synchronized (faults) {
      for (int i = 0; i < lostAnswers.size(); i++) {
        LostAnswer lost = lostAnswers.get(i);
        if (lost.fault().service().equals(service)
            && lost.method().equals(method)
            && bare.endsWith(lost.pathSuffix())) {
          return lostAnswers.remove(i).fault();
        }
      }
      return null;
    }
  }

  private InjectedFault nextFault(String service) {
    synchronized (faults) {
      InjectedFault next = faults.peek();
      if (next != null && next.service().equals(service)) {
        return faults.poll();
      }
      return null;
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void close() {
    events.close();
    scheduler.close();
    ecs.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
