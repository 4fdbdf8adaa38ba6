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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Renders {@code JobsJson}: the JSON codecs of every payload and result type of the compilation, on
 * Jackson's streaming API, composed at class initialisation from the hand-written codecs of {@code
 * dev.overtime.runtime.internal.JsonAdapters} and {@code JsonRecord}. Per type only a table is
 * generated: one constant per distinct type reached ({@code JsonAdapters.<Receipt>listOf(RECEIPT)},
 * explicit type arguments, nothing to infer); per record its components' names, their codecs, and
 * one {@code construct(Object[])} and {@code values(T)} case. The bytes match {@code JsonCodec}'s
 * data binding; decoding is as strict, with the same messages (all in the runtime).
 */
public final class CodecsRenderer {
  private static final String INTERNAL = "dev.overtime.runtime.internal";
  static final ClassName JSON_ADAPTER = ClassName.get(INTERNAL, "JsonAdapter");
  private static final ClassName JSON_ADAPTERS = ClassName.get(INTERNAL, "JsonAdapters");
  private static final ClassName JSON_RECORD = ClassName.get(INTERNAL, "JsonRecord");
  private static final TypeVariableName T = TypeVariableName.get("T");

  /**
   * The weight (components plus one per record) of one {@code construct}/{@code values} switch:
   * about 12 bytes of bytecode each, far below javac's 64 KB per method.
   */
  static final int WEIGHT_PER_METHOD = 2000;

  /** The runtime's codec constant of each scalar type, by canonical name. */
  private static final Map<String, String> SCALARS = new HashMap<>();

  static {
    SCALARS.put("java.lang.Boolean", "BOOLEAN");
    SCALARS.put("java.lang.Byte", "BYTE");
    SCALARS.put("java.lang.Short", "SHORT");
    SCALARS.put("java.lang.Integer", "INTEGER");
    SCALARS.put("java.lang.Long", "LONG");
    SCALARS.put("java.lang.Character", "CHARACTER");
    SCALARS.put("java.lang.Float", "FLOAT");
    SCALARS.put("java.lang.Double", "DOUBLE");
    SCALARS.put("java.lang.String", "STRING");
    SCALARS.put("java.math.BigInteger", "BIG_INTEGER");
    SCALARS.put("java.math.BigDecimal", "BIG_DECIMAL");
    SCALARS.put("java.util.UUID", "UUID");
    SCALARS.put("java.net.URI", "URI");
    SCALARS.put("java.time.Instant", "INSTANT");
    SCALARS.put("java.time.LocalDate", "LOCAL_DATE");
    SCALARS.put("java.time.LocalDateTime", "LOCAL_DATE_TIME");
    SCALARS.put("java.time.OffsetDateTime", "OFFSET_DATE_TIME");
    SCALARS.put("java.time.Duration", "DURATION");
  }

  private final Map<String, JsonDeclaration> declarations = new HashMap<>();

  /** Every type with its own constant, by canonical name, to the constant's name. */
  private final Map<String, String> constants = new HashMap<>();

  private final Set<String> usedNames = new HashSet<>();

  /** The constants of the payload and result types, by canonical name: the descriptors use them. */
  private final Map<String, String> rootNames = new HashMap<>();

  /** The records reached, in order of first use; a record's id is its index. */
  private final List<TypeRef.ClassType> records = new ArrayList<>();

