package dev.overtime.tests.compiled;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import dev.overtime.processor.JobHandlerProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * One separately compiled "module": sources compiled with the processor, classes and resources
 * written to their own directory, as a jar of its own would hold them.
 */
final class CompiledModule {
  private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

  private CompiledModule() {}

  static Path compile(Path directory, JavaFileObject... sources) throws IOException {
    Compilation compilation = javac().withProcessors(new JobHandlerProcessor()).compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("compilation failed: " + compilation.diagnostics());
    }
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      int start = path.indexOf(CLASS_OUTPUT);
      if (start < 0) {
        continue; // generated sources; their classes are in CLASS_OUTPUT too
      }
      Path target = directory.resolve(path.substring(start + CLASS_OUTPUT.length()));
      Files.createDirectories(target.getParent());
      try (InputStream in = file.openInputStream()) {
        Files.copy(in, target);
      }
    }
    return directory;
  }
}
