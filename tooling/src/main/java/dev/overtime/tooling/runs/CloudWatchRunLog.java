package dev.overtime.tooling.runs;

import dev.overtime.aws.protocol.RunLogStreams;
import dev.overtime.runtime.EngineUnavailableException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * A run's log on AWS: the CloudWatch Logs stream of each task its attempts ran in, in attempt
 * order, read forward with {@code GetLogEvents}. Each stream is read from its head and then from
 * its {@code nextForwardToken}; a page may be empty while more events follow, and the end of a
 * stream is the answer that returns the token it was given (CloudWatch Logs API reference,
 * GetLogEvents:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html). A
 * stream the awslogs driver has not created yet (the task is still starting) is read later.
 */
public final class CloudWatchRunLog implements RunLog {
  /** Pages read from one stream per call, so that one call stays short. */
  static final int PAGES_PER_CALL = 50;

  private final CloudWatchLogsClient logs;
  private final String group;
  private final Supplier<List<RunLogStreams.Stream>> streams;
  private final Map<String, String> tokens = new HashMap<>();
  private final Set<String> announced = new HashSet<>();

  /**
   * @param group the jobs' log group (stack output {@code LogGroupName})
   * @param streams the run's streams, asked again at every read (a retry adds one)
   */
  public CloudWatchRunLog(
      CloudWatchLogsClient logs, String group, Supplier<List<RunLogStreams.Stream>> streams) {
    this.logs = logs;
    this.group = group;
    this.streams = streams;
  }

  @Override
  public String next(boolean ended) {
    StringBuilder text = new StringBuilder();
    List<RunLogStreams.Stream> all = streams.get();
    for (RunLogStreams.Stream stream : all) {
      read(stream, all.size() > 1, text);
    }
    return text.toString();
  }

  private void read(RunLogStreams.Stream stream, boolean several, StringBuilder text) {
    String name = stream.logStream();
    for (int page = 0; page < PAGES_PER_CALL; page++) {
      String token = tokens.get(name);
      GetLogEventsResponse response;
      try {
        response =
            logs.getLogEvents(
                b -> {
                  b.logGroupName(group).logStreamName(name).startFromHead(true);
                  if (token != null) {
                    b.nextToken(token);
                  }
                });
      } catch (ResourceNotFoundException e) {
        return; // not created yet
      } catch (AwsServiceException e) {
        throw new EngineUnavailableException(
            "CloudWatch Logs refused to read stream "
                + name
                + " of log group "
                + group
                + " ("
                + e.statusCode()
                + " "
                + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode())
                + "). The caller needs logs:GetLogEvents on the group: attach the stack's"
                + " ClientPolicy output to the caller's role.",
            e);
      } catch (SdkClientException e) {
        throw new EngineUnavailableException(
            "Could not reach CloudWatch Logs to read "
                + group
                + ": "
                + e.getMessage()
                + ". Check AWS_REGION, the network and the credentials.",
            e);
      }
      if (!response.events().isEmpty() && several && announced.add(name)) {
        text.append("[overtime] attempt ")
            .append(stream.attempt())
            .append(", task ")
            .append(stream.taskId())
            .append('\n');
      }
      for (OutputLogEvent event : response.events()) {
        text.append(event.message());
        if (!event.message().endsWith("\n")) {
          text.append('\n');
        }
      }
      String next = response.nextForwardToken();
      if (next == null || next.equals(token)) {
        return; // the end of the stream for now
      }
      tokens.put(name, next);
    }
  }
}
