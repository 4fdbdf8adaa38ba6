package dev.overtime.processor.render;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import com.squareup.javapoet.TypeVariableName;
import dev.overtime.processor.model.CompilationModel;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.model.JsonDeclaration;
import dev.overtime.processor.model.TypeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Renders {@code JobsJson}: the JSON codecs of every payload and result type of the compilation, on
 * Jackson's streaming API. One class holds them all: a constant per payload or result type (a
 * {@code JobsJson} whose {@code write}/{@code read} switch on a number), and a static {@code
 * write…}/{@code read…} method per record, collection, map, optional and array type reached. The
 * bytes match {@code JsonCodec}'s data binding; decoding is as strict, with the same messages.
 */
public final class CodecsRenderer {
  private static final String INTERNAL = "dev.overtime.runtime.internal";
  static final ClassName JSON_ADAPTER = ClassName.get(INTERNAL, "JsonAdapter");
  private static final ClassName JSON_READING = ClassName.get(INTERNAL, "JsonReading");
  private static final ClassName JSON_WRITING = ClassName.get(INTERNAL, "JsonWriting");
  private static final ClassName JSON_TYPES = ClassName.get(INTERNAL, "JsonTypes");
  private static final ClassName JSON_GENERATOR =
      ClassName.get("com.fasterxml.jackson.core", "JsonGenerator");
  private static final ClassName IO_EXCEPTION = ClassName.get("java.io", "IOException");
  private static final ClassName TYPE = ClassName.get("java.lang.reflect", "Type");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
  private static final ClassName HASH_SET = ClassName.get("java.util", "HashSet");
  private static final ClassName LINKED_HASH_MAP = ClassName.get("java.util", "LinkedHashMap");
  private static final ClassName MAP_ENTRY = ClassName.get("java.util", "Map", "Entry");
  private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
  private static final TypeVariableName T = TypeVariableName.get("T");

  /** Cases of one {@code write}/{@code read} switch: far below javac's 64 KB per method. */
  static final int CASES_PER_METHOD = 1000;

  /** Scalars: the {@code JsonReading} reader and the {@code JsonWriting} writer of each. */
  private record Scalar(String reader, String writer) {}

  private static final Map<String, Scalar> SCALARS = new HashMap<>();

  static {
    SCALARS.put("java.lang.Boolean", new Scalar("readBoolean", "writeBoolean"));
    SCALARS.put("java.lang.Byte", new Scalar("readByte", "writeByte"));
    SCALARS.put("java.lang.Short", new Scalar("readShort", "writeShort"));
    SCALARS.put("java.lang.Integer", new Scalar("readInt", "writeInteger"));
    SCALARS.put("java.lang.Long", new Scalar("readLong", "writeLong"));
    SCALARS.put("java.lang.Character", new Scalar("readChar", "writeCharacter"));
    SCALARS.put("java.lang.Float", new Scalar("readFloat", "writeFloat"));
    SCALARS.put("java.lang.Double", new Scalar("readDouble", "writeDouble"));
    SCALARS.put("java.lang.String", new Scalar("readString", "writeString"));
    SCALARS.put("java.math.BigInteger", new Scalar("readBigInteger", "writeBigInteger"));
    SCALARS.put("java.math.BigDecimal", new Scalar("readBigDecimal", "writeBigDecimal"));
    SCALARS.put("java.util.UUID", new Scalar("readUuid", "writeUuid"));
    SCALARS.put("java.net.URI", new Scalar("readUri", "writeUri"));
    SCALARS.put("java.time.Instant", new Scalar("readInstant", "writeInstant"));
    SCALARS.put("java.time.LocalDate", new Scalar("readLocalDate", "writeLocalDate"));
    SCALARS.put("java.time.LocalDateTime", new Scalar("readLocalDateTime", "writeLocalDateTime"));
    SCALARS.put(
        "java.time.OffsetDateTime", new Scalar("readOffsetDateTime", "writeOffsetDateTime"));
    SCALARS.put("java.time.Duration", new Scalar("readDuration", "writeDuration"));
  }

  private final Map<String, JsonDeclaration> declarations = new TreeMap<>();

  /** Every type with its own write/read methods, by canonical name, to its method suffix. */
  private final Map<String, String> methodNames = new LinkedHashMap<>();

