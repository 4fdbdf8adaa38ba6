package dev.overtime.processor;

import com.google.auto.service.AutoService;
import com.squareup.javapoet.JavaFile;
import dev.overtime.processor.model.CompilationModel;
import dev.overtime.processor.model.JobModel;
import dev.overtime.processor.render.CodecsRenderer;
import dev.overtime.processor.render.JobsRenderer;
import dev.overtime.processor.render.ManifestRenderer;
import dev.overtime.processor.render.RegistryRenderer;
import dev.overtime.processor.validate.HandlerOutcome;
import dev.overtime.processor.validate.HandlerValidator;
import dev.overtime.processor.validate.MissingTypeException;
import dev.overtime.processor.validate.NameClaim;
import dev.overtime.processor.validate.NameClashes;
import dev.overtime.processor.validate.ScheduleValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.ModuleElement.RequiresDirective;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The Overtime annotation processor: validates every {@code @JobHandler} class, models the valid
 * jobs as plain records, and renders {@code Jobs}, {@code JobsRegistry}, the services file that
 * lists the registry, and the manifest {@code META-INF/overtime/<package>.json}.
 *
 * <p>A handler whose types do not exist yet (another processor may generate them) is deferred to
 * the next round; the outputs are written once, in the first round where no handler is deferred.
 * The processor never claims {@code @JobHandler}, so other processors see it too.
 */
@AutoService(Processor.class)
public final class JobHandlerProcessor extends AbstractProcessor {
  private final Runnable roundHook;

  private DiagnosticReport report;
  private HandlerValidator validator;
  private String packageOption;
  private boolean packageOptionValid = true;
  private boolean crashed;
  private String written;

  /** Outermost types whose sources are part of this compilation, by qualified name. */
  private final Set<String> sourceTypes = new HashSet<>();

  /** Handlers to look at again in the next round, by qualified name. */
  private final Set<String> deferred = new TreeSet<>();

  /** Every handler looked at so far, by qualified name. */
  private final Map<String, HandlerOutcome> outcomes = new TreeMap<>();

  /** Called by javac through {@code ServiceLoader}. */
  public JobHandlerProcessor() {
    this(() -> {});
  }

  /** For tests: {@code roundHook} runs at the start of every round, e.g. to simulate a bug. */
  JobHandlerProcessor(Runnable roundHook) {
    this.roundHook = roundHook;
  }

  @Override
  public synchronized void init(ProcessingEnvironment environment) {
    super.init(environment);
    report =
        new DiagnosticReport(
            environment.getMessager(), ContainedAnnotationPlacement.of(environment));
    validator =
        new HandlerValidator(
            environment.getElementUtils(), environment.getTypeUtils(), this::inThisCompilation);
    packageOption = environment.getOptions().get(JobsPackage.OPTION);
    if (packageOption != null && !JobsPackage.isValidOption(packageOption)) {
      packageOptionValid = false;
      report.print(
          new Problem(
              Message.INVALID_PACKAGE_OPTION,
              Message.INVALID_PACKAGE_OPTION.format(packageOption),
              null,
              null,
              null));
    }
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        HandlerValidator.JOB_HANDLER, ScheduleValidator.SCHEDULE, ScheduleValidator.SCHEDULES);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(JobsPackage.OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (crashed) {
      return false;
    }
    try {
      roundHook.run();
      processRound(round);
    } catch (Throwable unexpected) { // never a javac crash: one clear diagnostic instead
      crashed = true;
      StringWriter trace = new StringWriter();
      unexpected.printStackTrace(new PrintWriter(trace));
      report.print(
          new Problem(
              Message.INTERNAL, Message.INTERNAL.format(unexpected, trace), null, null, null));
    }
    return false;
  }

