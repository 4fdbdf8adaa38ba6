package dev.overtime.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * One diagnostic, placed as precisely as possible: on an element, optionally on one of its
 * annotations, optionally on one value of that annotation (so an IDE underlines the argument).
 */
public record Problem(
    Message message, String text, Element element, AnnotationMirror mirror, AnnotationValue value) {

  public static Problem on(Element element, Message message, Object... arguments) {
    return new Problem(message, message.format(arguments), element, null, null);
  }

  public static Problem on(
      Element element, AnnotationMirror mirror, Message message, Object... arguments) {
    return new Problem(message, message.format(arguments), element, mirror, null);
  }

  public static Problem on(
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value,
      Message message,
      Object... arguments) {
    return new Problem(message, message.format(arguments), element, mirror, value);
  }
}
