package dev.overtime.processor.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.processor.model.CompilationModel;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.model.JobResources;
import dev.overtime.processor.model.JsonDeclaration;
import dev.overtime.processor.model.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shape of {@code JobsJson}, rendered from plain model records, without javac. */
class CodecsRendererTest {
  private static final TypeRef STRING = TypeRef.ClassType.of("java.lang", "String");
  private static final TypeRef LIST_OF_STRING =
      new TypeRef.ClassType("java.util", List.of("List"), List.of(STRING));

  /** {@code count} jobs, each with a payload record of an int, a String and a List<String>. */
  private static CompilationModel jobs(int count) {
    List<JobModel> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TypeRef.ClassType payload = TypeRef.ClassType.of("com.example", "Payload" + i);
      JsonDeclaration record =
          new JsonDeclaration.RecordDeclaration(
              payload,
              List.of(
                  new JsonDeclaration.Component("count", new TypeRef.PrimitiveType("int")),
                  new JsonDeclaration.Component("name", STRING),
                  new JsonDeclaration.Component("tags", LIST_OF_STRING)));
      jobs.add(
          new JobModel(
              "job-" + i,
              "JOB_" + i,
              "job" + i,
              TypeRef.ClassType.of("com.example", "Handler" + i),
              "com.example.Handler" + i,
              payload,
              LIST_OF_STRING,
              Map.of(),
              Map.of(),
              new JobResources(3600, "1 hour", 1024, "1 GB", 1024, "1 vCPU", 0),
              List.of(record)));
    }
    return new CompilationModel("com.example", jobs, true);
  }

  private static int count(String source, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(source);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  @Test
  void aTypeSharedByEveryJobHasOneConstantAndEachRecordOneTableEntry() {
    String source = CodecsRenderer.render(jobs(3)).get(0).toString();

    assertEquals(1, count(source, "JsonAdapter<List<String>> LIST_OF_STRING ="), source);
    assertTrue(
        source.contains(
            "static final JobsJson<Payload1> PAYLOAD1 = new JobsJson<Payload1>(Payload1.class);"),
        source);
    assertTrue(
        source.contains(
            "PAYLOAD2.define(2, \"count,name,tags\", JsonAdapters.PRIMITIVE_INT,"
                + " JsonAdapters.STRING, LIST_OF_STRING);"),
        source);
    assertTrue(
        source.contains("return (T) new Payload0((int) v[0], (String) v[1], (List<String>) v[2]);"),
        source);
    assertFalse(source.contains("construct0"), "one switch suffices for 3 records");
    assertFalse(source.contains("define0"), "and one static block");
  }

  @Test
  void manyRecordsSplitTheirSwitchesToStayFarFromTheMethodSizeLimit() {
    // Each record weighs its 3 components plus one: 1,000 of them need two methods.
    int records = 1000;
    String source = CodecsRenderer.render(jobs(records)).get(0).toString();

    int perMethod = CodecsRenderer.WEIGHT_PER_METHOD / 4;
    assertTrue(source.contains("if (id() < " + perMethod + ") {"), source.substring(0, 3000));
    assertTrue(source.contains("private static void define1() {"));
    assertTrue(source.contains("private T construct1(Object[] v) {"));
    assertTrue(source.contains("private Object[] values1(T value) {"));
    assertFalse(source.contains("construct2"));
    assertEquals(records, count(source, "return \\(T\\) new Payload\\d+\\("));
  }
}
