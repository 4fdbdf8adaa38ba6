package dev.overtime.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Diagnostics about {@code timeout}, {@code memory}, {@code cpu} and {@code retries}. */
class ResourceDiagnosticsTest {

  private static JavaFileObject handlerWith(String attribute) {
    return Sources.handler("Sized", "@JobHandler(value = \"sized\",\n    " + attribute + ")");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "soon        | does not parse as a number and a unit",
        "0 hours     | must be positive",
        "-5 minutes  | must be positive",
        "1.5 hours   | must be a whole number of hours",
        "31 days     | is longer than 30 days",
        "5 weeks     | has the unknown unit 'weeks'"
      })
  void invalidTimeoutIsAnErrorOnTheValue(String timeout, String problem) {
    JavaFileObject handler = handlerWith("timeout = \"" + timeout + "\"");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.timeout-invalid] timeout \""
                + timeout
                + "\" "
                + problem
                + ". Write a whole number and a unit (seconds, minutes, hours or days), from 1"
                + " second to 30 days, e.g. \"30 seconds\", \"90 minutes\", \"8 hours\", \"2"
                + " days\".")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "timeout ="));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lots      | does not parse as a number and a unit",
        "0 GB      | must be positive",
        "64 MB     | is less than 128 MB",
        "121 GB    | is more than 120 GB",
        "200.5 MB  | is not a whole number of MB",
        "2 TB      | has the unknown unit 'TB'"
      })
  void invalidMemoryIsAnErrorOnTheValue(String memory, String problem) {
    JavaFileObject handler = handlerWith("memory = \"" + memory + "\"");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.memory-invalid] memory \""
                + memory
                + "\" "
                + problem
                + ". Write a number and MB or GB (1 GB = 1024 MB), from 128 MB to 120 GB, e.g. "
                + "\"512 MB\", \"7 GB\", \"0.5 GB\".")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "memory ="));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "two        | does not parse as a number and a unit",
        "0 vCPU     | must be positive",
        "0.1 vCPU   | is not a multiple of 1/1024 vCPU",
        "0.125 vCPU | is less than 0.25 vCPU",
        "17 vCPU    | is more than 16 vCPU",
        "2 cores    | has the unknown unit 'cores'"
      })
  void invalidCpuIsAnErrorOnTheValue(String cpu, String problem) {
    JavaFileObject handler = handlerWith("cpu = \"" + cpu + "\"");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.cpu-invalid] cpu \""
                + cpu
                + "\" "
                + problem
                + ". Write a number and vCPU, from 0.25 to 16 in steps of 1/1024, e.g. \"0.25"
                + " vCPU\", \"4 vCPU\".")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "cpu ="));
  }

  @ParameterizedTest
  @CsvSource({"-1", "11"})
  void retriesOutsideTheRangeIsAnErrorOnTheValue(int retries) {
    JavaFileObject handler = handlerWith("retries = " + retries);

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation)
        .hadErrorContaining(
            "[overtime.retries-invalid] retries = "
                + retries
                + " is outside the accepted range 0..10. Use 0 for no retries and at most 10.")
        .inFile(handler)
        .onLine(Sources.lineOf(handler, "retries ="));
  }

  /**
   * A (cpu, memory) Fargate has no exact size for compiles: the manifest keeps the declaration and
   * deployment rounds up to the smallest Fargate size holding it (0.25 vCPU / 1.5 GB → 0.25 vCPU /
   * 2 GB, 3 vCPU → 4 vCPU), so nothing that compiles is refused at deploy.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "3 vCPU    | 2 GB   | 3072 | 2048",
        "0.25 vCPU | 1.5 GB | 256  | 1536",
        "0.25 vCPU | 3 GB   | 256  | 3072",
        "16 vCPU   | 120 GB | 16384 | 122880"
      })
  void cpuAndMemoryThatRoundUpOnFargateCompileAsDeclared(
      String cpu, String memory, int units, int mib) {
    JavaFileObject handler = handlerWith("cpu = \"" + cpu + "\", memory = \"" + memory + "\"");

    Compilation compilation = Sources.compile(Sources.PAYLOAD, handler);

    assertThat(compilation).succeededWithoutWarnings();
    String manifest =
        Sources.content(
            compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/overtime/com.example.json")
                .orElseThrow());
    assertTrue(
        manifest
            .replaceAll("\\s", "")
            .contains(
                "\"cpu\":{\"declared\":\"" + cpu.replace(" ", "") + "\",\"units\":" + units + "}"),
        manifest);
    assertTrue(
        manifest
            .replaceAll("\\s", "")
            .contains(
                "\"memory\":{\"declared\":\""
                    + memory.replace(" ", "")
                    + "\",\"mib\":"
                    + mib
                    + "}"),
        manifest);
  }
}
