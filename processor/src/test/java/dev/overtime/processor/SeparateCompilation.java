package dev.overtime.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles sources into a directory, to be the class path of another compilation. */
final class SeparateCompilation {
  private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

  private SeparateCompilation() {}

  static Path compileToDirectory(JavaFileObject... sources) throws IOException {
    Compilation compilation = javac().withProcessors(new JobHandlerProcessor()).compile(sources);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("compilation failed: " + compilation.diagnostics());
    }
    Path directory = Files.createTempDirectory("overtime-classes");
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      int start = path.indexOf(CLASS_OUTPUT);
      if (start < 0) {
        continue;
      }
      Path target = directory.resolve(path.substring(start + CLASS_OUTPUT.length()));
      Files.createDirectories(target.getParent());
      try (InputStream in = file.openInputStream()) {
        Files.copy(in, target);
      }
    }
    return directory;
  }

  static Compilation compileWith(Path classes, JavaFileObject... sources) {
    List<File> classpath = new ArrayList<>();
    classpath.add(classes.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return javac()
        .withProcessors(new JobHandlerProcessor())
        .withClasspath(classpath)
        .compile(sources);
  }
}
