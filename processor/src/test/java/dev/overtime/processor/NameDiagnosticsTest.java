package dev.overtime.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Diagnostics about job names, each on the {@code @JobHandler} value. */
class NameDiagnosticsTest {

  @Test
  void emptyNameIsAnError() {
    JavaFileObject handler = Sources.handler("Nameless", "@JobHandler(\"\")");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.name-empty] The job name is empty. Name "
                + "the job in @JobHandler with lowercase letters, digits and single hyphens, e.g. "
                + "@JobHandler(\"video-transcode\").")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "@JobHandler"));
  }

  @Test
  void nameNotMatchingThePatternIsAnErrorWithASuggestion() {
    JavaFileObject handler = Sources.handler("Transcode", "@JobHandler(\n    \"videoTranscode\")");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.name-invalid] The job name \"videoTranscode\" is not valid: it contains the"
                + " uppercase letter 'T'. A job name is lowercase letters and digits with single"
                + " hyphens between them, starts with a letter and has at most 64 characters, e.g."
                + " \"video-transcode\". Did you mean \"video-transcode\"?")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "\"videoTranscode\""));
  }

  @Test
  void nameLongerThan64CharactersIsAnError() {
    String name = "a".repeat(65);
    JavaFileObject handler = Sources.handler("Long", "@JobHandler(\"" + name + "\")");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.name-invalid] The job name \""
                + name
                + "\" is not valid: it has 65 characters, more than 64.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "@JobHandler"));
  }

  @Test
  void nameThatBecomesAJavaKeywordIsAnError() {
    JavaFileObject handler = Sources.handler("Fresh", "@JobHandler(\"new\")");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.name-keyword] The job name \"new\" becomes the method Jobs.new(), but 'new'"
                + " is a reserved Java keyword. Choose another name, e.g. \"new-job\".")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "@JobHandler"));
  }

  @Test
  void nameThatClashesWithAMethodOfJobsIsAnError() {
    JavaFileObject handler = Sources.handler("Everything", "@JobHandler(\"all\")");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.name-reserved] The job name \"all\" becomes the method Jobs.all(), which"
                + " clashes with Jobs.all(), the list of all jobs. Choose another name, e.g."
                + " \"all-job\".")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "@JobHandler"));
  }

  @Test
  void namesThatBecomeTheSameMethodAreAnErrorOnEachHandler() {
    JavaFileObject first = Sources.handler("First", "@JobHandler(\"step-1\")");
    JavaFileObject second = Sources.handler("Second", "@JobHandler(\"step1\")");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, first, second);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.name-collision] The job names \"step-1\" "
                + "(com.example.First) and \"step1\" (com.example.Second) both become the method "
                + "Jobs.step1(). Rename one of them.")
        .inFile(first)
        .onLine(Sources.lineOf(first, "@JobHandler"));
    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.name-collision] The job names \"step1\" "
                + "(com.example.Second) and \"step-1\" (com.example.First)")
        .inFile(second)
        .onLine(Sources.lineOf(second, "@JobHandler"));
  }

  @Test
  void duplicateNameIsAnErrorOnEachHandler() {
    JavaFileObject first = Sources.handler("First", "@JobHandler(\"report\")");
    JavaFileObject second =
        Sources.handler("Second", "@JobHandler(value = \"report\", retries = 1)");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, first, second);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.duplicate-name] The job name \"report\" is used by com.example.First and by"
                + " com.example.Second. Job names must be unique; rename one of them in its"
                + " @JobHandler.")
        .inFile(first)
        .onLine(Sources.lineOf(first, "@JobHandler"));
    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.duplicate-name] The job name \"report\" is "
                + "used by com.example.Second and by com.example.First.")
        .inFile(second)
        .onLine(Sources.lineOf(second, "@JobHandler"));
    assertThat(compilation).hadErrorCount(2);
  }
}