  private void processRound(RoundEnvironment round) throws IOException {
    for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
      sourceTypes.add(type.getQualifiedName().toString());
    }
    Set<TypeElement> candidates = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement handler = processingEnv.getElementUtils().getTypeElement(name);
      if (handler != null) {
        candidates.add(handler);
      }
    }
    deferred.clear();
    TypeElement annotation =
        processingEnv.getElementUtils().getTypeElement(HandlerValidator.JOB_HANDLER);
    if (annotation != null) {
      candidates.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation)));
    }
    reportSchedulesWithoutHandler(round);
    for (TypeElement handler : candidates) {
      String name = handler.getQualifiedName().toString();
      if (written != null) {
        report.print(Problem.on(handler, Message.LATE_HANDLER, name, written));
        continue;
      }
      try {
        HandlerOutcome outcome = validator.validate(handler);
        outcomes.put(name, outcome);
        outcome.problems().forEach(report::print);
      } catch (MissingTypeException missing) {
        deferred.add(name);
      }
    }
    // A handler still deferred when processing is over refers to a type that never appeared: javac
    // reports "cannot find symbol" for it, and anything more from us would only be noise.
    if (round.processingOver() || written != null || !deferred.isEmpty() || outcomes.isEmpty()) {
      return;
    }
    generate();
  }

  /** A {@code @Schedule} on a type without {@code @JobHandler} would silently never fire. */
  private void reportSchedulesWithoutHandler(RoundEnvironment round) {
    for (String annotationName : List.of(ScheduleValidator.SCHEDULE, ScheduleValidator.SCHEDULES)) {
      TypeElement annotation = processingEnv.getElementUtils().getTypeElement(annotationName);
      if (annotation == null) {
        continue;
      }
      for (javax.lang.model.element.Element element : round.getElementsAnnotatedWith(annotation)) {
        boolean handler =
            element.getAnnotationMirrors().stream()
                .anyMatch(
                    mirror ->
                        ((TypeElement) mirror.getAnnotationType().asElement())
                            .getQualifiedName()
                            .contentEquals(HandlerValidator.JOB_HANDLER));
        if (!handler) {
          AnnotationMirror first =
              element.getAnnotationMirrors().stream()
                  .filter(
                      mirror ->
                          ((TypeElement) mirror.getAnnotationType().asElement())
                              .getQualifiedName()
                              .contentEquals(annotationName))
                  .findFirst()
                  .orElse(null);
          report.print(
              Problem.on(element, first, Message.SCHEDULE_WITHOUT_HANDLER, describe(element)));
        }
      }
    }
  }

  private static String describe(javax.lang.model.element.Element element) {
    return element instanceof TypeElement type
        ? type.getQualifiedName().toString()
        : element.getKind().toString().toLowerCase(java.util.Locale.ROOT)
            + " "
            + element.getSimpleName();
  }

  private void generate() throws IOException {
    List<NameClaim> claims =
        outcomes.values().stream()
            .map(HandlerOutcome::claim)
            .filter(claim -> claim != null)
            .collect(Collectors.toList());
    NameClashes clashes = NameClashes.find(claims);
    clashes.problems().forEach(report::print);
    List<HandlerOutcome> valid =
        outcomes.values().stream()
            .filter(HandlerOutcome::valid)
            .filter(outcome -> !clashes.handlers().contains(outcome.handler()))
            .collect(Collectors.toList());
    if (valid.isEmpty() || !packageOptionValid) {
      return;
    }
    String packageName =
        packageOption != null
            ? packageOption
            : JobsPackage.common(
                valid.stream()
                    .map(outcome -> outcome.model().handler().packageName())
                    .collect(Collectors.toList()));
    if (packageName.isEmpty()) {
      String handlers =
          valid.stream()
              .map(outcome -> outcome.handler().getQualifiedName().toString())
              .collect(Collectors.joining(", "));
      report.print(Problem.on(valid.get(0).handler(), Message.NO_COMMON_PACKAGE, handlers));
      return;
    }
    List<JobModel> jobs = valid.stream().map(HandlerOutcome::model).collect(Collectors.toList());
    CompilationModel compilation =
        new CompilationModel(packageName, jobs, generatedAnnotationUsable(valid.get(0).handler()));
    Element[] originating = valid.stream().map(HandlerOutcome::handler).toArray(Element[]::new);
    writeSource(JobsRenderer.render(compilation), originating);
    writeSource(RegistryRenderer.render(compilation), originating);
    for (JavaFile codecs : CodecsRenderer.render(compilation)) {
      writeSource(codecs, originating);
    }
    writeResource(
        RegistryRenderer.SERVICES_FILE,
        servicesFile(compilation.registryClass().canonicalName()),
        originating);
    writeResource(
        compilation.manifestResource(), ManifestRenderer.render(compilation), originating);
    written = compilation.jobsClass().canonicalName();
  }

  private void writeSource(JavaFile file, Element[] originating) throws IOException {
    String name = file.packageName + "." + file.typeSpec.name;
    try (Writer writer =
        processingEnv.getFiler().createSourceFile(name, originating).openWriter()) {
      file.writeTo(writer);
    }
  }

  private void writeResource(String path, String content, Element[] originating)
      throws IOException {
    FileObject resource =
        processingEnv
            .getFiler()
            .createResource(StandardLocation.CLASS_OUTPUT, "", path, originating);
    try (Writer writer =
        new java.io.OutputStreamWriter(resource.openOutputStream(), StandardCharsets.UTF_8)) {
      writer.write(content);
    }
  }

  /**
   * The services file listing our registry and any registry already listed in the class output
   * whose class still exists, e.g. a hand-written one copied there from {@code src/main/resources},
   * so that neither is lost.
   */
  private String servicesFile(String registry) {
    Set<String> registries = new TreeSet<>();
    try {
      FileObject existing =
          processingEnv
              .getFiler()
              .getResource(StandardLocation.CLASS_OUTPUT, "", RegistryRenderer.SERVICES_FILE);
      for (String line : existing.getCharContent(true).toString().split("\n")) {
        String entry = line.replaceAll("#.*", "").trim();
        // An entry left by an earlier build whose class is gone would break ServiceLoader: drop it.
        if (!entry.isEmpty() && processingEnv.getElementUtils().getTypeElement(entry) != null) {
          registries.add(entry);
        }
      }
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException none) {
      // No services file yet: the usual case.
    }
    registries.add(registry);
    return String.join("\n", registries) + "\n";
  }

  /**
   * Whether generated code may use {@code javax.annotation.processing.Generated}: it exists, and
   * the code is in the unnamed module or in a module that reads {@code java.compiler}.
   */
  private boolean generatedAnnotationUsable(TypeElement handler) {
    if (processingEnv.getElementUtils().getTypeElement("javax.annotation.processing.Generated")
        == null) {
      return false;
    }
    ModuleElement module = processingEnv.getElementUtils().getModuleOf(handler);
    if (module == null || module.isUnnamed()) {
      return true;
    }
    for (RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
      if (requires.getDependency().getQualifiedName().contentEquals("java.compiler")) {
        return true;
      }
    }
    return false;
  }

  private boolean inThisCompilation(TypeElement type) {
    Element outermost = type;
    while (outermost.getEnclosingElement() instanceof TypeElement enclosing) {
      outermost = enclosing;
    }
    return sourceTypes.contains(((TypeElement) outermost).getQualifiedName().toString());
  }
}
