package dev.overtime.tests.compiled;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Code that calls the generated {@code Jobs} of the fixtures is type-checked by javac: the wrong
 * payload or result type does not compile.
 */
class CallSiteTypeCheckTest {

  private static JavaFileObject caller(String statement) {
    return JavaFileObjects.forSourceString(
        "com.example.Caller",
        """
        package com.example;

        import dev.overtime.runtime.JobRun;
        import dev.overtime.tests.fixtures.Jobs;
        import dev.overtime.tests.fixtures.math.FactorialPayload;
        import dev.overtime.tests.fixtures.math.FibonacciPayload;
        import java.math.BigInteger;

        class Caller {
          void call() {
            %s
          }
        }
        """
            .formatted(statement));
  }

  private static Compilation compile(JavaFileObject source) {
    // -proc:none: the processor is on this test class path, but these sources have no handlers.
    return javac().withOptions("-proc:none").compile(source);
  }

  @Test
  void rightPayloadAndResultTypesCompile() {
    Compilation compilation =
        compile(
            caller(
                """
                JobRun<BigInteger> run = Jobs.factorial().run(new FactorialPayload(10));
                    BigInteger value = Jobs.factorial().get(run.id()).result();\
                """));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void wrongPayloadTypeIsACompileError() {
    JavaFileObject source = caller("Jobs.factorial().run(new FibonacciPayload(10));");

    Compilation compilation = compile(source);

    assertThat(compilation)
        .hadErrorContaining(
            "incompatible types: "
                + "dev.overtime.tests.fixtures.math.FibonacciPayload cannot be converted to "
                + "dev.overtime.tests.fixtures.math.FactorialPayload")
        .inFile(source)
        .onLine(11);
  }

  @Test
  void assigningTheResultToTheWrongTypeIsACompileError() {
    JavaFileObject source = caller("String value = Jobs.factorial().get(\"run-1\").result();");

    Compilation compilation = compile(source);

    assertThat(compilation)
        .hadErrorContaining(
            "incompatible types: java.math.BigInteger cannot be " + "converted to java.lang.String")
        .inFile(source)
        .onLine(11);
  }

  @Test
  void runHandleOfTheWrongResultTypeIsACompileError() {
    JavaFileObject source =
        caller("JobRun<String> run = Jobs.factorial().run(new FactorialPayload(1));");

    Compilation compilation = compile(source);

    assertThat(compilation).hadErrorContaining("incompatible types").inFile(source).onLine(11);
  }
}
