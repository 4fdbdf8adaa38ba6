package dev.overtime.aws.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One secret bound to a job: where ECS reads it when the task starts (an SSM parameter or a Secrets
 * Manager secret), never its value.
 *
 * @param name the environment variable the container sees
 * @param valueFrom the container definition's {@code ValueFrom}: a string or an {@code Fn::Sub}
 * @param resource what the execution role may read: the parameter's or the secret's ARN (without
 *     the JSON key and version that {@code valueFrom} may add)
 * @param service {@code ssm} or {@code secretsmanager}
 * @param region the region the secret is in (a string or {@code ${AWS::Region}} as {@code
 *     Fn::Sub}), for the {@code kms:ViaService} condition
 * @param kmsKeyArn the customer managed key that encrypts it, or null for the AWS managed key
 */
public record SecretReference(
    String name,
    JsonNode valueFrom,
    JsonNode resource,
    String service,
    JsonNode region,
    String kmsKeyArn) {}
