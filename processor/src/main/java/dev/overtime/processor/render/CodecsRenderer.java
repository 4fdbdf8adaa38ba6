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
import java.util.Collections;
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

  /**
   * The weight of the records of one class: each component costs a few constant-pool entries (its
   * accessor and its cast), far below the 65,535 a class holds.
   */
  static final int RECORD_WEIGHT_PER_CLASS = 6000;

  /** The records of one class: each costs about 12 bytes of the class's static initializer. */
  static final int RECORDS_PER_CLASS = 1500;

  /** The other types' constants of one class: each about 12 bytes of its static initializer. */
  static final int TYPES_PER_CLASS = 1500;

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

  /** The class that holds each constant of {@link #constants}, by canonical name. */
  private final Map<String, ClassName> holders = new HashMap<>();

  /** The constants of the payload and result types, by canonical name: the descriptors use them. */
  private final Map<String, String> rootNames = new HashMap<>();

  /** The records reached, in order of first use; a record's id is its index. */
  private final List<TypeRef.ClassType> records = new ArrayList<>();

  /** The other types with a constant, each after the types its initializer refers to. */
  private final List<TypeRef> composites = new ArrayList<>();

  /** How much one method and one class hold; {@link #DEFAULT_LIMITS} but in tests. */
  record Limits(
      int weightPerMethod, int recordWeightPerClass, int recordsPerClass, int typesPerClass) {}

  static final Limits DEFAULT_LIMITS =
      new Limits(WEIGHT_PER_METHOD, RECORD_WEIGHT_PER_CLASS, RECORDS_PER_CLASS, TYPES_PER_CLASS);

  private final Limits limits;

  private CodecsRenderer(Limits limits) {
    this.limits = limits;
  }

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

  /**
   * {@code JobsJson}, and when the compilation's codecs do not fit one class, the classes it is
   * split into ({@code JobsJsonRecords<i>}, {@code JobsJsonTypes<i>}).
   */
  public static List<JavaFile> render(CompilationModel compilation) {
    return render(compilation, DEFAULT_LIMITS);
  }

  static List<JavaFile> render(CompilationModel compilation, Limits limits) {
    return new CodecsRenderer(limits).files(compilation);
  }

  private List<JavaFile> files(CompilationModel compilation) {
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
    List<Integer> weights = new ArrayList<>();
    for (TypeRef.ClassType record : records) {
      weights.add(components(record).size() + 1);
    }
    List<int[]> recordSlices =
        chunks(weights, 0, limits.recordWeightPerClass(), limits.recordsPerClass());
    List<int[]> typeSlices =
        chunks(
            Collections.nCopies(composites.size(), 1),
            0,
            limits.typesPerClass(),
            limits.typesPerClass());
    if (recordSlices.size() == 1 && typeSlices.size() == 1) {
      return List.of(single(compilation, self, roots.values()));
    }
    return split(compilation, self, roots.values(), recordSlices, typeSlices);
  }

  /** Everything in {@code JobsJson}: the records, then the other types, then the scalar roots. */
  private JavaFile single(CompilationModel compilation, ClassName self, Iterable<TypeRef> roots) {
    for (TypeRef.ClassType record : records) {
      holders.put(record.canonicalName(), self);
    }
    for (TypeRef type : composites) {
      holders.put(type.canonicalName(), self);
    }
    TypeSpec.Builder codecs =
        recordClass(compilation, self, 0, records.size())
            .addJavadoc(
                "The JSON codecs of the payload and result types of this compilation's jobs, on"
                    + " Jackson's streaming API.\n")
            .addJavadoc("\n<p>Generated by the Overtime annotation processor; do not edit.\n");
    addTypes(codecs, self, composites);
    for (TypeRef root : roots) {
      if (!constants.containsKey(root.canonicalName())) {
        codecs.addField(scalarRoot(self, root));
      }
    }
    List<CodeBlock> definitions = definitions(self, 0, records.size());
    List<int[]> chunks = recordChunks(0, records.size());
    if (records.isEmpty()) {
      // Nothing to define.
    } else if (chunks.size() == 1) {
      codecs.addStaticBlock(CodeBlock.join(definitions, ""));
    } else {
      codecs.addStaticBlock(defineMethods(codecs, definitions, chunks));
    }
    return file(compilation, codecs);
  }

  /**
   * Codecs too many for one class (its constant pool holds 65,535 entries, its static initializer
   * 64 KB of bytecode): the records in {@code JobsJsonRecords<i>}, the other types in {@code
   * JobsJsonTypes<i>}, and {@code JobsJson} holds only the roots and wires the records.
   *
   * <p>Class initialisation cannot loop: a records class refers to nothing while it initialises, a
   * types class only to records and to earlier types classes (the types are in dependency order),
   * and {@code JobsJson} to all of them; the records' component codecs are set afterwards, by
   * {@code JobsJson}'s initializer, through each records class's {@code define()}.
   */
  private List<JavaFile> split(
      CompilationModel compilation,
      ClassName self,
      Iterable<TypeRef> roots,
      List<int[]> recordSlices,
      List<int[]> typeSlices) {
    List<ClassName> recordClasses = new ArrayList<>();
    for (int i = 0; i < recordSlices.size(); i++) {
      ClassName holder =
          ClassName.get(compilation.packageName(), self.simpleName() + "Records" + i);
      recordClasses.add(holder);
      for (int id = recordSlices.get(i)[0]; id < recordSlices.get(i)[1]; id++) {
        holders.put(records.get(id).canonicalName(), holder);
      }
    }
    List<ClassName> typeClasses = new ArrayList<>();
    for (int i = 0; i < typeSlices.size(); i++) {
      ClassName holder = ClassName.get(compilation.packageName(), self.simpleName() + "Types" + i);
      typeClasses.add(holder);
      for (TypeRef type : composites.subList(typeSlices.get(i)[0], typeSlices.get(i)[1])) {
        holders.put(type.canonicalName(), holder);
      }
    }
    List<JavaFile> files = new ArrayList<>();
    TypeSpec.Builder entry =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.FINAL)
            .addJavadoc(
                "The JSON codecs of the payload and result types of this compilation's jobs, on"
                    + " Jackson's streaming API; the records' are in {@code $L<i>}, the other"
                    + " types' in {@code $L<i>}.\n",
                self.simpleName() + "Records",
                self.simpleName() + "Types")
            .addJavadoc("\n<p>Generated by the Overtime annotation processor; do not edit.\n")
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    addGenerated(compilation, entry);
    for (TypeRef root : roots) {
      if (!constants.containsKey(root.canonicalName())) {
        entry.addField(scalarRoot(self, root));
      } else {
        entry.addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(JSON_ADAPTER, PoetTypes.of(root)),
                    constantName(root),
                    Modifier.STATIC,
                    Modifier.FINAL)
                .initializer(adapter(self, root))
                .build());
      }
    }
    CodeBlock.Builder wiring = CodeBlock.builder();
    for (int i = 0; i < recordSlices.size(); i++) {
      int from = recordSlices.get(i)[0];
      int to = recordSlices.get(i)[1];
      ClassName holder = recordClasses.get(i);
      TypeSpec.Builder records =
          recordClass(compilation, holder, from, to)
              .addJavadoc("The codecs of records $L to $L of {@link $T}.\n", from, to - 1, self)
              .addJavadoc("\n<p>Generated by the Overtime annotation processor; do not edit.\n");
      records.addMethod(
          MethodSpec.methodBuilder("define")
              .addModifiers(Modifier.STATIC)
              .addJavadoc("Sets the component codecs of this class's records.\n")
              .addCode(
                  defineMethods(records, definitions(holder, from, to), recordChunks(from, to)))
              .build());
      files.add(file(compilation, records));
      wiring.addStatement("$T.define()", holder);
    }
    entry.addStaticBlock(wiring.build());
    for (int i = 0; i < typeSlices.size(); i++) {
      ClassName holder = typeClasses.get(i);
      TypeSpec.Builder types =
          TypeSpec.classBuilder(holder)
              .addModifiers(Modifier.FINAL)
              .addJavadoc(
                  "Codecs of {@link $T}: collections, maps, optionals, enums and arrays.\n", self)
              .addJavadoc("\n<p>Generated by the Overtime annotation processor; do not edit.\n")
              .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
      addGenerated(compilation, types);
      addTypes(types, holder, composites.subList(typeSlices.get(i)[0], typeSlices.get(i)[1]));
      files.add(file(compilation, types));
    }
    files.add(0, file(compilation, entry));
    return files;
  }

  /**
   * A class of record codecs {@code from} to {@code to} (exclusive), each an instance of it: their
   * constants, and the {@code construct} and {@code values} switches over them.
   */
  private TypeSpec.Builder recordClass(
      CompilationModel compilation, ClassName self, int from, int to) {
    TypeSpec.Builder codecs =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.FINAL)
            .addAnnotation(
                AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "$S", "unchecked")
                    .build())
            .addTypeVariable(T)
            .superclass(ParameterizedTypeName.get(JSON_RECORD, T));
    addGenerated(compilation, codecs);
    // The records' constants need no other codec, so every other constant can refer to them.
    // Their tables are defined last, in small methods: a static initializer (64 KB at most, as any
    // method) holds only a constructor call per record and a factory call per composite.
    for (TypeRef.ClassType record : records.subList(from, to)) {
      ClassName raw = PoetTypes.rawClass(record);
      codecs.addField(
          FieldSpec.builder(
                  ParameterizedTypeName.get(self, raw),
                  constants.get(record.canonicalName()),
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer("new $T<$T>($T.class)", self, raw, raw)
              .build());
    }
    codecs.addMethod(
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), T), "type")
            .addStatement("super(type)")
            .build());
    addSwitches(codecs, recordChunks(from, to));
    return codecs;
  }

  /** One {@code define} statement per record, as seen from {@code holder}. */
  private List<CodeBlock> definitions(ClassName holder, int from, int to) {
    List<CodeBlock> definitions = new ArrayList<>();
    for (int id = from; id < to; id++) {
      TypeRef.ClassType record = records.get(id);
      List<String> names = new ArrayList<>();
      List<CodeBlock> adapters = new ArrayList<>();
      adapters.add(CodeBlock.of("$L", id));
      for (JsonDeclaration.Component component : components(record)) {
        names.add(component.name());
        adapters.add(adapter(holder, component.type()));
      }
      adapters.add(1, CodeBlock.of("$S", String.join(",", names)));
      definitions.add(
          CodeBlock.of(
              "$N.define($L);\n",
              constants.get(record.canonicalName()),
              CodeBlock.join(adapters, ", ")));
    }
    return definitions;
  }

  /**
   * The {@code define<i>()} methods of {@code definitions} split as {@code chunks}, and the code
   * that calls them; the definitions themselves when one chunk holds them all.
   */
  private static CodeBlock defineMethods(
      TypeSpec.Builder codecs, List<CodeBlock> definitions, List<int[]> chunks) {
    if (chunks.size() == 1) {
      return CodeBlock.join(definitions, "");
    }
    int base = chunks.get(0)[0];
    CodeBlock.Builder calls = CodeBlock.builder();
    for (int i = 0; i < chunks.size(); i++) {
      calls.addStatement("define$L()", i);
      codecs.addMethod(
          MethodSpec.methodBuilder("define" + i)
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .addCode(
                  CodeBlock.join(
                      definitions.subList(chunks.get(i)[0] - base, chunks.get(i)[1] - base), ""))
              .build());
    }
    return calls.build();
  }

  /** The constants of {@code types}, on {@code holder}, in order (each after what it refers to). */
  private void addTypes(TypeSpec.Builder codecs, ClassName holder, List<TypeRef> types) {
    for (TypeRef type : types) {
      codecs.addField(
          FieldSpec.builder(
                  ParameterizedTypeName.get(JSON_ADAPTER, PoetTypes.of(type)),
                  constants.get(type.canonicalName()),
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer(initializer(holder, type))
              .build());
    }
  }

  /** A root that is a scalar: the runtime's constant, under the name the descriptors use. */
  private FieldSpec scalarRoot(ClassName holder, TypeRef root) {
    return FieldSpec.builder(
            ParameterizedTypeName.get(JSON_ADAPTER, PoetTypes.of(root)),
            constantName(root),
            Modifier.STATIC,
            Modifier.FINAL)
        .initializer(adapter(holder, root))
        .build();
  }

  private static void addGenerated(CompilationModel compilation, TypeSpec.Builder type) {
    if (compilation.generatedAnnotation()) {
      type.addAnnotation(
          AnnotationSpec.builder(PoetTypes.GENERATED)
              .addMember("value", "$S", CompilationModel.PROCESSOR)
              .build());
    }
  }

  private static JavaFile file(CompilationModel compilation, TypeSpec.Builder type) {
    return JavaFile.builder(compilation.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The method-sized chunks of records {@code from} to {@code to}, by global record id. */
  private List<int[]> recordChunks(int from, int to) {
    List<Integer> weights = new ArrayList<>();
    for (TypeRef.ClassType record : records.subList(from, to)) {
      weights.add(components(record).size() + 1);
    }
    return chunks(weights, from, limits.weightPerMethod(), Integer.MAX_VALUE);
  }

  /**
   * Consecutive runs of items of at most {@code maxWeight} and {@code maxCount} (one item at
   * least), as {@code [from, to)} ranges offset by {@code base}.
   */
  private static List<int[]> chunks(List<Integer> weights, int base, int maxWeight, int maxCount) {
    List<int[]> chunks = new ArrayList<>();
    int start = 0;
    int weight = 0;
    for (int id = 0; id < weights.size(); id++) {
      int cost = weights.get(id);
      if (id > start && (weight + cost > maxWeight || id - start >= maxCount)) {
        chunks.add(new int[] {base + start, base + id});
        start = id;
        weight = 0;
      }
      weight += cost;
    }
    chunks.add(new int[] {base + start, base + weights.size()});
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
      construct.addCode(constructSwitch(chunks.get(0)[0], chunks.get(0)[1]));
      values.addCode(valuesSwitch(chunks.get(0)[0], chunks.get(0)[1]));
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

  /** The codec of {@code type} as seen from {@code from}: the runtime's constant, or a class's. */
  private CodeBlock adapter(ClassName from, TypeRef type) {
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
      ClassName holder = holders.get(type.canonicalName());
      return holder.equals(from)
          ? CodeBlock.of("$N", constant)
          : CodeBlock.of("$T.$N", holder, constant);
    }
    return CodeBlock.of("$T.$L", JSON_ADAPTERS, SCALARS.get(((TypeRef.ClassType) type).rawName()));
  }

  /** A composite's constant on {@code holder}: the runtime's factory, explicit type arguments. */
  private CodeBlock initializer(ClassName holder, TypeRef type) {
    if (type instanceof TypeRef.ArrayType array) {
      return CodeBlock.of(
          "$T.<$T>arrayOf($L, $T.class)",
          JSON_ADAPTERS,
          PoetTypes.of(array.component()),
          adapter(holder, array.component()),
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
        "$T.<$T>$N($L)", JSON_ADAPTERS, PoetTypes.of(argument), factory, adapter(holder, argument));
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