  /** The other types with a constant, each after the types its initializer refers to. */
  private final List<TypeRef> composites = new ArrayList<>();

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
    // The top-level codecs: each payload and result type once, in order of first use. Their
    // constants keep the names the descriptors refer to.
    Map<String, TypeRef> roots = new LinkedHashMap<>();
    for (JobModel job : compilation.jobs()) {
      roots.putIfAbsent(job.payload().canonicalName(), job.payload());
      if (!isVoid(job.result())) {
        roots.putIfAbsent(job.result().canonicalName(), job.result());
      }
    }
    for (TypeRef root : roots.values()) {
      usedNames.add(constantName(root));
      rootNames.put(root.canonicalName(), constantName(root));
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
            .superclass(ParameterizedTypeName.get(JSON_RECORD, T))
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
    // Records first: their constants need no other codec, so every composite can refer to them.
    // Their tables are defined last, in small methods: the static initializer (64 KB at most, as
    // any
    // method) holds only a constructor call per record and a factory call per composite.
    List<CodeBlock> definitions = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    for (int id = 0; id < records.size(); id++) {
      TypeRef.ClassType record = records.get(id);
      ClassName raw = PoetTypes.rawClass(record);
      List<JsonDeclaration.Component> components = components(record);
      List<String> names = new ArrayList<>();
      List<CodeBlock> adapters = new ArrayList<>();
      adapters.add(CodeBlock.of("$L", id));
      for (JsonDeclaration.Component component : components) {
        names.add(component.name());
        adapters.add(adapter(component.type()));
      }
      adapters.add(1, CodeBlock.of("$S", String.join(",", names)));
      String constant = constants.get(record.canonicalName());
      codecs.addField(
          FieldSpec.builder(
                  ParameterizedTypeName.get(self, raw), constant, Modifier.STATIC, Modifier.FINAL)
              .initializer("new $T<$T>($T.class)", self, raw, raw)
              .build());
      definitions.add(CodeBlock.of("$N.define($L);\n", constant, CodeBlock.join(adapters, ", ")));
      weights.add(components.size() + 1);
    }
    for (TypeRef type : composites) {
      codecs.addField(
          FieldSpec.builder(
                  ParameterizedTypeName.get(JSON_ADAPTER, PoetTypes.of(type)),
                  constants.get(type.canonicalName()),
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer(initializer(type))
              .build());
    }
    // Roots that are scalars: the runtime's constant, under the name the descriptors use.
    for (TypeRef root : roots.values()) {
      if (!constants.containsKey(root.canonicalName())) {
        codecs.addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(JSON_ADAPTER, PoetTypes.of(root)),
                    constantName(root),
                    Modifier.STATIC,
                    Modifier.FINAL)
                .initializer(adapter(root))
                .build());
      }
    }
    List<int[]> chunks = chunks(weights);
    if (records.isEmpty()) {
      // Nothing to define.
    } else if (chunks.size() == 1) {
      codecs.addStaticBlock(CodeBlock.join(definitions, ""));
    } else {
      CodeBlock.Builder calls = CodeBlock.builder();
      for (int i = 0; i < chunks.size(); i++) {
        calls.addStatement("define$L()", i);
        codecs.addMethod(
            MethodSpec.methodBuilder("define" + i)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addCode(
                    CodeBlock.join(definitions.subList(chunks.get(i)[0], chunks.get(i)[1]), ""))
                .build());
      }
      codecs.addStaticBlock(calls.build());
    }
    codecs.addMethod(
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), T), "type")
            .addStatement("super(type)")
            .build());
    addSwitches(codecs, chunks);
    return JavaFile.builder(compilation.packageName(), codecs.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** {@code construct} and {@code values}, one case per record, split to stay small. */
  /** Consecutive runs of records of at most {@link #WEIGHT_PER_METHOD} (one at least). */
  private static List<int[]> chunks(List<Integer> weights) {
    List<int[]> chunks = new ArrayList<>();
    int start = 0;
    int weight = 0;
    for (int id = 0; id < weights.size(); id++) {
      int cost = weights.get(id);
      if (id > start && weight + cost > WEIGHT_PER_METHOD) {
        chunks.add(new int[] {start, id});
        start = id;
        weight = 0;
      }
      weight += cost;
    }
    chunks.add(new int[] {start, weights.size()});
    return chunks;
  }

  /** {@code construct} and {@code values}, one case per record, split as the definitions. */
  private void addSwitches(TypeSpec.Builder codecs, List<int[]> chunks) {
    MethodSpec.Builder construct =
        MethodSpec.methodBuilder("construct")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED)
            .returns(T)
            .addParameter(Object[].class, "v");
    MethodSpec.Builder values =
        MethodSpec.methodBuilder("values")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED)
            .returns(Object[].class)
            .addParameter(T, "value");
    if (chunks.size() == 1) {
      construct.addCode(constructSwitch(0, records.size()));
      values.addCode(valuesSwitch(0, records.size()));
    } else {
      for (int i = 0; i < chunks.size(); i++) {
        int[] chunk = chunks.get(i);
        boolean last = i == chunks.size() - 1;
        if (!last) {
          construct.beginControlFlow("if (id() < $L)", chunk[1]);
          values.beginControlFlow("if (id() < $L)", chunk[1]);
        }
        construct.addStatement("return construct$L(v)", i);
        values.addStatement("return values$L(value)", i);
        if (!last) {
          construct.endControlFlow();
          values.endControlFlow();
        }
        codecs.addMethod(
            MethodSpec.methodBuilder("construct" + i)
                .addModifiers(Modifier.PRIVATE)
                .returns(T)
                .addParameter(Object[].class, "v")
                .addCode(constructSwitch(chunk[0], chunk[1]))
                .build());
        codecs.addMethod(
            MethodSpec.methodBuilder("values" + i)
                .addModifiers(Modifier.PRIVATE)
                .returns(Object[].class)
                .addParameter(T, "value")
                .addCode(valuesSwitch(chunk[0], chunk[1]))
                .build());
      }
    }
    codecs.addMethod(construct.build());
    codecs.addMethod(values.build());
  }

  private CodeBlock constructSwitch(int from, int to) {
    CodeBlock.Builder cases = CodeBlock.builder().beginControlFlow("switch (id())");
    for (int id = from; id < to; id++) {
      TypeRef.ClassType record = records.get(id);
      List<JsonDeclaration.Component> components = components(record);
      List<CodeBlock> arguments = new ArrayList<>();
      for (int i = 0; i < components.size(); i++) {
        arguments.add(CodeBlock.of("($T) v[$L]", PoetTypes.of(components.get(i).type()), i));
      }
      cases
          .add("case $L:\n", id)
          .indent()
          .addStatement(
              "return (T) new $T($L)", PoetTypes.rawClass(record), CodeBlock.join(arguments, ", "))
          .unindent();
    }
    return cases
        .add("default:\n")
        .indent()
        .addStatement("throw new $T(id())", AssertionError.class)
        .unindent()
        .endControlFlow()
        .build();
  }

  private CodeBlock valuesSwitch(int from, int to) {
    CodeBlock.Builder cases = CodeBlock.builder().beginControlFlow("switch (id())");
    for (int id = from; id < to; id++) {
      TypeRef.ClassType record = records.get(id);
      List<CodeBlock> accessors = new ArrayList<>();
      for (JsonDeclaration.Component component : components(record)) {
        accessors.add(CodeBlock.of("r.$N()", component.name()));
      }
      cases
          .add("case $L: {\n", id)
          .indent()
          .addStatement("$T r = ($T) value", PoetTypes.rawClass(record), PoetTypes.rawClass(record))
          .addStatement("return new Object[] {$L}", CodeBlock.join(accessors, ", "))
          .unindent()
          .add("}\n");
    }
    return cases
        .add("default:\n")
        .indent()
        .addStatement("throw new $T(id())", AssertionError.class)
        .unindent()
        .endControlFlow()
        .build();
  }

  private List<JsonDeclaration.Component> components(TypeRef.ClassType record) {
    return ((JsonDeclaration.RecordDeclaration) declarations.get(record.rawName())).components();
  }

  // What needs a constant ------------------------------------------------------------------

  /**
   * Gives {@code type}, and every type it reaches, a constant if it needs one: records, enums,
   * collections, maps, optionals and arrays of objects. Composites are listed after what they refer
   * to; records may refer to each other in any order (their codecs are wired last).
   */
  private void collect(TypeRef type) {
    if (!needsConstant(type) || constants.containsKey(type.canonicalName())) {
      return;
    }
    String root = rootNames.get(type.canonicalName());
    constants.put(type.canonicalName(), root == null ? freshName(type) : root);
    if (type instanceof TypeRef.ArrayType array) {
      collect(array.component());
      composites.add(type);
      return;
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    if (declarations.get(classType.rawName()) instanceof JsonDeclaration.RecordDeclaration record) {
      records.add(classType);
      for (JsonDeclaration.Component component : record.components()) {
        collect(component.type());
      }
      return;
    }
    for (TypeRef argument : classType.typeArguments()) {
      collect(argument);
    }
    composites.add(type);
  }

  private String freshName(TypeRef type) {
    String base = constantName(type);
    String name = base;
    for (int n = 2; !usedNames.add(name); n++) {
      name = base + "_" + n;
    }
    return name;
  }

  private boolean needsConstant(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType) {
      return false;
    }
    if (type instanceof TypeRef.ArrayType array) {
      return !(array.component() instanceof TypeRef.PrimitiveType);
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    return !classType.typeArguments().isEmpty() || !SCALARS.containsKey(classType.rawName());
  }

  /** The codec of {@code type}: the runtime's constant, or this class's. */
  private CodeBlock adapter(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      return CodeBlock.of(
          "$T.PRIMITIVE_$L", JSON_ADAPTERS, primitive.keyword().toUpperCase(Locale.ROOT));
    }
    if (type instanceof TypeRef.ArrayType array
        && array.component() instanceof TypeRef.PrimitiveType primitive) {
      return switch (primitive.keyword()) {
        case "byte" -> CodeBlock.of("$T.BYTES", JSON_ADAPTERS);
        case "char" -> CodeBlock.of("$T.CHARS", JSON_ADAPTERS);
        default ->
            CodeBlock.of(
                "$T.$L_ARRAY", JSON_ADAPTERS, primitive.keyword().toUpperCase(Locale.ROOT));
      };
    }
    String constant = constants.get(type.canonicalName());
    if (constant != null) {
      return CodeBlock.of("$N", constant);
    }
    return CodeBlock.of("$T.$L", JSON_ADAPTERS, SCALARS.get(((TypeRef.ClassType) type).rawName()));
  }

  /** A composite's constant: the runtime's factory, with explicit type arguments. */
  private CodeBlock initializer(TypeRef type) {
    if (type instanceof TypeRef.ArrayType array) {
      return CodeBlock.of(
          "$T.<$T>arrayOf($L, $T.class)",
          JSON_ADAPTERS,
          PoetTypes.of(array.component()),
          adapter(array.component()),
          ArrayTypeName.of(rawOf(array.component())));
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    String factory =
        switch (classType.rawName()) {
          case "java.util.List" -> "listOf";
          case "java.util.Set" -> "setOf";
          case "java.util.Collection" -> "collectionOf";
          case "java.util.Map" -> "mapOf";
          case "java.util.Optional" -> "optionalOf";
          default -> null;
        };
    if (factory == null) {
      ClassName enumType = PoetTypes.rawClass(classType);
      return CodeBlock.of("$T.<$T>enumOf($T.class)", JSON_ADAPTERS, enumType, enumType);
    }
    TypeRef argument = classType.typeArguments().get(classType.typeArguments().size() - 1);
    return CodeBlock.of(
        "$T.<$T>$N($L)", JSON_ADAPTERS, PoetTypes.of(argument), factory, adapter(argument));
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

  private static TypeName rawOf(TypeRef type) {
    if (type instanceof TypeRef.ClassType classType) {
      return PoetTypes.rawClass(classType);
    }
    if (type instanceof TypeRef.ArrayType array) {
      return ArrayTypeName.of(rawOf(array.component()));
    }
    return PoetTypes.of(type);
  }

  private static boolean isOptional(TypeRef type) {
    return type instanceof TypeRef.ClassType classType
        && classType.rawName().equals("java.util.Optional");
  }
}
