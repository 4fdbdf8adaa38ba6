package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The text of {@code --payload}: inline JSON, {@code @file} or {@code @-} for standard input. */
final class PayloadArgument {
  private PayloadArgument() {}

  static String read(String argument, InputStream stdin) {
    if (argument == null) {
      return null;
    }
    if (!argument.startsWith("@")) {
      return argument;
    }
    String name = argument.substring(1);
    byte[] bytes;
    try {
      if (name.equals("-")) {
        bytes = stdin.readAllBytes();
      } else {
        Path file = Paths.get(name);
        if (Files.isDirectory(file)) {
          throw new CommandFailure(
              ExitStatus.BAD_INPUT,
              "--payload "
                  + argument
                  + ": "
                  + file.toAbsolutePath()
                  + " is a directory; name a"
                  + " JSON file.");
        }
        bytes = Files.readAllBytes(file);
      }
    } catch (NoSuchFileException e) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT,
          "--payload "
              + argument
              + ": no file "
              + Paths.get(name).toAbsolutePath()
              + ". Give inline JSON, @file.json or @- (standard input).");
    } catch (IOException e) {
      throw new CommandFailure(
          ExitStatus.ENVIRONMENT,
          "--payload " + argument + ": cannot read it: " + e.getMessage(),
          e);
    }
    return utf8(argument, bytes);
  }

  // JSON is UTF-8 (RFC 8259); a lenient decode would turn a stray byte into U+FFFD and submit it.
  private static String utf8(String argument, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CommandFailure(
          ExitStatus.BAD_INPUT,
          "--payload "
              + argument
              + ": not UTF-8 text (byte "
              + (firstMalformedByte(bytes) + 1)
              + " of "
              + bytes.length
              + "). Save the payload as UTF-8 JSON.");
    }
  }

  private static int firstMalformedByte(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }
}
