package dev.overtime.aws.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading resources and IAM statements out of a rendered template, for the deploy tests. */
final class TemplateQueries {
  private final JsonNode template;

  TemplateQueries(JsonNode template) {
    this.template = template;
  }

  JsonNode resource(String id) {
    JsonNode resource = template.path("Resources").path(id);
    if (resource.isMissingNode()) {
      throw new AssertionError("the template has no resource " + id);
    }
    return resource;
  }

  JsonNode properties(String id) {
    return resource(id).path("Properties");
  }

  List<JsonNode> statements(String role) {
    List<JsonNode> all = new ArrayList<>();
    properties(role)
        .path("Policies")
        .forEach(p -> p.path("PolicyDocument").path("Statement").forEach(all::add));
    return all;
  }

  List<JsonNode> statementsWith(String role, String action) {
    return statements(role).stream()
        .filter(s -> s.path("Action").toString().contains("\"" + action + "\""))
        .toList();
  }

  JsonNode statementWith(String role, String action) {
    List<JsonNode> found = statementsWith(role, action);
    if (found.size() != 1) {
      throw new AssertionError(role + " has " + found.size() + " statements for " + action);
    }
    return found.get(0);
  }

  JsonNode container(String taskDefinition) {
    return properties(taskDefinition).path("ContainerDefinitions").get(0);
  }

  List<String> resourcesOfType(String type) {
    List<String> ids = new ArrayList<>();
    template
        .path("Resources")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
              }
            });
    return ids;
  }
}