  private final Map<String, TypeRef> methodTypes = new LinkedHashMap<>();
  private final Map<String, Integer> suffixUses = new HashMap<>();

  private CodecsRenderer() {}

  /** The class of the codecs of {@code compilation}. */
  public static ClassName codecsClass(CompilationModel compilation) {
    return ClassName.get(compilation.packageName(), "JobsJson");
  }

  /** The constant of {@code type}'s codec on {@code JobsJson}, or {@code JsonAdapter.VOID}. */
  static CodeBlock constant(CompilationModel compilation, TypeRef type) {
    if (isVoid(type)) {
      return CodeBlock.of("$T.VOID", JSON_ADAPTER);
    }
    return CodeBlock.of("$T.$N", codecsClass(compilation), constantName(type));
  }

  public static JavaFile render(CompilationModel compilation) {
    return new CodecsRenderer().file(compilation);
  }

  private JavaFile file(CompilationModel compilation) {
    for (JobModel job : compilation.jobs()) {
      for (JsonDeclaration declaration : job.declarations()) {
        declarations.put(declaration.type().rawName(), declaration);
      }
    }
    // The top-level codecs: each payload and result type once, in order of first use.
    Map<String, TypeRef> roots = new LinkedHashMap<>();
    for (JobModel job : compilation.jobs()) {
      roots.putIfAbsent(job.payload().canonicalName(), job.payload());
      if (!isVoid(job.result())) {
        roots.putIfAbsent(job.result().canonicalName(), job.result());
      }
    }
    for (TypeRef root : roots.values()) {
      collect(root);
    }
    ClassName self = codecsClass(compilation);
    TypeSpec.Builder codecs =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.FINAL)
            .addAnnotation(
                AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "$S", "unchecked")
                    .build())
            .addTypeVariable(T)
            .superclass(ParameterizedTypeName.get(JSON_ADAPTER, T))
            .addJavadoc(
                "The JSON codecs of the payload and result types of this compilation's jobs, on"
                    + " Jackson's streaming API.\n")
            .addJavadoc("\n<p>Generated by the Overtime annotation processor; do not edit.\n");
    if (compilation.generatedAnnotation()) {
      codecs.addAnnotation(
          AnnotationSpec.builder(PoetTypes.GENERATED)
              .addMember("value", "$S", CompilationModel.PROCESSOR)
              .build());
    }
    // One switch per chunk of cases, so that no method passes javac's 64 KB limit.
    List<TypeRef> rootList = new ArrayList<>(roots.values());
    int chunks = (rootList.size() + CASES_PER_METHOD - 1) / CASES_PER_METHOD;
    CodeBlock.Builder writeDispatch = CodeBlock.builder();
    CodeBlock.Builder readDispatch = CodeBlock.builder();
    if (chunks > 1) {
      writeDispatch.beginControlFlow("switch (id / $L)", CASES_PER_METHOD);
      readDispatch.beginControlFlow("switch (id / $L)", CASES_PER_METHOD);
    }
    for (int chunk = 0; chunk < chunks; chunk++) {
      CodeBlock.Builder writeSwitch = CodeBlock.builder().beginControlFlow("switch (id)");
      CodeBlock.Builder readSwitch = CodeBlock.builder().beginControlFlow("switch (id)");
      int end = Math.min(rootList.size(), (chunk + 1) * CASES_PER_METHOD);
      for (int id = chunk * CASES_PER_METHOD; id < end; id++) {
        TypeRef root = rootList.get(id);
        TypeName type = PoetTypes.of(root);
        codecs.addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(JSON_ADAPTER, type),
                    constantName(root),
                    Modifier.STATIC,
                    Modifier.FINAL)
                .initializer("new $T<$T>($L, $L)", self, type, id, reflectiveType(root))
                .build());
        writeSwitch
            .add("case $L:\n", id)
            .indent()
            .add(write(root, CodeBlock.of("($T) value", type)))
            .addStatement("return")
            .unindent();
        readSwitch
            .add("case $L:\n", id)
            .indent()
            .addStatement("return (T) $L", read(root, true))
            .unindent();
      }
      for (CodeBlock.Builder cases : List.of(writeSwitch, readSwitch)) {
        cases
            .add("default:\n")
            .indent()
            .addStatement("throw new $T(id)", AssertionError.class)
            .unindent()
            .endControlFlow();
      }
      if (chunks == 1) {
        writeDispatch.add(writeSwitch.build());
        readDispatch.add(readSwitch.build());
      } else {
        writeDispatch
            .add("case $L:\n", chunk)
            .indent()
            .addStatement("write$L(out, value)", chunk)
            .addStatement("return")
            .unindent();
        readDispatch
            .add("case $L:\n", chunk)
            .indent()
            .addStatement("return read$L(in)", chunk)
            .unindent();
        codecs.addMethod(
            MethodSpec.methodBuilder("write" + chunk)
                .addModifiers(Modifier.PRIVATE)
                .addParameter(JSON_GENERATOR, "out")
                .addParameter(T, "value")
                .addException(IO_EXCEPTION)
                .addCode(writeSwitch.build())
                .build());
        codecs.addMethod(
            MethodSpec.methodBuilder("read" + chunk)
                .addModifiers(Modifier.PRIVATE)
                .returns(T)
                .addParameter(JSON_READING, "in")
                .addException(IO_EXCEPTION)
                .addCode(readSwitch.build())
                .build());
      }
    }
    if (chunks > 1) {
      for (CodeBlock.Builder cases : List.of(writeDispatch, readDispatch)) {
        cases
            .add("default:\n")
            .indent()
            .addStatement("throw new $T(id)", AssertionError.class)
            .unindent()
            .endControlFlow();
      }
    }
    CodeBlock.Builder writeSwitch = writeDispatch;
    CodeBlock.Builder readSwitch = readDispatch;
    codecs.addField(int.class, "id", Modifier.PRIVATE, Modifier.FINAL);
    codecs.addMethod(
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(int.class, "id")
            .addParameter(TYPE, "type")
            .addStatement("super(type)")
            .addStatement("this.id = id")
            .build());
    codecs.addMethod(
        MethodSpec.methodBuilder("write")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(JSON_GENERATOR, "out")
            .addParameter(T, "value")
            .addException(IO_EXCEPTION)
            .addCode(writeSwitch.build())
            .build());
    codecs.addMethod(
        MethodSpec.methodBuilder("read")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(T)
            .addParameter(JSON_READING, "in")
            .addException(IO_EXCEPTION)
            .addCode(readSwitch.build())
            .build());
    for (Map.Entry<String, TypeRef> entry : methodTypes.entrySet()) {
      TypeRef type = entry.getValue();
      String suffix = methodNames.get(entry.getKey());
      codecs.addMethod(writeMethod(type, suffix));
      codecs.addMethod(readMethod(type, suffix));
    }
    return JavaFile.builder(compilation.packageName(), codecs.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  // What needs methods --------------------------------------------------------------------

  private void collect(TypeRef type) {
    if (!needsMethods(type) || methodNames.containsKey(type.canonicalName())) {
      return;
    }
    String suffix = mangle(type);
    int uses = suffixUses.merge(suffix, 1, Integer::sum);
    methodNames.put(type.canonicalName(), uses == 1 ? suffix : suffix + uses);
    methodTypes.put(type.canonicalName(), type);
    if (type instanceof TypeRef.ArrayType array) {
      collect(array.component());
    } else if (type instanceof TypeRef.ClassType classType) {
      classType.typeArguments().forEach(this::collect);
      if (declarations.get(classType.rawName())
          instanceof JsonDeclaration.RecordDeclaration record) {
        record.components().forEach(component -> collect(component.type()));
      }
    }
  }

  private boolean needsMethods(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType) {
      return false;
    }
    if (type instanceof TypeRef.ArrayType array) {
      return !isPrimitive(array.component(), "byte") && !isPrimitive(array.component(), "char");
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    if (!classType.typeArguments().isEmpty()) {
      return true;
    }
    return declarations.get(classType.rawName()) instanceof JsonDeclaration.RecordDeclaration;
  }

  private static String mangle(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      return Character.toUpperCase(primitive.keyword().charAt(0))
          + primitive.keyword().substring(1);
    }
    if (type instanceof TypeRef.ArrayType array) {
      return mangle(array.component()) + "Array";
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    String name = String.join("", classType.simpleNames());
    if (classType.typeArguments().isEmpty()) {
      return name;
    }
    if (classType.rawName().equals("java.util.Map")) {
      return name + "Of" + mangle(classType.typeArguments().get(1));
    }
    return name
        + "Of"
        + classType.typeArguments().stream()
            .map(CodecsRenderer::mangle)
            .collect(Collectors.joining("And"));
  }

  private static String constantName(TypeRef type) {
    return mangle(type).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static boolean isVoid(TypeRef type) {
    return type instanceof TypeRef.ClassType classType
        && classType.rawName().equals("java.lang.Void");
  }

  private static boolean isPrimitive(TypeRef type, String keyword) {
    return type instanceof TypeRef.PrimitiveType primitive && primitive.keyword().equals(keyword);
  }

  /** {@code Order.class}, {@code JsonTypes.parameterized(List.class, Receipt.class)}, … */
  private static CodeBlock reflectiveType(TypeRef type) {
    if (type.isReifiable()) {
      return CodeBlock.of("$T.class", PoetTypes.of(type));
    }
    if (type instanceof TypeRef.ArrayType array) {
      // A generic array type as a Class loses its arguments; JsonCodec's view is the same.
      return CodeBlock.of("$T.class", ArrayTypeName.of(rawOf(array.component())));
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    CodeBlock.Builder call =
        CodeBlock.builder()
            .add("$T.parameterized($T.class", JSON_TYPES, PoetTypes.rawClass(classType));
    for (TypeRef argument : classType.typeArguments()) {
      call.add(", $L", reflectiveType(argument));
    }
    return call.add(")").build();
  }

  private static TypeName rawOf(TypeRef type) {
    if (type instanceof TypeRef.ClassType classType) {
      return PoetTypes.rawClass(classType);
    }
    if (type instanceof TypeRef.ArrayType array) {
      return ArrayTypeName.of(rawOf(array.component()));
    }
    return PoetTypes.of(type);
  }

  /** The simple name Jackson's messages use for {@code type}: {@code int}, {@code List}, … */
  private static String expected(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      return primitive.keyword();
    }
    if (type instanceof TypeRef.ArrayType array) {
      return expected(array.component()) + "[]";
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    // Data binding names the class it would have created.
    return switch (classType.rawName()) {
      case "java.util.List", "java.util.Collection" -> "ArrayList";
      case "java.util.Set" -> "HashSet";
      case "java.util.Map" -> "LinkedHashMap";
      default -> classType.simpleNames().get(classType.simpleNames().size() - 1);
    };
  }

  // Writing -------------------------------------------------------------------------------

  /** The statement that writes {@code value} of {@code type}. */
  private CodeBlock write(TypeRef type, CodeBlock value) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      return switch (primitive.keyword()) {
        case "boolean" -> CodeBlock.of("out.writeBoolean($L);\n", value);
        case "char" -> CodeBlock.of("$T.writeChar(out, $L);\n", JSON_WRITING, value);
        default -> CodeBlock.of("out.writeNumber($L);\n", value);
      };
    }
    if (type instanceof TypeRef.ArrayType array && !needsMethods(type)) {
      String writer = isPrimitive(array.component(), "byte") ? "writeBytes" : "writeChars";
      return CodeBlock.of("$T.$N(out, $L);\n", JSON_WRITING, writer, value);
    }
    if (needsMethods(type)) {
      return CodeBlock.of("write$N(out, $L);\n", methodNames.get(type.canonicalName()), value);
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    Scalar scalar = SCALARS.get(classType.rawName());
    if (scalar != null) {
      return CodeBlock.of("$T.$N(out, $L);\n", JSON_WRITING, scalar.writer(), value);
    }
    // An enum.
    return CodeBlock.of("$T.writeEnum(out, $L);\n", JSON_WRITING, value);
  }

  private MethodSpec writeMethod(TypeRef type, String suffix) {
    TypeName typeName = PoetTypes.of(type);
    CodeBlock.Builder body =
        CodeBlock.builder()
            .beginControlFlow("if (value == null)")
            .addStatement("out.writeNull()")
            .addStatement("return")
            .endControlFlow();
    if (type instanceof TypeRef.ArrayType array) {
      body.addStatement("out.writeStartArray()")
          .beginControlFlow("for ($T element : value)", PoetTypes.of(array.component()))
          .add(write(array.component(), CodeBlock.of("element")))
          .endControlFlow()
          .addStatement("out.writeEndArray()");
    } else {
      TypeRef.ClassType classType = (TypeRef.ClassType) type;
      switch (classType.rawName()) {
        case "java.util.List", "java.util.Set", "java.util.Collection" -> {
          TypeRef element = classType.typeArguments().get(0);
          body.addStatement("out.writeStartArray()")
              .beginControlFlow("for ($T element : value)", PoetTypes.of(element))
              .add(write(element, CodeBlock.of("element")))
              .endControlFlow()
              .addStatement("out.writeEndArray()");
        }
        case "java.util.Map" -> {
          TypeRef values = classType.typeArguments().get(1);
          body.addStatement("out.writeStartObject()")
              .beginControlFlow(
                  "for ($T entry : value.entrySet())",
                  ParameterizedTypeName.get(
                      MAP_ENTRY, ClassName.get(String.class), PoetTypes.of(values)))
              .addStatement("out.writeFieldName(entry.getKey())")
              .add(write(values, CodeBlock.of("entry.getValue()")))
              .endControlFlow()
              .addStatement("out.writeEndObject()");
        }
        case "java.util.Optional" -> {
          body.beginControlFlow("if (value.isEmpty())")
              .addStatement("out.writeNull()")
              .addStatement("return")
              .endControlFlow()
              .add(write(classType.typeArguments().get(0), CodeBlock.of("value.get()")));
        }
        default -> {
          JsonDeclaration.RecordDeclaration record =
              (JsonDeclaration.RecordDeclaration) declarations.get(classType.rawName());
          body.addStatement("out.writeStartObject()");
          for (JsonDeclaration.Component component : record.components()) {
            body.addStatement("out.writeFieldName($S)", component.name())
                .add(write(component.type(), CodeBlock.of("value.$N()", component.name())));
          }
          body.addStatement("out.writeEndObject()");
        }
      }
    }
    return MethodSpec.methodBuilder("write" + suffix)
        .addModifiers(Modifier.STATIC)
        .addParameter(JSON_GENERATOR, "out")
        .addParameter(typeName, "value")
        .addException(IO_EXCEPTION)
        .addCode(body.build())
        .build();
  }

  // Reading -------------------------------------------------------------------------------

  /** The expression that reads a value of {@code type} at the reader's current token. */
  private CodeBlock read(TypeRef type, boolean boxed) {
    return read(type, boxed, null);
  }

  /**
   * As {@link #read(TypeRef, boolean)}; {@code arrayName}, for the elements of a primitive array,
   * is the name data binding's messages use for them (the array's, {@code double[]}).
   */
  private CodeBlock read(TypeRef type, boolean boxed, String arrayName) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      String keyword = primitive.keyword();
      String reader = "read" + Character.toUpperCase(keyword.charAt(0)) + keyword.substring(1);
      if (arrayName != null) {
        // Data binding names the array where it refuses to coerce a string, the element
        // otherwise.
        return CodeBlock.of("in.$N(in.coercing() ? $S : $S)", reader, arrayName, keyword);
      }
      return CodeBlock.of("in.$N($S)", reader, keyword);
    }
    if (type instanceof TypeRef.ArrayType array && !needsMethods(type)) {
      String reader = isPrimitive(array.component(), "byte") ? "readBytes" : "readChars";
      return CodeBlock.of("in.$N($S)", reader, expected(type));
    }
    if (needsMethods(type)) {
      return CodeBlock.of("read$N(in)", methodNames.get(type.canonicalName()));
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    Scalar scalar = SCALARS.get(classType.rawName());
    if (scalar != null) {
      CodeBlock call = CodeBlock.of("in.$N($S)", scalar.reader(), expected(type));
      // (T) in.readInt(...) does not compile: box it first.
      return boxed && primitiveReader(scalar)
          ? CodeBlock.of("($T) $L", PoetTypes.rawClass(classType), call)
          : call;
    }
    ClassName enumType = PoetTypes.rawClass(classType);
    return CodeBlock.of("in.<$T>readEnum($S, $T.values())", enumType, expected(type), enumType);
  }

  private static boolean primitiveReader(Scalar scalar) {
    return switch (scalar.reader()) {
      case "readBoolean",
          "readByte",
          "readShort",
          "readInt",
          "readLong",
          "readChar",
          "readFloat",
          "readDouble" ->
          true;
      default -> false;
    };
  }

  private MethodSpec readMethod(TypeRef type, String suffix) {
    TypeName typeName = PoetTypes.of(type);
    CodeBlock.Builder body = CodeBlock.builder();
    if (type instanceof TypeRef.ArrayType array) {
      TypeRef component = array.component();
      TypeName boxedComponent = PoetTypes.of(component).box();
      // Data binding reads a string where a primitive array belongs as one of the wrong form, and
      // names no type for an array of objects.
      if (component instanceof TypeRef.PrimitiveType) {
        body.addStatement("in.beginArrayNotString($S)", expected(type));
      } else {
        body.addStatement("in.beginObjectArray($S)", expected(type));
      }
      body.addStatement(
              "$T values = new $T<$T>()",
              ParameterizedTypeName.get(PoetTypes.LIST, boxedComponent),
              ARRAY_LIST,
              boxedComponent)
          .beginControlFlow("for (int i = 0; in.nextElement(i); i++)")
          .add(refuseNull(component))
          .addStatement("values.add($L)", read(component, false, expected(type)))
          .addStatement("in.leave()")
          .endControlFlow();
      body.addStatement("$T value = new $T[values.size()]", typeName, rawOf(component));
      body.beginControlFlow("for (int i = 0; i < value.length; i++)")
          .addStatement("value[i] = values.get(i)")
          .endControlFlow()
          .addStatement("return value");
    } else {
      TypeRef.ClassType classType = (TypeRef.ClassType) type;
      switch (classType.rawName()) {
        case "java.util.List", "java.util.Set", "java.util.Collection" -> {
          TypeRef element = classType.typeArguments().get(0);
          TypeName elementName = PoetTypes.of(element);
          ClassName implementation =
              classType.rawName().equals("java.util.Set") ? HASH_SET : ARRAY_LIST;
          body.addStatement("in.beginArray($S)", expected(type))
              .addStatement("$T value = new $T<$T>()", typeName, implementation, elementName)
              .beginControlFlow("for (int i = 0; in.nextElement(i); i++)")
              .add(refuseNull(element))
              .addStatement("value.add($L)", read(element, false))
              .addStatement("in.leave()")
              .endControlFlow()
              .addStatement("return value");
        }
        case "java.util.Map" -> {
          TypeRef values = classType.typeArguments().get(1);
          body.addStatement("in.beginObject($S)", expected(type))
              .addStatement(
                  "$T value = new $T<$T, $T>()",
                  typeName,
                  LINKED_HASH_MAP,
                  String.class,
                  PoetTypes.of(values))
              .beginControlFlow("for (String key; (key = in.nextKey()) != null; in.leave())")
              .add(refuseNull(values))
              .addStatement("value.put(key, $L)", read(values, false))
              .endControlFlow()
              .addStatement("return value");
        }
        case "java.util.Optional" -> {
          TypeRef value = classType.typeArguments().get(0);
          body.beginControlFlow("if (in.isNull())")
              .addStatement("return $T.<$T>empty()", OPTIONAL, PoetTypes.of(value))
              .endControlFlow()
              .addStatement(
                  "return $T.<$T>of($L)", OPTIONAL, PoetTypes.of(value), read(value, false));
        }
        default -> readRecord(classType, body);
      }
    }
    return MethodSpec.methodBuilder("read" + suffix)
        .addModifiers(Modifier.STATIC)
        .returns(typeName)
        .addParameter(JSON_READING, "in")
        .addException(IO_EXCEPTION)
        .addCode(body.build())
        .build();
  }

  private void readRecord(TypeRef.ClassType type, CodeBlock.Builder body) {
    JsonDeclaration.RecordDeclaration record =
        (JsonDeclaration.RecordDeclaration) declarations.get(type.rawName());
    List<JsonDeclaration.Component> components = record.components();
    body.addStatement("in.beginObject($S)", expected(type));
    for (int i = 0; i < components.size(); i++) {
      TypeRef componentType = components.get(i).type();
      body.addStatement("$T c$L = $L", PoetTypes.of(componentType), i, initial(componentType));
      if (!isOptional(componentType)) {
        body.addStatement("boolean s$L = false", i);
      }
    }
    String known = knownProperties(components);
    // As data binding: a value of the wrong type fails at once; then a missing component, in
    // declaration order; only then the first unknown property (it is buffered until the record is
    // built).
    body.addStatement("String unknown = null");
    body.beginControlFlow("for (String field; (field = in.nextField()) != null; in.leave())");
    body.beginControlFlow("switch (field)");
    for (int i = 0; i < components.size(); i++) {
      JsonDeclaration.Component component = components.get(i);
      body.add("case $S:\n", component.name()).indent();
      body.addStatement("c$L = $L", i, read(component.type(), false));
      if (!isOptional(component.type())) {
        body.addStatement("s$L = true", i);
      }
      body.addStatement("break").unindent();
    }
    body.add("default:\n")
        .indent()
        .addStatement("unknown = unknown == null ? field : unknown")
        .addStatement("in.skip()")
        .unindent()
        .endControlFlow()
        .endControlFlow();
    for (int i = 0; i < components.size(); i++) {
      JsonDeclaration.Component component = components.get(i);
      if (!isOptional(component.type())) {
        body.beginControlFlow("if (!s$L)", i)
            .addStatement("throw in.missing($S, $S)", component.name(), expected(component.type()))
            .endControlFlow();
      }
    }
    body.beginControlFlow("if (unknown != null)")
        .addStatement("throw in.unknownProperty(unknown, $S)", known)
        .endControlFlow();
    List<CodeBlock> arguments = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      arguments.add(CodeBlock.of("c$L", i));
    }
    body.addStatement(
        "return new $T($L)", PoetTypes.rawClass(type), CodeBlock.join(arguments, ", "));
  }

  /**
   * Data binding refuses {@code null} as an element or map value even of an {@code Optional} type
   * (it only maps an absent or {@code null} record component to empty); so do the codecs.
   */
  private static CodeBlock refuseNull(TypeRef element) {
    return isOptional(element)
        ? CodeBlock.builder()
            .beginControlFlow("if (in.isNull())")
            .addStatement("throw in.nullNotAllowed()")
            .endControlFlow()
            .build()
        : CodeBlock.of("");
  }

  /**
   * The record's properties in the order data binding lists them in its "known properties": the
   * order of the slots of Jackson's {@code BeanPropertyMap}, an open-addressing table of the names'
   * hash codes, filled in declaration order.
   */
  static String knownProperties(List<JsonDeclaration.Component> components) {
    int count = components.size();
    int size;
    if (count <= 5) {
      size = 8;
    } else if (count <= 12) {
      size = 16;
    } else {
      int needed = count + (count >> 2);
      size = 32;
      while (size < needed) {
        size += size;
      }
    }
    int mask = size - 1;
    List<String> slots = new ArrayList<>();
    for (int i = 0; i < size + (size >> 1); i++) {
      slots.add(null);
    }
    List<String> spill = new ArrayList<>();
    for (JsonDeclaration.Component component : components) {
      String name = component.name();
      int slot = name.hashCode() & mask;
      if (slots.get(slot) == null) {
        slots.set(slot, name);
      } else if (slots.get(size + (slot >> 1)) == null) {
        slots.set(size + (slot >> 1), name);
      } else {
        spill.add(name);
      }
    }
    List<String> order = new ArrayList<>();
    for (String name : slots) {
      if (name != null) {
        order.add(name);
      }
    }
    order.addAll(spill);
    return order.stream().collect(Collectors.joining(", ", "[", "]"));
  }

  private static boolean isOptional(TypeRef type) {
    return type instanceof TypeRef.ClassType classType
        && classType.rawName().equals("java.util.Optional");
  }

  private static CodeBlock initial(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      return switch (primitive.keyword()) {
        case "boolean" -> CodeBlock.of("false");
        case "char" -> CodeBlock.of("'\\0'");
        case "long" -> CodeBlock.of("0L");
        case "float" -> CodeBlock.of("0F");
        case "double" -> CodeBlock.of("0D");
        case "byte", "short" -> CodeBlock.of("($N) 0", primitive.keyword());
        default -> CodeBlock.of("0");
      };
    }
    if (isOptional(type)) {
      return CodeBlock.of(
          "$T.<$T>empty()",
          OPTIONAL,
          PoetTypes.of(((TypeRef.ClassType) type).typeArguments().get(0)));
    }
    return CodeBlock.of("null");
  }
}
