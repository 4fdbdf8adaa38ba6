package dev.overtime.aws.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SortedMap;

/**
 * What the deploy configuration binds to one job, {@code all} and the job's own merged: the job's
 * own values win by name, permissions add up.
 *
 * @param environment plain values for the container's environment
 * @param secrets secrets ECS injects into the container's environment, by name
 * @param managedPolicyArns managed policies attached to the job's task role
 * @param statements IAM policy statements added to the job's task role
 * @param capacity where the tasks run
 * @param ephemeralStorageGiB the task's ephemeral storage, 21 to 200 GiB; null for Fargate's 20
 * @param tags tags of the task definition, propagated to every task
 * @param ownTaskRole the job declares permissions of its own, so it gets a task role of its own
 * @param ownExecutionRole the job declares secrets of its own, so it gets an execution role of its
 *     own
 */
public record JobBindings(
    SortedMap<String, String> environment,
    SortedMap<String, SecretReference> secrets,
    List<String> managedPolicyArns,
    List<ObjectNode> statements,
    Capacity capacity,
    Integer ephemeralStorageGiB,
    SortedMap<String, String> tags,
    boolean ownTaskRole,
    boolean ownExecutionRole) {}
