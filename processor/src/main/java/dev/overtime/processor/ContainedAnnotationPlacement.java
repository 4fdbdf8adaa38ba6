package dev.overtime.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Places a diagnostic on one of several repeated annotations. javac wraps repeated annotations in a
 * synthesized container that has no source position of its own, so {@code Messager} cannot place a
 * message on the second {@code @Schedule}, nor on its values; the source trees can: the n-th
 * annotation of the container is the n-th annotation of that type written on the element.
 */
final class ContainedAnnotationPlacement {
  private final Trees trees;

  private ContainedAnnotationPlacement(Trees trees) {
    this.trees = trees;
  }

  /** A placement through javac's trees, or {@code null} on a compiler without them. */
  static ContainedAnnotationPlacement of(ProcessingEnvironment environment) {
    try {
      return new ContainedAnnotationPlacement(Trees.instance(environment));
    } catch (IllegalArgumentException | LinkageError notJavac) {
      return null;
    }
  }

  /**
   * Prints {@code text} on {@code value} of the contained annotation {@code mirror} (or on the
   * annotation when {@code value} is {@code null}).
   *
   * @return false when {@code mirror} is not contained in a container on {@code element}, or its
   *     source is not available: then the caller places the message itself
   */
  boolean print(
      Diagnostic.Kind kind,
      String text,
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value) {
    if (element.getAnnotationMirrors().contains(mirror)) {
      return false;
    }
    int index = indexInContainer(element, mirror);
    TreePath path = index < 0 ? null : trees.getPath(element);
    if (path == null || !(path.getLeaf() instanceof ClassTree type)) {
      return false;
    }
    TypeElement annotationType = (TypeElement) mirror.getAnnotationType().asElement();
    int seen = 0;
    for (AnnotationTree annotation : type.getModifiers().getAnnotations()) {
      Element named = trees.getElement(new TreePath(path, annotation.getAnnotationType()));
      if (!annotationType.equals(named) || seen++ != index) {
        continue;
      }
      Tree place = value == null ? annotation : argument(annotation, mirror, value);
      trees.printMessage(kind, text, place == null ? annotation : place, path.getCompilationUnit());
      return true;
    }
    return false;
  }

  private static int indexInContainer(Element element, AnnotationMirror mirror) {
    for (AnnotationMirror container : element.getAnnotationMirrors()) {
      for (AnnotationValue contained : container.getElementValues().values()) {
        if (contained.getValue() instanceof List<?> list) {
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof AnnotationValue item && item.getValue() == mirror) {
              return i;
            }
          }
        }
      }
    }
    return -1;
  }

  private static ExpressionTree argument(
      AnnotationTree annotation, AnnotationMirror mirror, AnnotationValue value) {
    String name = null;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getValue() == value) {
        name = entry.getKey().getSimpleName().toString();
      }
    }
    for (ExpressionTree argument : annotation.getArguments()) {
      if (argument instanceof AssignmentTree assignment
          && assignment.getVariable() instanceof IdentifierTree variable
          && variable.getName().contentEquals(name == null ? "" : name)) {
        return assignment.getExpression();
      }
    }
    return null;
  }
}
