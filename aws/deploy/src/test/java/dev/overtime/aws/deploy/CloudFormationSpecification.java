package dev.overtime.aws.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official CloudFormation resource specification, from the npm package {@code @aws-cdk/cfnspec}
 * (installed on first use into {@code target/cfnspec} with {@code npm install --no-save
 * --ignore-scripts --prefix target/cfnspec @aws-cdk/cfnspec@2.72.1}), and a check of a template
 * against it: resource types, property names and nesting, required properties, attributes of {@code
 * Fn::GetAtt}, targets of {@code Ref} and {@code Fn::Sub} (both forms), the attributes of a
 * resource entry, and that conditions named by resources and {@code Fn::If} and the targets of
 * {@code DependsOn} exist.
 */
final class CloudFormationSpecification {
  static final String PACKAGE = "@aws-cdk/cfnspec@2.72.1";
  private static final Set<String> PSEUDO_PARAMETERS =
      Set.of(
          "AWS::AccountId",
          "AWS::Region",
          "AWS::StackName",
          "AWS::StackId",
          "AWS::Partition",
          "AWS::URLSuffix",
          "AWS::NoValue",
          "AWS::NotificationARNs");
  private static final Set<String> RESOURCE_ATTRIBUTES =
      Set.of(
          "Type",
          "Properties",
          "DependsOn",
          "Condition",
          "DeletionPolicy",
          "UpdateReplacePolicy",
          "Metadata");
  private static final Set<String> DELETION_POLICIES = Set.of("Delete", "Retain", "Snapshot");
  private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([^}!][^}]*)}");

  private final JsonNode spec;
  private JsonNode conditions = MissingNode.getInstance();

  private CloudFormationSpecification(JsonNode spec) {
    this.spec = spec;
  }

  /** Loads the specification, installing the npm package first if it is not there yet. */
  static synchronized CloudFormationSpecification load() throws IOException, InterruptedException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path prefix = base.resolve("target/cfnspec");
    Path file = prefix.resolve("node_modules/@aws-cdk/cfnspec/spec/specification.json");
    if (!Files.exists(file)) {
      Files.createDirectories(prefix);
      Process npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-save",
                  "--no-audit",
                  "--no-fund",
                  "--ignore-scripts",
                  "--prefix",
                  prefix.toString(),
                  PACKAGE)
              .redirectErrorStream(true)
              .redirectOutput(prefix.resolve("npm-install.log").toFile())
              .start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException(
            "npm install of "
                + PACKAGE
                + " failed; see "
                + prefix.resolve("npm-install.log")
                + ". The template check needs npm and access to registry.npmjs.org.");
      }
    }
    return new CloudFormationSpecification(new ObjectMapper().readTree(file.toFile()));
  }

  String version() {
    return spec.path("ResourceSpecificationVersion").asText();
  }

  /** Every way {@code template} departs from the specification; empty when it conforms. */
  synchronized List<String> problems(JsonNode template) {
    List<String> problems = new ArrayList<>();
    conditions = template.path("Conditions");
    JsonNode resources = template.path("Resources");
    JsonNode parameters = template.path("Parameters");
    for (Map.Entry<String, JsonNode> entry : resources.properties()) {
      String id = entry.getKey();
      String type = entry.getValue().path("Type").asText();
      JsonNode typeSpec = spec.path("ResourceTypes").get(type);
      if (typeSpec == null) {
        problems.add(id + ": unknown resource type " + type);
        continue;
      }
      checkProperties(
          type,
          typeSpec.path("Properties"),
          entry.getValue().path("Properties"),
          id + ".Properties",
          problems);
      checkResourceAttributes(id, entry.getValue(), template, problems);
    }
    checkReferences(template, resources, parameters, "$", problems);
    return problems;
  }

  private static void checkResourceAttributes(
      String id, JsonNode resource, JsonNode template, List<String> problems) {
    resource
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!RESOURCE_ATTRIBUTES.contains(name)) {
                problems.add(id + ": unknown resource attribute " + name);
              }
            });
    if (resource.has("Condition")
        && !template.path("Conditions").has(resource.get("Condition").asText())) {
      problems.add(id + ": Condition " + resource.get("Condition") + " is not in Conditions");
    }
    JsonNode dependsOn = resource.path("DependsOn");
    for (JsonNode target : dependsOn.isArray() ? dependsOn : List.of(dependsOn)) {
      if (!target.isMissingNode() && !template.path("Resources").has(target.asText())) {
        problems.add(id + ": DependsOn unknown resource " + target.asText());
      }
    }
    for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
      if (resource.has(policy) && !DELETION_POLICIES.contains(resource.get(policy).asText())) {
        problems.add(
            id
                + ": "
                + policy
                + " "
                + resource.get(policy)
                + " is not one of "
                + DELETION_POLICIES);
      }
    }
  }

  private void checkProperties(
      String resourceType,
      JsonNode propertySpecs,
      JsonNode value,
      String path,
      List<String> problems) {
    if (!value.isObject()) {
      problems.add(path + ": expected an object");
      return;
    }
    propertySpecs
        .properties()
        .forEach(
            p -> {
              if (p.getValue().path("Required").asBoolean() && !value.has(p.getKey())) {
                problems.add(path + ": required property " + p.getKey() + " is missing");
              }
            });
    value
        .properties()
        .forEach(
            p -> {
              JsonNode propertySpec = propertySpecs.get(p.getKey());
              if (propertySpec == null) {
                problems.add(path + ": unknown property " + p.getKey());
              } else {
                checkValue(
                    resourceType, propertySpec, p.getValue(), path + "." + p.getKey(), problems);
              }
            });
  }

  private void checkValue(
      String resourceType,
      JsonNode propertySpec,
      JsonNode value,
      String path,
      List<String> problems) {
    if (isIntrinsic(value)) {
      return;
    }
    if (propertySpec.has("PrimitiveType")) {
      checkPrimitive(propertySpec.path("PrimitiveType").asText(), value, path, problems);
      return;
    }
    String type = propertySpec.path("Type").asText();
    if (type.equals("List") || type.equals("Map")) {
      if (type.equals("List") ? !value.isArray() : !value.isObject()) {
        problems.add(path + ": expected a " + type);
        return;
      }
      int index = 0;
      if (value.isObject()) {
        for (Map.Entry<String, JsonNode> item : value.properties()) {
          checkItem(
              resourceType, propertySpec, item.getValue(), path + "." + item.getKey(), problems);
        }
      } else {
        for (JsonNode item : value) {
          checkItem(resourceType, propertySpec, item, path + "[" + index++ + "]", problems);
        }
      }
      return;
    }
    checkStructure(resourceType, type, value, path, problems);
  }

  private void checkItem(
      String resourceType,
      JsonNode propertySpec,
      JsonNode item,
      String path,
      List<String> problems) {
    if (propertySpec.has("PrimitiveItemType")) {
      checkPrimitive(propertySpec.path("PrimitiveItemType").asText(), item, path, problems);
    } else {
      checkStructure(resourceType, propertySpec.path("ItemType").asText(), item, path, problems);
    }
  }

  private void checkStructure(
      String resourceType, String type, JsonNode value, String path, List<String> problems) {
    if (isIntrinsic(value)) {
      return;
    }
    JsonNode structure = spec.path("PropertyTypes").get(resourceType + "." + type);
    if (structure == null) {
      structure = spec.path("PropertyTypes").get(type);
    }
    if (structure == null) {
      problems.add(path + ": the specification has no property type " + type);
      return;
    }
    checkProperties(resourceType, structure.path("Properties"), value, path, problems);
  }

  private static void checkPrimitive(
      String primitive, JsonNode value, String path, List<String> problems) {
    if (isIntrinsic(value)) {
      return;
    }
    boolean ok =
        switch (primitive) {
          case "String" -> value.isTextual();
          case "Integer", "Long", "Double" ->
              value.isNumber() || value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?");
          case "Boolean" ->
              value.isBoolean() || value.isTextual() && value.asText().matches("true|false");
          case "Json" -> value.isObject();
          default -> true;
        };
    if (!ok) {
      problems.add(path + ": expected " + primitive + ", found " + value.getNodeType());
    }
  }

  private static boolean isIntrinsic(JsonNode value) {
    if (!value.isObject() || value.size() != 1) {
      return false;
    }
    String key = value.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  private void checkReferences(
      JsonNode template,
      JsonNode resources,
      JsonNode parameters,
      String path,
      List<String> problems) {
    if (template.isObject()) {
      if (template.has("Ref") && template.size() == 1) {
        String target = template.get("Ref").asText();
        if (!resources.has(target)
            && !parameters.has(target)
            && !PSEUDO_PARAMETERS.contains(target)) {
          problems.add(path + ": Ref to unknown " + target);
        }
      }
      if (template.has("Fn::GetAtt")) {
        String target = template.get("Fn::GetAtt").get(0).asText();
        String attribute = template.get("Fn::GetAtt").get(1).asText();
        JsonNode resource = resources.get(target);
        if (resource == null) {
          problems.add(path + ": Fn::GetAtt of unknown resource " + target);
        } else if (!spec.path("ResourceTypes")
            .path(resource.path("Type").asText())
            .path("Attributes")
            .has(attribute)) {
          problems.add(
              path + ": " + resource.path("Type").asText() + " has no attribute " + attribute);
        }
      }
      if (template.has("Fn::Sub")) {
        JsonNode sub = template.get("Fn::Sub");
        JsonNode text = sub.isArray() ? sub.path(0) : sub;
        JsonNode variables = sub.isArray() ? sub.path(1) : MissingNode.getInstance();
        if (!text.isTextual() || sub.isArray() && (sub.size() != 2 || !variables.isObject())) {
          problems.add(path + ": Fn::Sub takes a string or [string, {variables}]");
        } else {
          Matcher matcher = SUB_REFERENCE.matcher(text.asText());
          while (matcher.find()) {
            String target = matcher.group(1);
            String resource =
                target.contains(".") ? target.substring(0, target.indexOf('.')) : target;
            if (!variables.has(target)
                && !resources.has(resource)
                && !parameters.has(target)
                && !PSEUDO_PARAMETERS.contains(target)) {
              problems.add(path + ": Fn::Sub references unknown " + target);
            }
          }
        }
      }
      if (template.has("Fn::If")) {
        String condition = template.get("Fn::If").path(0).asText();
        if (!conditions.has(condition)) {
          problems.add(path + ": Fn::If of unknown condition " + condition);
        }
      }
      template
          .properties()
          .forEach(
              f ->
                  checkReferences(
                      f.getValue(), resources, parameters, path + "." + f.getKey(), problems));
    } else if (template.isArray()) {
      int index = 0;
      for (JsonNode item : template) {
        checkReferences(item, resources, parameters, path + "[" + index++ + "]", problems);
      }
    }
  }
}
