package dev.overtime.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Handlers whose types another processor generates are looked at again in a later round. */
class DeferralTest {
  private static final JavaFileObject HANDLER =
      Sources.source(
          "com.example.Convert",
          """
          package com.example;

          import dev.overtime.Job;
          import dev.overtime.JobContext;
          import dev.overtime.JobHandler;

          @JobHandler("convert")
          public final class Convert implements Job<ConvertPayload, String> {
            public String run(ConvertPayload payload, JobContext context) {
              return payload.format();
            }
          }
          """);

  /**
   * Generates the payload record in the first round, as e.g. an Immutables-style processor would.
   */
  private static final String GENERATED_PAYLOAD =
      """
      package com.example;

      public record ConvertPayload(String format, java.util.List<ConvertPayload> parts) {}
      """;

  @Test
  void handlerWhosePayloadAnotherProcessorGeneratesIsDeferredAndThenGenerated() {
    Compilation compilation =
        javac()
            .withProcessors(
                new JobHandlerProcessor(),
                new FirstRoundSourceProcessor("com.example.ConvertPayload", GENERATED_PAYLOAD))
            .compile(HANDLER);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.example.Jobs")
        .contentsAsUtf8String()
        .contains("public static JobClient<ConvertPayload, String> convert()");
  }

  @Test
  void payloadThatNeverAppearsGivesOnlyJavacsCannotFindSymbol() {
    Compilation compilation = Sources.compile(HANDLER);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(HANDLER)
        .onLine(Sources.lineOf(HANDLER, "implements Job<ConvertPayload"));
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertThat(error.getMessage(null)).doesNotContain("[overtime.");
    }
  }

  @Test
  void handlerWhoseBaseClassIsMissingIsNotReportedAsNotAJob() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Derived",
            """
            package com.example;

            import dev.overtime.JobHandler;

            @JobHandler("derived")
            public final class Derived extends MissingBase {}
            """);

    Compilation compilation = Sources.compile(handler);

    assertThat(compilation).hadErrorContaining("cannot find symbol");
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertThat(error.getMessage(null)).doesNotContain("[overtime.");
    }
  }
}
