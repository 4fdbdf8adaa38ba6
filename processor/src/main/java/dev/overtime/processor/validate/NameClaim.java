package dev.overtime.processor.validate;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * A handler's valid job name and where it is written, so that a name used twice can be reported on
 * each {@code @JobHandler} value.
 */
public record NameClaim(
    String name, TypeElement handler, AnnotationMirror mirror, AnnotationValue value) {

  public String methodName() {
    return JobNames.methodName(name);
  }
}
