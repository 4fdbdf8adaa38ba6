package dev.overtime.aws.invoker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.overtime.aws.protocol.S3Location;
import dev.overtime.contract.Began;
import dev.overtime.contract.OutcomeDocument;
import dev.overtime.contract.OutcomeDocumentException;
import dev.overtime.contract.RunOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The bucket as the invoker's durable record. Layout under the prefix:
 *
 * <pre>
 * runs/&lt;runId&gt;/run.json                   the {@link StoredRun}
 * runs/&lt;runId&gt;/payload.json               a payload too large for the container overrides
 * runs/&lt;runId&gt;/attempt-&lt;n&gt;/outcome.json   what the bootstrap wrote for attempt n (OVERTIME_RESULT_URI)
 * runs/&lt;runId&gt;/attempt-&lt;n&gt;/began.json     written just before attempt n's handler began (OVERTIME_BEGAN_URI)
 * payloads/&lt;uuid&gt;.json                    payloads the client uploaded itself (above 256 KiB)
 * idempotency/&lt;job&gt;/&lt;sha256(key)&gt;.json    {"runId":"…"}, created only if absent
 * </pre>
 */
final class RunStore {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  RunStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  String bucket() {
    return bucket;
  }

  Optional<StoredRun> load(String runId) {
    return read(prefix + "runs/" + runId + "/run.json")
        .map(
            bytes -> {
              try {
                return MAPPER.readValue(bytes, StoredRun.class);
              } catch (IOException e) {
                throw new UncheckedIOException("run record of " + runId + " is unreadable", e);
              }
            });
  }

  void save(StoredRun run) {
    try {
      put(prefix + "runs/" + run.runId() + "/run.json", MAPPER.writeValueAsBytes(run), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stores a payload for the container to read; returns its URI. */
  URI putPayload(String runId, byte[] payload) {
    String key = prefix + "runs/" + runId + "/payload.json";
    put(key, payload, false);
    return new S3Location(bucket, key).toUri();
  }

  URI outcomeUri(String runId, int attempt) {
    return new S3Location(
            bucket, prefix + "runs/" + runId + "/attempt-" + attempt + "/outcome.json")
        .toUri();
  }

  URI beganUri(String runId, int attempt) {
    return new S3Location(bucket, prefix + "runs/" + runId + "/attempt-" + attempt + "/began.json")
        .toUri();
  }

  /**
   * The outcome document of an attempt, if its process wrote one that can be read; one that cannot
   * is said in the invoker's log and counts as none (the lifecycle then decides from the exit).
   */
  Optional<Outcome> outcome(String runId, int attempt) {
    return read(S3Location.of(outcomeUri(runId, attempt)).key())
        .flatMap(
            bytes -> {
              try {
                return Optional.of(new Outcome(OutcomeDocument.read(bytes), bytes.length));
              } catch (OutcomeDocumentException e) {
                System.err.println(
                    "[overtime] invoker: cannot read the outcome of run "
                        + runId
                        + " attempt "
                        + attempt
                        + ": "
                        + e.getMessage());
                return Optional.empty();
              }
            });
  }

  /** Whether the run's current attempt began its handler, from its began document. */
  Began began(StoredRun run) {
    if (!run.marksBegan()) {
      return Began.UNKNOWN;
    }
    try {
      return InvokerAttempts.began(
          run, read(S3Location.of(beganUri(run.runId(), run.attempt())).key()));
    } catch (S3Exception e) {
      // Unreadable is not absent: assume the handler may have begun, so it never runs twice.
      System.err.println(
          "[overtime] invoker: cannot read the began document of run "
              + run.runId()
              + ": "
              + e.getMessage());
      return Began.UNKNOWN;
    }
  }

  /**
   * Claims an idempotency key for {@code runId}: creates the key's object only if it does not exist
   * (an S3 conditional write), so two concurrent runs with one key agree on one run id.
   *
   * @return the run id that owns the key: {@code runId} if this call created it
   */
  String claimIdempotencyKey(String job, String key, String runId) {
    String objectKey = prefix + "idempotency/" + job + "/" + sha256(key) + ".json";
    byte[] body = ("{\"runId\":\"" + runId + "\"}").getBytes(StandardCharsets.UTF_8);
    try {
      put(objectKey, body, true);
      return runId;
    } catch (S3Exception e) {
      if (e.statusCode() != 412 && e.statusCode() != 409) {
        throw e;
      }
      byte[] existing = read(objectKey).orElseThrow(() -> e);
      try {
        return MAPPER.readTree(existing).path("runId").asText();
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
    }
  }

  private Optional<byte[]> read(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  private void put(String key, byte[] body, boolean onlyIfAbsent) {
    s3.putObject(
        b -> {
          b.bucket(bucket).key(key).contentType("application/json");
          if (onlyIfAbsent) {
            b.ifNoneMatch("*");
          }
        },
        RequestBody.fromBytes(body));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An outcome document as the bootstrap wrote it.
   *
   * @param outcome the document, read by the contract's reader
   * @param sizeBytes its size, to decide whether the result fits in the Lambda answer
   */
  record Outcome(RunOutcome outcome, int sizeBytes) {}
}
