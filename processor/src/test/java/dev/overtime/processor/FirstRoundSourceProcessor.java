package dev.overtime.processor;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * A test processor that writes one source file in the first round, as another processor in the
 * user's build would (an Immutables-style payload generator, a handler generator).
 */
final class FirstRoundSourceProcessor extends AbstractProcessor {
  private final String qualifiedName;
  private final String source;
  private boolean done;

  FirstRoundSourceProcessor(String qualifiedName, String source) {
    this.qualifiedName = qualifiedName;
    this.source = source;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!done) {
      done = true;
      Sources.write(processingEnv.getFiler(), qualifiedName, source);
    }
    return false;
  }
}
