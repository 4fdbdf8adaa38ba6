package dev.overtime.processor.validate;

import dev.overtime.contract.resources.ResourceSpec;
import dev.overtime.processor.Message;
import dev.overtime.processor.Problem;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.model.JobResources;
import dev.overtime.processor.model.JsonDeclaration;
import dev.overtime.processor.model.ScheduleModel;
import dev.overtime.processor.model.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates one {@code @JobHandler} element and, when it is valid, models it as a {@link JobModel}.
 * All problems of a handler are collected, each placed on the most precise element, annotation or
 * annotation value; nothing is printed here.
 */
public final class HandlerValidator {
  public static final String JOB_HANDLER = "dev.overtime.JobHandler";
  public static final String JOB = "dev.overtime.Job";

  private final Elements elements;
  private final Types types;
  private final Predicate<TypeElement> inThisCompilation;

  /**
   * @param inThisCompilation whether a type's source is part of this compilation, so that problems
   *     can be placed on it; otherwise they are placed on the handler
   */
  public HandlerValidator(
      Elements elements, Types types, Predicate<TypeElement> inThisCompilation) {
    this.elements = elements;
    this.types = types;
    this.inThisCompilation = inThisCompilation;
  }

  /**
   * Validates {@code handler}.
   *
   * @throws MissingTypeException if a type the handler depends on does not exist (yet)
   */
  public HandlerOutcome validate(TypeElement handler) {
    AnnotationMirror mirror = jobHandlerMirror(handler);
    List<Problem> problems = new ArrayList<>();
    NameClaim claim = checkName(handler, mirror, problems);
    JobResources resources = checkResources(handler, mirror, problems);
    JobModel model = null;
    if (handler.getKind() != ElementKind.CLASS) {
      problems.add(
          Problem.on(
              handler,
              mirror,
              Message.HANDLER_NOT_CLASS,
              kindOf(handler),
              handler.getQualifiedName()));
    } else {
      checkShape(handler, problems);
      model = checkJobTypes(handler, claim, resources, problems);
    }
    List<ScheduleModel> schedules =
        new ScheduleValidator(elements)
            .validate(
                handler,
                model == null ? null : model.payload(),
                model == null ? List.of() : model.declarations(),
                problems);
    if (model != null) {
      model = model.withSchedules(schedules);
    }
    boolean valid = problems.isEmpty() && claim != null && resources != null && model != null;
    return new HandlerOutcome(handler, valid ? model : null, problems, claim);
  }

