package dev.overtime.sample;

import dev.overtime.runtime.Engine;
import dev.overtime.runtime.Engines;
import dev.overtime.runtime.InvalidPayloadException;
import dev.overtime.runtime.JobClient;
import dev.overtime.runtime.JobRun;
import dev.overtime.runtime.RunStatus;
import dev.overtime.runtime.internal.JsonCodec;
import java.io.IOException;
import java.time.Duration;

/**
 * Entry point of {@code sample-app.jar}.
 *
 * <pre>
 * java -jar sample-app.jar                             # the HTTP API on $HOST:$PORT (127.0.0.1:8080)
 * java -jar sample-app.jar run factorial '{"num": 20}' # one run on the default engine; prints the result
 * </pre>
 */
public final class SampleApp {
  private SampleApp() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 0) {
      serve();
    } else if (args.length == 3 && args[0].equals("run")) {
      System.exit(runOnce(args[1], args[2]));
    } else {
      System.err.println(
          "usage: java -jar sample-app.jar                      (start the HTTP API)\n"
              + "       java -jar sample-app.jar run <factorial|transcode> <payload JSON>\n"
              + "example: java -jar sample-app.jar run factorial '{\"num\": 20}'");
      System.exit(2);
    }
  }

  private static void serve() throws IOException, InterruptedException {
    String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
    int port = portFromEnvironment();
    Engine engine = Engines.defaultEngine();
    SampleApi api = SampleApi.start(engine, host, port);
    System.out.println(
        "Sample API on http://"
            + host
            + ":"
            + api.port()
            + " (engine: "
            + engine.name()
            + "); try: curl -s -X POST localhost:"
            + api.port()
            + "/api/factorial -d '{\"num\": 20}'");
    Runtime.getRuntime().addShutdownHook(new Thread(api::close, "sample-api-stop"));
    Thread.currentThread().join();
  }

  private static int portFromEnvironment() {
    String port = System.getenv().getOrDefault("PORT", "8080");
    try {
      int value = Integer.parseInt(port.trim());
      if (value < 0 || value > 65535) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      System.err.println("PORT must be a number from 0 to 65535, was '" + port + "'");
      System.exit(2);
      return -1;
    }
  }

  private static int runOnce(String job, String payloadJson) {
    Engine engine = Engines.defaultEngine();
    try {
      JobRun<?> run =
          switch (job) {
            case "factorial" -> start(Jobs.factorial(engine), payloadJson, FactorialPayload.class);
            case "transcode" -> start(Jobs.transcode(engine), payloadJson, TranscodePayload.class);
            default ->
                throw new IllegalArgumentException(
                    "unknown job '" + job + "'; use factorial or transcode");
          };
      System.out.println("Job started: " + run.id());
      JobRun<?> done = run.await(Duration.ofHours(3));
      if (done.status() != RunStatus.SUCCEEDED) {
        System.err.println(
            "Run "
                + done.id()
                + " ended "
                + done.status()
                + done.error().map(e -> ": " + e).orElse(""));
        return 1;
      }
      System.out.println("Result: " + JsonCodec.shared().encode(done.result()));
      return 0;
    } catch (InvalidPayloadException | IllegalArgumentException e) {
      System.err.println("Bad payload for " + job + ": " + e.getMessage());
      return 2;
    }
  }

  private static <P> JobRun<?> start(JobClient<P, ?> client, String payloadJson, Class<P> type) {
    return client.run(JsonCodec.shared().decode(payloadJson, type));
  }
}
