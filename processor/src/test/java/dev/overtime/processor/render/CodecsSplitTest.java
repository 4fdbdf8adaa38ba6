package dev.overtime.processor.render;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.squareup.javapoet.JavaFile;
import dev.overtime.processor.model.CompilationModel;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.model.JobResources;
import dev.overtime.processor.model.JsonDeclaration;
import dev.overtime.processor.model.JsonDeclaration.Component;
import dev.overtime.processor.model.TypeRef;
import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.internal.JsonAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code JobsJson} split over several classes when the codecs do not fit one (here forced with
 * limits of one record and one type per class): the split compiles, initialises without a loop
 * whatever the order the records refer to each other in (recursion included), and its JSON is the
 * single class's, byte for byte, strictness included.
 */
class CodecsSplitTest {
  private static final String PACKAGE = "com.example.split";
  private static final TypeRef STRING = TypeRef.ClassType.of("java.lang", "String");
  private static final TypeRef LONG = TypeRef.ClassType.of("java.lang", "Long");
  private static final TypeRef.ClassType NODE = TypeRef.ClassType.of(PACKAGE, "Node");
  private static final TypeRef.ClassType CUSTOMER = TypeRef.ClassType.of(PACKAGE, "Customer");
  private static final TypeRef.ClassType LINE = TypeRef.ClassType.of(PACKAGE, "Line");
  private static final TypeRef.ClassType ORDER = TypeRef.ClassType.of(PACKAGE, "Order");
  private static final TypeRef.ClassType COLOUR = TypeRef.ClassType.of(PACKAGE, "Colour");

  private static final CodecsRenderer.Limits ONE_PER_CLASS =
      new CodecsRenderer.Limits(CodecsRenderer.WEIGHT_PER_METHOD, 1, 1, 1);

  /** An order of lines by customers, with a tree of nodes: records that refer every way. */
  private static final String ORDER_JSON =
      "{\"id\":7,\"customer\":{\"name\":\"Ada\",\"scores\":{\"a\":1,\"b\":-2}},"
          + "\"lines\":[{\"sku\":\"x-1\",\"qty\":2,\"by\":{\"name\":\"Bob\",\"scores\":{}},"
          + "\"colour\":\"RED\"}],"
          + "\"root\":{\"name\":\"top\",\"children\":[{\"name\":\"leaf\",\"children\":[]}]},"
          + "\"colours\":[\"GREEN\",\"RED\"]}";

  private static final List<JavaFileObject> RECORDS =
      List.of(
          source("Node", "public record Node(String name, List<Node> children) {}"),
          source("Customer", "public record Customer(String name, Map<String, Long> scores) {}"),
          source("Line", "public record Line(String sku, int qty, Customer by, Colour colour) {}"),
          source(
              "Order",
              "public record Order(int id, Customer customer, List<Line> lines,"
                  + " Optional<Node> root, List<Colour> colours) {}"),
          source("Colour", "public enum Colour { RED, GREEN }"),
          source("Handlers", "final class Handlers {}"));

  private static JavaFileObject source(String name, String body) {
    return JavaFileObjects.forSourceString(
        PACKAGE + "." + name, "package " + PACKAGE + ";\nimport java.util.*;\n" + body + "\n");
  }

  private static TypeRef listOf(TypeRef element) {
    return new TypeRef.ClassType("java.util", List.of("List"), List.of(element));
  }

  private static CompilationModel model() {
    List<JsonDeclaration> declarations =
        List.of(
            new JsonDeclaration.RecordDeclaration(
                ORDER,
                List.of(
                    new Component("id", new TypeRef.PrimitiveType("int")),
                    new Component("customer", CUSTOMER),
                    new Component("lines", listOf(LINE)),
                    new Component(
                        "root",
                        new TypeRef.ClassType("java.util", List.of("Optional"), List.of(NODE))),
                    new Component("colours", listOf(COLOUR)))),
            new JsonDeclaration.RecordDeclaration(
                NODE,
                List.of(new Component("name", STRING), new Component("children", listOf(NODE)))),
            new JsonDeclaration.RecordDeclaration(
                CUSTOMER,
                List.of(
                    new Component("name", STRING),
                    new Component(
                        "scores",
                        new TypeRef.ClassType(
                            "java.util", List.of("Map"), List.of(STRING, LONG))))),
            new JsonDeclaration.RecordDeclaration(
                LINE,
                List.of(
                    new Component("sku", STRING),
                    new Component("qty", new TypeRef.PrimitiveType("int")),
                    new Component("by", CUSTOMER),
                    new Component("colour", COLOUR))),
            new JsonDeclaration.EnumDeclaration(COLOUR, List.of("RED", "GREEN")));
    TypeRef.ClassType handler = TypeRef.ClassType.of(PACKAGE, "Handlers");
    JobResources resources = new JobResources(3600, "1 hour", 1024, "1 GB", 1024, "1 vCPU", 0);
    return new CompilationModel(
        PACKAGE,
        List.of(
            new JobModel(
                "order",
                "ORDER",
                "order",
                handler,
                PACKAGE + ".Handlers",
                ORDER,
                NODE,
                Map.of(),
                Map.of(),
                resources,
                declarations),
            new JobModel(
                "lines",
                "LINES",
                "lines",
                handler,
                PACKAGE + ".Handlers",
                CUSTOMER,
                listOf(LINE),
                Map.of(),
                Map.of(),
                resources,
                declarations)),
        false);
  }

