package dev.overtime.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about {@code Job<P, R>}: the payload and result types and what they contain. */
class JobTypeDiagnosticsTest {

  @Test
  void handlerNotImplementingJobIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Plain",
            """
            package com.example;

            import dev.overtime.JobHandler;

            @JobHandler("plain")
            public final class Plain {}
            """);

    Compilation compilation = Sources.compile(handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.not-a-job] Job handler com.example.Plain "
                + "does not implement dev.overtime.Job. Declare it as `class Plain implements "
                + "Job<MyPayload, MyResult>`, directly or through a base class.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Plain"));
  }

  @Test
  void rawJobIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Raw",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @SuppressWarnings("rawtypes")
            @JobHandler("raw")
            public final class Raw implements Job {
              public Object run(Object payload, JobContext context) {
                return null;
              }
            }
            """);

    Compilation compilation = Sources.compile(handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.raw-job] Job handler com.example.Raw implements the raw type Job, so its"
                + " payload and result types are unknown. Give Job its type arguments:"
                + " Job<MyPayload, MyResult>.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Raw"));
  }

  @Test
  void payloadLeftATypeVariableIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Open",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("open")
            public final class Open<T> implements Job<T, String> {
              public String run(T payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.job-type-variable] Job handler com.example.Open leaves the payload type of"
                + " Job<P, R> as the type variable T. Bind it to a concrete type")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Open"));
  }

  @Test
  void payloadThatIsNotARecordIsAnError() {
    JavaFileObject bean =
        Sources.source(
            "com.example.Bean",
            """
            package com.example;

            public class Bean {
              public int num;
            }
            """);
    JavaFileObject handler =
        Sources.source(
            "com.example.UsesBean",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("uses-bean")
            public final class UsesBean implements Job<Bean, String> {
              public String run(Bean payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(bean, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.payload-not-record] The payload type com.example.Bean of job handler"
                + " com.example.UsesBean is not a record. A payload travels as JSON and must be a"
                + " public record, e.g. `public record MyPayload(int num) {}`.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class UsesBean"));
  }

  @Test
  void nonPublicPayloadIsAnError() {
    JavaFileObject payload =
        Sources.source(
            "com.example.Secret",
            """
            package com.example;

            record Secret(String value) {}
            """);
    JavaFileObject handler =
        Sources.source(
            "com.example.UsesSecret",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("uses-secret")
            public final class UsesSecret implements Job<Secret, String> {
              public String run(Secret payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(payload, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.payload-not-public] The payload record com.example.Secret of job handler"
                + " com.example.UsesSecret is not public, but generated code names it from other"
                + " packages. Declare it public.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class UsesSecret"));
  }

  @Test
  void genericPayloadIsAnError() {
    JavaFileObject payload =
        Sources.source(
            "com.example.Box",
            """
            package com.example;

            public record Box<T>(T value) {}
            """);
    JavaFileObject handler =
        Sources.source(
            "com.example.UsesBox",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("uses-box")
            public final class UsesBox implements Job<Box<String>, String> {
              public String run(Box<String> payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(payload, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.payload-generic] The payload record "
                + "com.example.Box of job handler com.example.UsesBox declares type parameters")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class UsesBox"));
  }

  @Test
  void unsupportedComponentIsReportedOnTheComponent() {
    JavaFileObject payload =
        Sources.source(
            "com.example.Order",
            """
            package com.example;

            import java.util.List;

            public record Order(
                String id,
                List<Line> lines) {

              public record Line(
                  String sku,
                  Object extra) {}
            }
            """);
    JavaFileObject handler =
        Sources.source(
            "com.example.Ship",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("ship")
            public final class Ship implements Job<Order, String> {
              public String run(Order payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(payload, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.unsupported-type] Component 'extra' of record com.example.Order.Line has"
                + " type java.lang.Object, which Overtime cannot map to JSON: java.lang.Object is"
                + " neither a supported type nor a record. Change the component's type to one of:"
                + " primitives and their boxes, String, enums")
        .inFile(payload)
        .onLine(Sources.lineOf(payload, "Object extra"));
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void unsupportedComponentOfARecordCompiledElsewhereIsReportedOnTheHandler() throws Exception {
    JavaFileObject library =
        Sources.source(
            "com.library.Settings",
            """
            package com.library;

            import java.util.Map;

            public record Settings(Map<Integer, String> byId) {}
            """);
    java.nio.file.Path classes = SeparateCompilation.compileToDirectory(library);
    JavaFileObject handler =
        Sources.source(
            "com.example.Configure",
            """
            package com.example;

            import com.library.Settings;
            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("configure")
            public final class Configure implements Job<Settings, String> {
              public String run(Settings payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = SeparateCompilation.compileWith(classes, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.unsupported-type] Component 'byId' of record com.library.Settings (compiled"
                + " elsewhere, used by job handler com.example.Configure) has type"
                + " java.util.Map<java.lang.Integer,java.lang.String>, which Overtime cannot map to"
                + " JSON: Map keys must be String, not java.lang.Integer.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Configure"));
  }

  @Test
  void unsupportedResultIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Streams",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;
            import java.io.InputStream;

            @JobHandler("streams")
            public final class Streams implements Job<Payload, InputStream> {
              public InputStream run(Payload payload, JobContext context) {
                return null;
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.unsupported-result] The result type java.io.InputStream of job handler"
                + " com.example.Streams cannot be mapped to JSON: java.io.InputStream is neither a"
                + " supported type nor a record. Change R in Job<P, R> to Void (no result) or one"
                + " of:")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Streams"));
  }
}
