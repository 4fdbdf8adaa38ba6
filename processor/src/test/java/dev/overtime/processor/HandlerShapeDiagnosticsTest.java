package dev.overtime.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Diagnostics about the handler class itself: kind, modifiers, nesting, constructor. */
class HandlerShapeDiagnosticsTest {

  @ParameterizedTest
  @CsvSource({
    "interface, 'public interface Shape extends Job<Payload, String> {}'",
    "enum, 'public enum Shape { ONE }'",
    "record, 'public record Shape(int x) {}'",
    "annotation interface, 'public @interface Shape {}'"
  })
  void jobHandlerOnSomethingOtherThanAClassIsAnError(String kind, String declaration) {
    JavaFileObject shape =
        Sources.source(
            "com.example.Shape",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobHandler;

            @JobHandler("shape")
            %s
            """
                .formatted(declaration));

    Compilation compilation = Sources.compile(Sources.PAYLOAD, shape);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.handler-not-class] @JobHandler is on the "
                + kind
                + " com.example.Shape, but a job handler must be a class.")
        .inFile(shape)
        .onLine(Sources.lineOf(shape, "@JobHandler"));
  }

  @Test
  void abstractHandlerIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Partial",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobHandler;

            @JobHandler("partial")
            public abstract class Partial implements Job<Payload, String> {}
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.handler-abstract] Job handler com.example.Partial is abstract, so it cannot"
                + " be constructed to run a job. Make it concrete, or move @JobHandler to a"
                + " concrete subclass.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Partial"));
  }

  @Test
  void innerClassHandlerIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Outer",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            public class Outer {
              @JobHandler("inner")
              public final class Inner implements Job<Payload, String> {
                public String run(Payload payload, JobContext context) {
                  return "";
                }
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.handler-inner] Job handler "
                + "com.example.Outer.Inner is an inner class: it needs an instance of Outer to be "
                + "constructed. Declare it static, or make it a top-level class.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Inner"));
  }

  @Test
  void nonPublicHandlerIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Hidden",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("hidden")
            final class Hidden implements Job<Payload, String> {
              public String run(Payload payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.handler-not-public] Job handler com.example.Hidden is not public, but the"
                + " generated registry must construct it from its own package. Declare it public.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Hidden"));
  }

  @Test
  void handlerNestedInANonPublicClassIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Holder",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            class Holder {
              @JobHandler("nested")
              public static final class Nested implements Job<Payload, String> {
                public String run(Payload payload, JobContext context) {
                  return "";
                }
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.handler-not-public] Job handler com.example.Holder.Nested is not public (its"
                + " enclosing class com.example.Holder is not public)")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Nested"));
  }

  @Test
  void handlerWithoutPublicNoArgumentConstructorIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Configured",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("configured")
            public final class Configured implements Job<Payload, String> {
              private final String prefix;

              public Configured(String prefix) {
                this.prefix = prefix;
              }

              public String run(Payload payload, JobContext context) {
                return prefix;
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.no-public-constructor] Job handler "
                + "com.example.Configured has no public constructor without parameters, which the "
                + "registry uses to create a handler for each run. Add `public Configured() {}`.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Configured"));
  }

  @Test
  void privateNoArgumentConstructorIsReportedOnTheConstructor() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Singleton",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("singleton")
            public final class Singleton implements Job<Payload, String> {
              private Singleton() {}

              public String run(Payload payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining("[overtime.no-public-constructor]")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "private Singleton()"));
  }

  @Test
  void constructorThrowingACheckedExceptionIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Loader",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("loader")
            public final class Loader implements Job<Payload, String> {
              public Loader() throws java.io.IOException {}

              public String run(Payload payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.constructor-throws] The constructor of job handler com.example.Loader"
                + " declares the checked exception(s) java.io.IOException, so the registry cannot"
                + " construct it.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "public Loader()"));
  }

  @Test
  void genericHandlerIsAnError() {
    JavaFileObject handler =
        Sources.source(
            "com.example.Generic",
            """
            package com.example;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            @JobHandler("generic")
            public final class Generic<T> implements Job<Payload, String> {
              public String run(Payload payload, JobContext context) {
                return "";
              }
            }
            """);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.handler-generic] Job handler com.example.Generic declares type parameters"
                + " <T>, but the registry constructs it with new Generic(). Remove the type"
                + " parameters, or put @JobHandler on a non-generic subclass that binds them.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "class Generic"));
  }
}