  private AnnotationMirror jobHandlerMirror(TypeElement handler) {
    for (AnnotationMirror mirror : handler.getAnnotationMirrors()) {
      if (((TypeElement) mirror.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(JOB_HANDLER)) {
        return mirror;
      }
    }
    throw new IllegalStateException("no @JobHandler on " + handler);
  }

  // --- annotation values ---

  private NameClaim checkName(
      TypeElement handler, AnnotationMirror mirror, List<Problem> problems) {
    AnnotationValue value = explicitValue(mirror, "value");
    if (value == null || !(value.getValue() instanceof String name)) {
      return null; // javac reports the missing or ill-typed value itself
    }
    if (name.isEmpty()) {
      problems.add(Problem.on(handler, mirror, value, Message.NAME_EMPTY));
      return null;
    }
    Optional<String> invalid = JobNames.invalidReason(name);
    if (invalid.isPresent()) {
      String suggestion =
          JobNames.suggestion(name).map(s -> " Did you mean \"" + s + "\"?").orElse("");
      problems.add(
          Problem.on(
              handler, mirror, value, Message.NAME_INVALID, name, invalid.get(), suggestion));
      return null;
    }
    String method = JobNames.methodName(name);
    if (SourceVersion.isKeyword(method)) {
      problems.add(
          Problem.on(handler, mirror, value, Message.NAME_KEYWORD, name, method, method, name));
      return null;
    }
    if (JobNames.TAKEN_METHODS.contains(method)) {
      String clash =
          method.equals("all") ? "Jobs.all(), the list of all jobs" : "Object." + method + "()";
      problems.add(
          Problem.on(handler, mirror, value, Message.NAME_RESERVED, name, method, clash, name));
      return null;
    }
    return new NameClaim(name, handler, mirror, value);
  }

  private JobResources checkResources(
      TypeElement handler, AnnotationMirror mirror, List<Problem> problems) {
    String timeout = stringValue(mirror, "timeout");
    String memory = stringValue(mirror, "memory");
    String cpu = stringValue(mirror, "cpu");
    Object retriesValue = valueWithDefault(mirror, "retries").getValue();
    if (timeout == null
        || memory == null
        || cpu == null
        || !(retriesValue instanceof Integer retries)) {
      return null; // javac reports ill-typed values itself
    }
    ResourceSpec.Parsed seconds = ResourceSpec.timeoutSeconds(timeout);
    ResourceSpec.Parsed mib = ResourceSpec.memoryMib(memory);
    ResourceSpec.Parsed units = ResourceSpec.cpuUnits(cpu);
    boolean ok = true;
    if (!seconds.ok()) {
      problems.add(
          valueProblem(
              handler, mirror, "timeout", Message.TIMEOUT_INVALID, timeout, seconds.error()));
      ok = false;
    }
    if (!mib.ok()) {
      problems.add(
          valueProblem(handler, mirror, "memory", Message.MEMORY_INVALID, memory, mib.error()));
      ok = false;
    }
    if (!units.ok()) {
      problems.add(valueProblem(handler, mirror, "cpu", Message.CPU_INVALID, cpu, units.error()));
      ok = false;
    }
    if (!ResourceSpec.retries(retries).ok()) {
      problems.add(valueProblem(handler, mirror, "retries", Message.RETRIES_INVALID, retries));
      ok = false;
    }
    Integer concurrency = checkConcurrency(handler, mirror, problems);
    if (concurrency == null) {
      ok = false;
    }
    return ok
        ? new JobResources(
            seconds.amount(),
            timeout,
            (int) mib.amount(),
            memory,
            (int) units.amount(),
            cpu,
            retries,
            concurrency)
        : null;
  }

  /**
   * The per-job concurrency limit: 0 when the annotation leaves it out, else 1 to the maximum; null
   * after reporting a value outside that range.
   */
  private Integer checkConcurrency(
      TypeElement handler, AnnotationMirror mirror, List<Problem> problems) {
    AnnotationValue explicit = explicitValue(mirror, "concurrency");
    if (explicit == null) {
      return 0;
    }
    if (!(explicit.getValue() instanceof Integer concurrency)) {
      return null; // javac reports ill-typed values itself
    }
    if (!ResourceSpec.concurrency(concurrency).ok()) {
      problems.add(
          Problem.on(
              handler,
              mirror,
              explicit,
              Message.CONCURRENCY_INVALID,
              concurrency,
              ResourceSpec.MAX_CONCURRENCY,
              ResourceSpec.MAX_CONCURRENCY));
      return null;
    }
    return concurrency;
  }

  private Problem valueProblem(
      TypeElement handler,
      AnnotationMirror mirror,
      String name,
      Message message,
      Object... arguments) {
    AnnotationValue explicit = explicitValue(mirror, name);
    return explicit != null
        ? Problem.on(handler, mirror, explicit, message, arguments)
        : Problem.on(handler, mirror, message, arguments);
  }

  private static AnnotationValue explicitValue(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private AnnotationValue valueWithDefault(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    throw new IllegalStateException("@JobHandler has no element " + name);
  }

  private String stringValue(AnnotationMirror mirror, String name) {
    return valueWithDefault(mirror, name).getValue() instanceof String text ? text : null;
  }

  // --- the handler class ---

  private static String kindOf(TypeElement handler) {
    switch (handler.getKind()) {
      case INTERFACE:
        return "interface";
      case ENUM:
        return "enum";
      case RECORD:
        return "record";
      case ANNOTATION_TYPE:
        return "annotation interface";
      default:
        return handler.getKind().toString().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private void checkShape(TypeElement handler, List<Problem> problems) {
    String name = handler.getQualifiedName().toString();
    if (handler.getModifiers().contains(Modifier.ABSTRACT)) {
      problems.add(Problem.on(handler, Message.HANDLER_ABSTRACT, name));
    }
    if (handler.getNestingKind() != NestingKind.TOP_LEVEL
        && !handler.getModifiers().contains(Modifier.STATIC)) {
      problems.add(
          Problem.on(
              handler, Message.HANDLER_INNER, name, handler.getEnclosingElement().getSimpleName()));
    }
    TypeElement hidden = PublicAccess.firstNonPublic(handler);
    if (hidden != null) {
      String why =
          hidden.equals(handler)
              ? ""
              : " (its enclosing class " + hidden.getQualifiedName() + " is not public)";
      problems.add(Problem.on(handler, Message.HANDLER_NOT_PUBLIC, name, why));
    }
    checkConstructor(handler, problems);
  }

  private void checkConstructor(TypeElement handler, List<Problem> problems) {
    ExecutableElement noArguments = null;
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(handler.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty()) {
        noArguments = constructor;
      }
    }
    if (noArguments == null || !noArguments.getModifiers().contains(Modifier.PUBLIC)) {
      Element place = noArguments == null ? handler : noArguments;
      problems.add(
          Problem.on(
              place,
              Message.NO_PUBLIC_CONSTRUCTOR,
              handler.getQualifiedName(),
              handler.getSimpleName()));
      return;
    }
    TypeMirror runtimeException = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    List<String> checked =
        noArguments.getThrownTypes().stream()
            .filter(
                thrown ->
                    !types.isSubtype(thrown, runtimeException) && !types.isSubtype(thrown, error))
            .map(TypeMirror::toString)
            .collect(Collectors.toList());
    if (!checked.isEmpty()) {
      problems.add(
          Problem.on(
              noArguments,
              Message.CONSTRUCTOR_THROWS,
              handler.getQualifiedName(),
              String.join(", ", checked)));
    }
  }

  // --- Job<P, R> ---

  private JobModel checkJobTypes(
      TypeElement handler, NameClaim claim, JobResources resources, List<Problem> problems) {
    String name = handler.getQualifiedName().toString();
    TypeElement job = elements.getTypeElement(JOB);
    DeclaredType jobType = job == null ? null : JobTypeArguments.find(types, handler, job);
    if (jobType == null) {
      problems.add(Problem.on(handler, Message.NOT_A_JOB, name, handler.getSimpleName()));
      return null;
    }
    if (jobType.getTypeArguments().isEmpty()) {
      problems.add(Problem.on(handler, Message.RAW_JOB, name));
      return null;
    }
    TypeMirror payload = jobType.getTypeArguments().get(0);
    TypeMirror result = jobType.getTypeArguments().get(1);
    boolean typeVariable = false;
    for (int i = 0; i < 2; i++) {
      TypeMirror argument = jobType.getTypeArguments().get(i);
      if (argument.getKind() == TypeKind.TYPEVAR) {
        problems.add(
            Problem.on(
                handler,
                Message.JOB_TYPE_VARIABLE,
                name,
                i == 0 ? "payload" : "result",
                argument,
                handler.getSimpleName()));
        typeVariable = true;
      }
    }
    if (typeVariable) {
      return null;
    }
    if (!handler.getTypeParameters().isEmpty()) {
      String parameters =
          handler.getTypeParameters().stream()
              .map(Object::toString)
              .collect(Collectors.joining(", ", "<", ">"));
      problems.add(
          Problem.on(handler, Message.HANDLER_GENERIC, name, parameters, handler.getSimpleName()));
    }
    SchemaBuilder.Document payloadSchema = checkPayload(handler, payload, problems);
    SchemaBuilder.Document resultSchema = checkResult(handler, result, problems);
    if (payloadSchema == null || resultSchema == null || claim == null || resources == null) {
      return null;
    }
    Map<String, JsonDeclaration> declarations = new TreeMap<>();
    for (JsonDeclaration declaration : payloadSchema.declarations()) {
      declarations.put(declaration.type().rawName(), declaration);
    }
    for (JsonDeclaration declaration : resultSchema.declarations()) {
      declarations.put(declaration.type().rawName(), declaration);
    }
    return new JobModel(
        claim.name(),
        JobNames.constantName(claim.name()),
        JobNames.methodName(claim.name()),
        TypeRefMapper.classType(handler),
        elements.getBinaryName(handler).toString(),
        (TypeRef.ClassType) TypeRefMapper.map(payload),
        TypeRefMapper.map(result),
        payloadSchema.schema(),
        resultSchema.schema(),
        resources,
        List.copyOf(declarations.values()));
  }

  private SchemaBuilder.Document checkPayload(
      TypeElement handler, TypeMirror payload, List<Problem> problems) {
    if (payload.getKind() == TypeKind.ERROR) {
      throw new MissingTypeException(payload);
    }
    String handlerName = handler.getQualifiedName().toString();
    if (!(payload instanceof DeclaredType declared)
        || declared.asElement().getKind() != ElementKind.RECORD) {
      problems.add(Problem.on(handler, Message.PAYLOAD_NOT_RECORD, payload, handlerName));
      return null;
    }
    TypeElement record = (TypeElement) declared.asElement();
    TypeElement hidden = PublicAccess.firstNonPublic(record);
    if (hidden != null) {
      String why =
          hidden.equals(record)
              ? ""
              : " (its enclosing " + hidden.getQualifiedName() + " is not public)";
      problems.add(
          Problem.on(
              handler, Message.PAYLOAD_NOT_PUBLIC, record.getQualifiedName(), handlerName, why));
      return null;
    }
    if (!record.getTypeParameters().isEmpty()) {
      problems.add(
          Problem.on(handler, Message.PAYLOAD_GENERIC, record.getQualifiedName(), handlerName));
      return null;
    }
    int before = problems.size();
    SchemaBuilder.Document document =
        SchemaBuilder.document(payload, componentSink(handler, problems));
    return problems.size() == before ? document : null;
  }

  private SchemaBuilder.Document checkResult(
      TypeElement handler, TypeMirror result, List<Problem> problems) {
    if (result.getKind() == TypeKind.ERROR) {
      throw new MissingTypeException(result);
    }
    if (result.toString().equals("java.lang.Void")) {
      return new SchemaBuilder.Document(SchemaBuilder.voidDocument(), null, List.of());
    }
    int before = problems.size();
    SchemaBuilder.Document document =
        SchemaBuilder.document(result, componentSink(handler, problems));
    if (document.unsupported() != null) {
      problems.add(
          Problem.on(
              handler,
              Message.UNSUPPORTED_RESULT,
              result,
              handler.getQualifiedName(),
              document.unsupported(),
              SchemaBuilder.SUPPORTED_TYPES));
      return null;
    }
    return problems.size() == before ? document : null;
  }

  /**
   * Where javac can show a record component: JDK 17 gives a {@link RecordComponentElement} no
   * source position, but the private field it declares has the component's position.
   */
  private static Element positioned(TypeElement record, RecordComponentElement component) {
    for (Element field : ElementFilter.fieldsIn(record.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(component.getSimpleName())
          && !field.getModifiers().contains(Modifier.STATIC)) {
        return field;
      }
    }
    return component;
  }

  private SchemaBuilder.Sink componentSink(TypeElement handler, List<Problem> problems) {
    return (TypeElement record, RecordComponentElement component, String reason) -> {
      if (inThisCompilation.test(record)) {
        problems.add(
            Problem.on(
                positioned(record, component),
                Message.UNSUPPORTED_COMPONENT,
                component.getSimpleName(),
                record.getQualifiedName(),
                component.asType(),
                reason,
                SchemaBuilder.SUPPORTED_TYPES));
      } else {
        problems.add(
            Problem.on(
                handler,
                Message.UNSUPPORTED_COMPONENT_ELSEWHERE,
                component.getSimpleName(),
                record.getQualifiedName(),
                handler.getQualifiedName(),
                component.asType(),
                reason,
                SchemaBuilder.SUPPORTED_TYPES));
      }
    };
  }
}
