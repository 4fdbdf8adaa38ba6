package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.contract.resources.FargateSize;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task definition's Cpu and Memory: the contract's Fargate rule applied to each job. */
class TaskSizeTest {

  @ParameterizedTest
  @CsvSource({
    "1024,  7168,  1024,  7168", // a size Fargate offers is kept
    "256,   512,   256,   512",
    "16384, 122880, 16384, 122880",
    "1024,  128,   1024,  2048", // memory rounds up to the smallest for its cpu
    "1024,  2500,  1024,  3072",
    "8192,  17000, 8192,  20480",
    "256,   1536,  256,   2048", // was 256 / 1536, which Fargate refuses
    "256,   3072,  512,   3072", // more memory than 0.25 vCPU holds: cpu rounds up
    "256,   7168,  1024,  7168",
    "3072,  2048,  4096,  8192", // 3 vCPU: no such cpu, rounds up to 4
    "768,   2048,  1024,  2048"
  })
  void taskDefinitionGetsTheSmallestFargateSizeHoldingTheDeclaration(
      int cpu, int mib, int taskCpu, int taskMib) {
    JsonNode task =
        StackTemplate.build(List.of(TestJobs.job("sized", cpu, mib)))
            .path("Resources")
            .path("TaskDefinitionSized")
            .path("Properties");

    assertEquals(Integer.toString(taskCpu), task.path("Cpu").asText());
    assertEquals(Integer.toString(taskMib), task.path("Memory").asText());
    assertEquals(
        new FargateSize(taskCpu, taskMib),
        StackTemplate.fargateSize(TestJobs.job("sized", cpu, mib)));
  }

  @Test
  void moreThanTheLargestFargateSizeIsAnErrorWithTheRanges() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> StackTemplate.build(List.of(TestJobs.job("huge", 32768, 2048))));
    assertEquals(
        "[overtime.fargate-size] Job 'huge' (com.example.huge) declares cpu = 32 vCPU and memory ="
            + " 2 GB, more than any Fargate task holds (at most 16 vCPU and 120 GB). Lower cpu and"
            + " memory in its @JobHandler to at most 16 vCPU / 120 GB, and rebuild the"
            + " application.",
        e.getMessage());
  }

  @Test
  void moreMemoryThanTheLargestFargateSizeIsAnError() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> StackTemplate.build(List.of(TestJobs.job("greedy", 16384, 123904))));
    assertEquals(
        true, e.getMessage().startsWith("[overtime.fargate-size] Job 'greedy'"), e.getMessage());
    assertEquals(true, e.getMessage().contains("memory = 121 GB"), e.getMessage());
  }
}
