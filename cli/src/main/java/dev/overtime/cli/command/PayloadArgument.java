package dev.overtime.cli.command;

import dev.overtime.cli.CommandFailure;
import dev.overtime.cli.ExitStatus;
import java.io.IOException;
import java.io.InputStream;
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
    try {
      if (name.equals("-")) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path file = Paths.get(name);
      return Files.readString(file, StandardCharsets.UTF_8);
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
  }
}
