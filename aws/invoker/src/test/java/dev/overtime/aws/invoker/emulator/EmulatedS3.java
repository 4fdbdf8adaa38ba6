package dev.overtime.aws.invoker.emulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Path-style S3 objects in memory: {@code GET}, {@code PUT}, {@code HEAD} and {@code DELETE} of
 * {@code /bucket/key}, and {@code ListObjectsV2} of {@code /bucket?list-type=2}. Conditional writes
 * as S3 does them (S3 User Guide, "How to prevent object overwrites with conditional writes":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html): {@code
 * If-None-Match: *} on an existing key and {@code If-Match} with another ETag answer 412 {@code
 * PreconditionFailed}; {@code If-Match} on a missing key answers 404 {@code NoSuchKey}. The 409
 * {@code ConditionalRequestConflict} S3 gives while another conditional write of the key is in
 * flight is injected with {@link AwsEmulator#failNext}. The end-to-end tests run the S3 side
 * against s3proxy, a third-party implementation, instead.
 */
public final class EmulatedS3 {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Map<String, java.time.Instant> modified = new ConcurrentHashMap<>();

  /** The object at {@code bucket/key}, if any. */
  public Optional<byte[]> object(String bucket, String key) {
    return Optional.ofNullable(objects.get(bucket + "/" + key));
  }

  public void put(String bucket, String key, byte[] bytes) {
    objects.put(bucket + "/" + key, bytes);
    modified.put(bucket + "/" + key, java.time.Instant.now());
  }

  /** Every stored object name, {@code bucket/key}. */
  public java.util.Set<String> names() {
    return new java.util.TreeSet<>(objects.keySet());
  }

  EmulatedResponse handle(RecordedRequest request) {
    String path = request.path();
    String name = path.startsWith("/") ? path.substring(1) : path;
    int query = name.indexOf('?');
    if (query >= 0) {
      name = name.substring(0, query);
    }
    name = java.net.URLDecoder.decode(name, StandardCharsets.UTF_8);
    if (name.indexOf('/') < 0 && request.method().equals("GET") && path.contains("list-type=2")) {
      return list(name, path.substring(path.indexOf('?') + 1));
    }
    if (name.indexOf('/') <= 0) {
      return error(400, "InvalidRequest", "the emulator serves only path-style object requests");
    }
    switch (request.method()) {
      case "PUT" -> {
        synchronized (objects) {
          if ("*".equals(request.header("if-none-match")) && objects.containsKey(name)) {
            return error(
                412,
                "PreconditionFailed",
                "At least one of the pre-conditions you specified did not hold");
          }
          String ifMatch = request.header("if-match");
          if (ifMatch != null) {
            byte[] existing = objects.get(name);
            if (existing == null) {
              return error(404, "NoSuchKey", "The specified key does not exist.");
            }
            if (!ifMatch.equals(etag(existing))) {
              return error(
                  412,
                  "PreconditionFailed",
                  "At least one of the pre-conditions you specified did not hold");
            }
          }
          objects.put(name, request.body());
          modified.put(name, java.time.Instant.now());
        }
        return EmulatedResponse.of(200, new byte[0], Map.of("ETag", etag(request.body())));
      }
      case "GET" -> {
        byte[] body = objects.get(name);
        if (body == null) {
          return error(404, "NoSuchKey", "The specified key does not exist.");
        }
        return EmulatedResponse.of(
            200, body, Map.of("ETag", etag(body), "Content-Type", "application/json"));
      }
      case "HEAD" -> {
        byte[] body = objects.get(name);
        if (body == null) {
          return EmulatedResponse.of(404, new byte[0], Map.of());
        }
        return EmulatedResponse.of(
            200,
            new byte[0],
            Map.of("ETag", etag(body), "Content-Length", Integer.toString(body.length)));
      }
      case "DELETE" -> {
        objects.remove(name);
        modified.remove(name);
        return EmulatedResponse.of(204, new byte[0], Map.of());
      }
      default -> {
        return error(405, "MethodNotAllowed", request.method() + " is not emulated");
      }
    }
  }

  /**
   * ListObjectsV2 with {@code prefix}, {@code start-after}, {@code delimiter} and {@code max-keys},
   * in key order. With a delimiter, the keys that share the part up to the first delimiter after
   * the prefix are one {@code CommonPrefixes} entry, which counts as one item against {@code
   * max-keys} (S3 API reference, ListObjectsV2:
   * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
   */
  private EmulatedResponse list(String bucket, String query) {
    Map<String, String> params = new java.util.HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            pair.substring(0, eq),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String prefix = params.getOrDefault("prefix", "");
    String startAfter = params.get("start-after");
    String delimiter = params.get("delimiter");
    String lastCommon = null;
    int maxKeys = Integer.parseInt(params.getOrDefault("max-keys", "1000"));
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>"
                + bucket
                + "</Name><Prefix>"
                + prefix
                + "</Prefix>");
    int count = 0;
    boolean truncated = false;
    for (String name : names()) {
      if (!name.startsWith(bucket + "/")) {
        continue;
      }
      String key = name.substring(bucket.length() + 1);
      if (!key.startsWith(prefix) || (startAfter != null && key.compareTo(startAfter) <= 0)) {
        continue;
      }
      if (delimiter != null && !delimiter.isEmpty()) {
        int at = key.indexOf(delimiter, prefix.length());
        if (at >= 0) {
          String common = key.substring(0, at + delimiter.length());
          if (common.equals(lastCommon)) {
            continue;
          }
          if (count == maxKeys) {
            truncated = true;
            break;
          }
          lastCommon = common;
          xml.append("<CommonPrefixes><Prefix>")
              .append(common)
              .append("</Prefix></CommonPrefixes>");
          count++;
          continue;
        }
      }
      if (count == maxKeys) {
        truncated = true;
        break;
      }
      byte[] body = objects.get(name);
      java.time.Instant when = modified.getOrDefault(name, java.time.Instant.now());
      xml.append("<Contents><Key>")
          .append(key)
          .append("</Key><LastModified>")
          .append(when.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
          .append("</LastModified><ETag>")
          .append(body == null ? "\"\"" : etag(body).replace("\"", "&quot;"))
          .append("</ETag><Size>")
          .append(body == null ? 0 : body.length)
          .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
      count++;
    }
    xml.append("<KeyCount>")
        .append(count)
        .append("</KeyCount><MaxKeys>")
        .append(maxKeys)
        .append("</MaxKeys><IsTruncated>")
        .append(truncated)
        .append("</IsTruncated></ListBucketResult>");
    return EmulatedResponse.of(
        200,
        xml.toString().getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/xml"));
  }

  static EmulatedResponse error(int status, String code, String message) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message><RequestId>emulated</RequestId></Error>";
    return EmulatedResponse.of(
        status, xml.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"));
  }

  /**
   * Removes aws-chunked framing ({@code <hex size>[;chunk-signature=…]\r\n<data>\r\n …
   * 0\r\n<trailers>\r\n\r\n}) that the SDK uses for streaming uploads with checksums.
   */
  static byte[] decodeAwsChunked(byte[] framed) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(framed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(framed.length);
    while (true) {
      String header = readLine(in);
      int semicolon = header.indexOf(';');
      int size =
          Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length != size) {
        throw new IOException("truncated aws-chunked body");
      }
      out.write(chunk);
      readLine(in);
    }
  }

  private static String readLine(ByteArrayInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        return line.toString();
      }
      line.append((char) c);
    }
    throw new IOException("unterminated aws-chunked line");
  }

  private static String etag(byte[] body) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
