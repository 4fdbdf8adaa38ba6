package dev.overtime.processor.render;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import dev.overtime.processor.model.TypeRef;

/** JavaPoet names for model types, and the runtime types generated code refers to. */
final class PoetTypes {
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final ClassName JOB_DESCRIPTOR = ClassName.get("dev.overtime.runtime", "JobDescriptor");
  static final ClassName JOB_TYPE = ClassName.get("dev.overtime.runtime", "JobType");
  static final ClassName JOB_CLIENT = ClassName.get("dev.overtime.runtime", "JobClient");
  static final ClassName ENGINE = ClassName.get("dev.overtime.runtime", "Engine");
  static final ClassName JOB_REGISTRY =
      ClassName.get("dev.overtime.runtime.internal", "JobRegistry");
  static final ClassName JOB_DESCRIPTORS =
      ClassName.get("dev.overtime.runtime.internal", "JobDescriptors");
  static final ClassName JOB_BINDING = ClassName.get("dev.overtime.runtime.internal", "JobBinding");
  static final ClassName JOB_HANDLERS =
      ClassName.get("dev.overtime.runtime.internal", "JobHandlers");
  static final ClassName JOB = ClassName.get("dev.overtime", "Job");
  static final ClassName DURATION = ClassName.get("java.time", "Duration");
  static final ClassName LIST = ClassName.get("java.util", "List");

  private PoetTypes() {}

  static TypeName of(TypeRef type) {
    if (type instanceof TypeRef.PrimitiveType primitive) {
      switch (primitive.keyword()) {
        case "boolean":
          return TypeName.BOOLEAN;
        case "byte":
          return TypeName.BYTE;
        case "short":
          return TypeName.SHORT;
        case "int":
          return TypeName.INT;
        case "long":
          return TypeName.LONG;
        case "char":
          return TypeName.CHAR;
        case "float":
          return TypeName.FLOAT;
        case "double":
          return TypeName.DOUBLE;
        default:
          throw new IllegalArgumentException("unknown primitive " + primitive.keyword());
      }
    }
    if (type instanceof TypeRef.ArrayType array) {
      return ArrayTypeName.of(of(array.component()));
    }
    TypeRef.ClassType classType = (TypeRef.ClassType) type;
    ClassName raw = rawClass(classType);
    if (classType.typeArguments().isEmpty()) {
      return raw;
    }
    return ParameterizedTypeName.get(
        raw, classType.typeArguments().stream().map(PoetTypes::of).toArray(TypeName[]::new));
  }

  static ClassName rawClass(TypeRef.ClassType type) {
    String[] nested =
        type.simpleNames().subList(1, type.simpleNames().size()).toArray(String[]::new);
    return ClassName.get(type.packageName(), type.simpleNames().get(0), nested);
  }
}