  @Test
  void oneRecordAndOneTypePerClassSplitsIntoClassesThatCompile() {
    List<JavaFile> files = CodecsRenderer.render(model(), ONE_PER_CLASS);

    List<String> names = files.stream().map(f -> f.typeSpec.name).collect(Collectors.toList());
    assertEquals("JobsJson", names.get(0));
    assertEquals(
        4, names.stream().filter(n -> n.startsWith("JobsJsonRecords")).count(), names.toString());
    assertTrue(
        names.stream().filter(n -> n.startsWith("JobsJsonTypes")).count() >= 5, names.toString());
    String entry = files.get(0).toString();
    assertFalse(entry.contains("construct("), "the entry holds no record:\n" + entry);
    assertTrue(entry.contains("JobsJsonRecords0.define();"), entry);
    assertEquals(1, CodecsRenderer.render(model()).size(), "the default limits keep one class");
  }

  @Test
  void theSplitCodecsWriteAndReadTheSameJsonAsTheSingleClass() throws Exception {
    ClassLoader splitClasses = compile(CodecsRenderer.render(model(), ONE_PER_CLASS));
    JsonAdapter<Object> split = root(splitClasses, "ORDER");
    JsonAdapter<Object> single = root(compile(CodecsRenderer.render(model())), "ORDER");

    Object fromSplit = split.decode(ORDER_JSON);
    assertEquals(ORDER_JSON, split.encode(fromSplit));
    assertEquals(single.encode(single.decode(ORDER_JSON)), split.encode(fromSplit));
    JsonAdapter<Object> lines = root(splitClasses, "LIST_OF_LINE");
    String linesJson =
        "[{\"sku\":\"y\",\"qty\":1,\"by\":{\"name\":\"C\",\"scores\":{}},\"colour\":\"GREEN\"}]";
    assertEquals(linesJson, lines.encode(lines.decode(linesJson)));

    String bad = ORDER_JSON.replace("\"qty\":2", "\"qty\":\"two\"");
    OvertimeException fromSplitError =
        assertThrows(OvertimeException.class, () -> split.decode(bad));
    OvertimeException fromSingleError =
        assertThrows(OvertimeException.class, () -> single.decode(bad));
    assertEquals(fromSingleError.getMessage(), fromSplitError.getMessage());
    assertTrue(fromSplitError.getMessage().contains("lines[0].qty"), fromSplitError.getMessage());
  }

  @Test
  void theSplitInitialisesWhicheverRecordsClassIsTouchedFirst() throws Exception {
    // A records class refers to nothing while it initialises: touching one first (as a reflective
    // caller could) leaves JobsJson to wire it later, and the codecs still work.
    ClassLoader loader = compile(CodecsRenderer.render(model(), ONE_PER_CLASS));
    for (int i = 3; i >= 0; i--) {
      Class.forName(PACKAGE + ".JobsJsonRecords" + i, true, loader);
    }
    JsonAdapter<Object> node = root(loader, "NODE");
    String tree = "{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]}]}";
    assertEquals(tree, node.encode(node.decode(tree)));
  }

  /** Compiles the records and the rendered codecs; a loader of the classes, over the runtime's. */
  private static ClassLoader compile(List<JavaFile> codecs) throws IOException {
    List<JavaFileObject> sources = new ArrayList<>(RECORDS);
    for (JavaFile file : codecs) {
      sources.add(file.toJavaFileObject());
    }
    Compilation compilation = javac().withOptions("-proc:none").compile(sources);
    assertEquals(
        Compilation.Status.SUCCESS, compilation.status(), compilation.diagnostics().toString());
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name =
          path.substring(path.indexOf(PACKAGE.replace('.', '/')), path.length() - 6)
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      }
    }
    return new ClassLoader(CodecsSplitTest.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private <T> JsonAdapter<T> root(ClassLoader loader, String constant) throws Exception {
    var field = Class.forName(PACKAGE + ".JobsJson", true, loader).getDeclaredField(constant);
    field.setAccessible(true);
    return (JsonAdapter<T>) field.get(null);
  }
}
