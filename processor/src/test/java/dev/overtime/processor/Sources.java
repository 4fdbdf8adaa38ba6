package dev.overtime.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.tools.JavaFileObject;

/** Test sources and compilations with the processor. */
final class Sources {
  /** A payload record most tests can use. */
  static final JavaFileObject PAYLOAD =
      source(
          "com.example.Payload",
          """
          package com.example;

          public record Payload(int num) {}
          """);

  private Sources() {}

  static JavaFileObject source(String qualifiedName, String code) {
    return JavaFileObjects.forSourceString(qualifiedName, code);
  }

  /**
   * A handler {@code com.example.<name>} of {@code Job<Payload, String>} with the given annotation.
   */
  static JavaFileObject handler(String simpleName, String annotation) {
    return source(
        "com.example." + simpleName,
        """
        package com.example;

        import dev.overtime.Job;
        import dev.overtime.JobContext;
        import dev.overtime.JobHandler;

        %s
        public final class %s implements Job<Payload, String> {
          @Override
          public String run(Payload payload, JobContext context) {
            return "done";
          }
        }
        """
            .formatted(annotation, simpleName));
  }

  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new JobHandlerProcessor()).compile(sources);
  }

  static Compilation compile(List<String> options, JavaFileObject... sources) {
    return javac().withProcessors(new JobHandlerProcessor()).withOptions(options).compile(sources);
  }

  /** The 1-based line of the only line of {@code source} that contains {@code snippet}. */
  static int lineOf(JavaFileObject source, String snippet) {
    String[] lines = content(source).split("\n", -1);
    int found = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(snippet)) {
        if (found != -1) {
          throw new IllegalArgumentException("'" + snippet + "' is on more than one line");
        }
        found = i + 1;
      }
    }
    if (found == -1) {
      throw new IllegalArgumentException("'" + snippet + "' is not in " + source.getName());
    }
    return found;
  }

  /** Writes a source file from inside a test processor. */
  static void write(javax.annotation.processing.Filer filer, String qualifiedName, String code) {
    try (java.io.Writer writer = filer.createSourceFile(qualifiedName).openWriter()) {
      writer.write(code);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String content(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
