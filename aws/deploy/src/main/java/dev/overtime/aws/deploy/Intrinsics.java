package dev.overtime.aws.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** CloudFormation's intrinsic functions, as JSON nodes. */
final class Intrinsics {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Intrinsics() {}

  static ObjectNode ref(String logicalId) {
    return NODES.objectNode().put("Ref", logicalId);
  }

  static ObjectNode getAtt(String logicalId, String attribute) {
    ObjectNode node = NODES.objectNode();
    node.putArray("Fn::GetAtt").add(logicalId).add(attribute);
    return node;
  }

  /** {@code Fn::Sub} with {@code ${Name}} and {@code ${AWS::Region}} style references. */
  static ObjectNode sub(String template) {
    return NODES.objectNode().put("Fn::Sub", template);
  }

  static ObjectNode join(String separator, JsonNode list) {
    ObjectNode node = NODES.objectNode();
    ArrayNode args = node.putArray("Fn::Join");
    args.add(separator);
    args.add(list);
    return node;
  }
}
