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
 * Path-style S3 objects in memory: {@code GET}, {@code PUT} (with {@code If-None-Match: *}) and
 * {@code HEAD} of {@code /bucket/key}.
 */
public final class EmulatedS3 {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  /** The object at {@code bucket/key}, if any. */
  public Optional<byte[]> object(String bucket, String key) {
    return Optional.ofNullable(objects.get(bucket + "/" + key));
  }

  public void put(String bucket, String key, byte[] bytes) {
    objects.put(bucket + "/" + key, bytes);
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
          objects.put(name, request.body());
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
      default -> {
        return error(405, "MethodNotAllowed", request.method() + " is not emulated");
      }
    }
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
