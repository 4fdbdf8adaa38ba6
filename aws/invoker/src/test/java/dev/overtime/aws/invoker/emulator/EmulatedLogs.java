package dev.overtime.aws.invoker.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudWatch Logs' {@code GetLogEvents} (JSON 1.1, {@code X-Amz-Target:
 * Logs_20140328.GetLogEvents}), as strict as its documentation (CloudWatch Logs API reference,
 * GetLogEvents:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html):
 *
 * <ul>
 *   <li>an unknown group or stream is a {@code ResourceNotFoundException};
 *   <li>a page holds at most {@code limit} events (default and most 10,000) — here at most {@link
 *       #pageEvents} too, so that clients must follow {@code nextForwardToken};
 *   <li>"This operation can return empty results while there are more log events available through
 *       the token": with {@link #emptyPages}, every page with events is preceded by an empty one
 *       whose token differs from the one passed;
 *   <li>"If you have reached the end of the stream, it returns the same token you passed in";
 *   <li>with a {@code nextToken} from a previous {@code nextForwardToken}, {@code startFromHead}
 *       must be true; without a token and with {@code startFromHead} false (the default), the
 *       newest events are returned.
 * </ul>
 *
 * <p>Streams are written as the {@code awslogs} driver writes them: created when the container
 * starts, one event per line of its output ({@link #pump}).
 */
public final class EmulatedLogs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<Event>> streams = new ConcurrentHashMap<>();
  private volatile int pageEvents = 10_000;
  private volatile boolean emptyPages;

  private record Event(long timestamp, String message) {}

  /** At most this many events per page. */
  public void pageEvents(int events) {
    this.pageEvents = events;
  }

  /** Whether each page with events is preceded by an empty page with another token. */
  public void emptyPages(boolean on) {
    this.emptyPages = on;
  }

  /** Creates the stream (the awslogs driver does when the container starts). */
  public void createStream(String group, String stream) {
    streams.putIfAbsent(
        group + "\n" + stream, java.util.Collections.synchronizedList(new ArrayList<>()));
  }

  /** Appends one event. */
  public void append(String group, String stream, String message) {
    createStream(group, stream);
    streams.get(group + "\n" + stream).add(new Event(Instant.now().toEpochMilli(), message));
  }

  /** Creates the stream and appends each line of {@code output} as an event, on a daemon thread. */
  public void pump(String group, String stream, InputStream output) {
    createStream(group, stream);
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  append(group, stream, line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "emulated-awslogs");
    thread.setDaemon(true);
    thread.start();
  }

  static boolean serves(String target) {
    return target != null && target.startsWith("Logs_20140328.");
  }

  EmulatedResponse handle(RecordedRequest request) throws IOException {
    String target = request.header("x-amz-target");
    JsonNode body = JSON.readTree(request.body());
    if (!"Logs_20140328.GetLogEvents".equals(target)) {
      return error(400, "InvalidOperationException", "not emulated: " + target);
    }
    String group = body.path("logGroupName").asText(body.path("logGroupIdentifier").asText(""));
    String name = body.path("logStreamName").asText("");
    List<Event> events = streams.get(group + "\n" + name);
    if (events == null) {
      return error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
    }
    boolean fromHead = body.path("startFromHead").asBoolean(false);
    int limit = Math.min(body.path("limit").asInt(10_000), pageEvents);
    String token = body.hasNonNull("nextToken") ? body.get("nextToken").asText() : null;
    List<Event> snapshot;
    synchronized (events) {
      snapshot = new ArrayList<>(events);
    }
    int from;
    boolean emptyDone = false;
    if (token == null) {
      from = fromHead ? 0 : Math.max(0, snapshot.size() - limit);
    } else {
      if (!token.startsWith("f/")) {
        return error(400, "InvalidParameterException", "The specified nextToken is invalid.");
      }
      if (!fromHead) {
        return error(
            400,
            "InvalidParameterException",
            "startFromHead must be true when nextToken is a nextForwardToken.");
      }
      String[] parts = token.split("/");
      from = Integer.parseInt(parts[1]);
      emptyDone = parts.length > 2;
    }
    int to = Math.min(snapshot.size(), from + limit);
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode out = answer.putArray("events");
    if (to > from && emptyPages && !emptyDone) {
      answer.put("nextForwardToken", "f/" + from + "/e");
      answer.put("nextBackwardToken", "b/" + from);
      return ok(answer);
    }
    for (Event event : snapshot.subList(from, to)) {
      out.addObject()
          .put("timestamp", event.timestamp())
          .put("message", event.message())
          .put("ingestionTime", event.timestamp());
    }
    // At the end, the same token that was passed in.
    String forward = to == from && token != null ? token : "f/" + to;
    answer.put("nextForwardToken", forward);
    answer.put("nextBackwardToken", "b/" + from);
    return ok(answer);
  }

  private static EmulatedResponse ok(ObjectNode body) {
    return EmulatedResponse.json(200, body.toString());
  }

  static EmulatedResponse error(int status, String type, String message) {
    return EmulatedEcs.error(status, type, message);
  }
}
