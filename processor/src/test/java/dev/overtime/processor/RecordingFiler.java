package dev.overtime.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.QualifiedNameable;
import javax.lang.model.element.TypeElement;

/**
 * Runs the processor with a {@link Filer} that records every file it creates and the originating
 * elements it names.
 */
final class RecordingFiler implements Processor {
  /** One created file: its name and the qualified names of its originating elements. */
  record Created(String name, Set<String> originating) {}

  private final Processor delegate = new JobHandlerProcessor();
  private final List<Created> created = new ArrayList<>();

  List<Created> created() {
    return created;
  }

  @Override
  public void init(ProcessingEnvironment environment) {
    Filer filer = environment.getFiler();
    Filer recording =
        (Filer)
            Proxy.newProxyInstance(
                Filer.class.getClassLoader(), new Class<?>[] {Filer.class}, recorder(filer));
    ProcessingEnvironment wrapped =
        (ProcessingEnvironment)
            Proxy.newProxyInstance(
                ProcessingEnvironment.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class},
                (proxy, method, arguments) ->
                    method.getName().equals("getFiler")
                        ? recording
                        : invoke(method, environment, arguments));
    delegate.init(wrapped);
  }

  private InvocationHandler recorder(Filer filer) {
    return (proxy, method, arguments) -> {
      if (method.getName().startsWith("create")) {
        String name =
            method.getName().equals("createResource")
                ? String.valueOf(arguments[2])
                : String.valueOf(arguments[0]);
        Element[] originating = (Element[]) arguments[arguments.length - 1];
        created.add(
            new Created(
                name,
                Arrays.stream(originating)
                    .map(element -> ((QualifiedNameable) element).getQualifiedName().toString())
                    .collect(Collectors.toSet())));
      }
      return invoke(method, filer, arguments);
    };
  }

  private static Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  @Override
  public Iterable<? extends Completion> getCompletions(
      Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }
}
