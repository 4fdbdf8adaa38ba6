package dev.overtime.processor;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.QualifiedNameable;

/**
 * Prints problems through javac's {@link Messager}, each at most once per compilation even when a
 * record is shared by several handlers or a handler is looked at again in a later round.
 */
final class DiagnosticReport {
  private final Messager messager;
  private final ContainedAnnotationPlacement contained;
  private final Set<String> printed = new HashSet<>();

  DiagnosticReport(Messager messager) {
    this(messager, null);
  }

  /**
   * @param contained places messages on repeated annotations, or {@code null}
   */
  DiagnosticReport(Messager messager, ContainedAnnotationPlacement contained) {
    this.messager = messager;
    this.contained = contained;
  }

  void print(Problem problem) {
    if (!printed.add(placeOf(problem.element()) + "\n" + problem.text())) {
      return;
    }
    if (problem.element() != null
        && problem.mirror() != null
        && contained != null
        && contained.print(
            problem.message().kind(),
            problem.text(),
            problem.element(),
            problem.mirror(),
            problem.value())) {
      return;
    }
    if (problem.element() == null) {
      messager.printMessage(problem.message().kind(), problem.text());
    } else if (problem.mirror() == null) {
      messager.printMessage(problem.message().kind(), problem.text(), problem.element());
    } else if (problem.value() == null) {
      messager.printMessage(
          problem.message().kind(), problem.text(), problem.element(), problem.mirror());
    } else {
      messager.printMessage(
          problem.message().kind(),
          problem.text(),
          problem.element(),
          problem.mirror(),
          problem.value());
    }
  }

  private static String placeOf(Element element) {
    if (element == null) {
      return "";
    }
    Element enclosing = element.getEnclosingElement();
    String owner =
        enclosing instanceof QualifiedNameable named ? named.getQualifiedName().toString() : "";
    return owner + "#" + element.getKind() + ":" + element.getSimpleName();
  }
}
