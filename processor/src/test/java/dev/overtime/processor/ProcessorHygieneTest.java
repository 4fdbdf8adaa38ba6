package dev.overtime.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** How the processor behaves as a citizen of javac, Maven and Gradle builds. */
class ProcessorHygieneTest {
  private static final JavaFileObject FIRST = Sources.handler("First", "@JobHandler(\"first\")");
  private static final JavaFileObject SECOND =
      Sources.source(
          "com.example.tools.Second",
          """
          package com.example.tools;

          import com.example.Payload;
          import dev.overtime.Job;
          import dev.overtime.JobContext;
          import dev.overtime.JobHandler;

          @JobHandler("second")
          public final class Second implements Job<Payload, Void> {
            public Void run(Payload payload, JobContext context) {
              return null;
            }
          }
          """);

  /** Generates a new source in each of the first three rounds, so there are several rounds. */
  static final class ExtraRoundsProcessor extends AbstractProcessor {
    final List<Set<String>> annotationsSeen = new ArrayList<>();
    private int round;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment environment) {
      Set<String> names = new java.util.TreeSet<>();
      annotations.forEach(annotation -> names.add(annotation.getQualifiedName().toString()));
      annotationsSeen.add(names);
      if (round < 3) {
        round++;
        Sources.write(
            processingEnv.getFiler(),
            "com.example.Extra" + round,
            "package com.example;\n\npublic final class Extra" + round + " {}\n");
      }
      return false;
    }
  }

  @Test
  void everyGeneratedFileNamesAllHandlersAsOriginatingElementsAndIsWrittenOnce() {
    RecordingFiler recording = new RecordingFiler();

    Compilation compilation =
        javac()
            .withProcessors(recording, new ExtraRoundsProcessor())
            .compile(Sources.PAYLOAD, FIRST, SECOND);

    assertThat(compilation).succeededWithoutWarnings();
    List<String> names = recording.created().stream().map(RecordingFiler.Created::name).toList();
    assertThat(names)
        .containsExactly(
            "com.example.Jobs",
            "com.example.JobsRegistry",
            "com.example.JobsJson",
            "META-INF/services/dev.overtime.runtime.internal.JobRegistry",
            "META-INF/overtime/com.example.json");
    for (RecordingFiler.Created file : recording.created()) {
      assertThat(file.originating())
          .containsExactly("com.example.First", "com.example.tools.Second");
    }
  }

  @Test
  void neverClaimsJobHandlerSoLaterProcessorsSeeIt() {
    ExtraRoundsProcessor later = new ExtraRoundsProcessor();

    Compilation compilation =
        javac().withProcessors(new JobHandlerProcessor(), later).compile(Sources.PAYLOAD, FIRST);

    assertThat(compilation).succeeded();
    assertThat(later.annotationsSeen.get(0)).contains("dev.overtime.JobHandler");
  }

  @Test
  void generatedSourcesCarryGeneratedWithoutADate() {
    Compilation compilation = Sources.compile(Sources.PAYLOAD, FIRST);

    for (String type : List.of("com.example.Jobs", "com.example.JobsRegistry")) {
      assertThat(compilation)
          .generatedSourceFile(type)
          .contentsAsUtf8String()
          .contains("@Generated(\"dev.overtime.processor.JobHandlerProcessor\")");
      assertThat(compilation)
          .generatedSourceFile(type)
          .contentsAsUtf8String()
          .doesNotContain("date");
    }
  }

  @Test
  void servicesFileListsTheRegistry() {
    Compilation compilation = Sources.compile(Sources.PAYLOAD, FIRST, SECOND);

    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT,
            "META-INF/services/dev.overtime.runtime.internal.JobRegistry")
        .contentsAsUtf8String()
        .isEqualTo("com.example.JobsRegistry\n");
  }

  @Test
  void packageOptionPlacesTheGeneratedCode() {
    Compilation compilation =
        Sources.compile(List.of("-Aovertime.package=com.example.jobs"), Sources.PAYLOAD, FIRST);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.jobs.Jobs");
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/overtime/com.example.jobs.json");
  }

  @Test
  void sameSourcesGiveIdenticalBytes() throws IOException {
    Compilation once = Sources.compile(Sources.PAYLOAD, FIRST, SECOND);
    Compilation again = Sources.compile(SECOND, Sources.PAYLOAD, FIRST);

    for (String type : List.of("com.example.Jobs", "com.example.JobsRegistry")) {
      assertThat(Sources.content(again.generatedSourceFile(type).orElseThrow()))
          .isEqualTo(Sources.content(once.generatedSourceFile(type).orElseThrow()));
    }
    String manifest = "META-INF/overtime/com.example.json";
    assertThat(bytes(again.generatedFile(StandardLocation.CLASS_OUTPUT, manifest).orElseThrow()))
        .isEqualTo(
            bytes(once.generatedFile(StandardLocation.CLASS_OUTPUT, manifest).orElseThrow()));
  }

  @Test
  void declaresTheLatestSourceVersionTheOptionAndTheAnnotation() {
    JobHandlerProcessor processor = new JobHandlerProcessor();

    assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
    assertThat(processor.getSupportedOptions()).containsExactly("overtime.package");
    // @Schedule too: a schedule on a class without @JobHandler must be reported, not ignored.
    assertThat(processor.getSupportedAnnotationTypes())
        .containsExactly(
            "dev.overtime.JobHandler", "dev.overtime.Schedule", "dev.overtime.Schedules");
  }

  @Test
  void isRegisteredForJavacAndDeclaredAggregatingForGradle() throws IOException {
    assertThat(resource("META-INF/services/javax.annotation.processing.Processor"))
        .contains("dev.overtime.processor.JobHandlerProcessor");
    assertThat(resource("META-INF/gradle/incremental.annotation.processors"))
        .isEqualTo("dev.overtime.processor.JobHandlerProcessor,aggregating\n");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JobHandlerProcessor.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] bytes(JavaFileObject file) throws IOException {
    try (InputStream in = file.openInputStream()) {
      return in.readAllBytes();
    }
  }
}
