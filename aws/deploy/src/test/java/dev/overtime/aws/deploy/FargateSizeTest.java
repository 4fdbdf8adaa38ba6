package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FargateSizeTest {

  @Test
  void validDeclarationIsKept() {
    assertEquals(new FargateSize(1024, 7168), FargateSize.of(TestJobs.job("factorial", 1024, 7168)));
    assertEquals(new FargateSize(256, 512), FargateSize.of(TestJobs.job("tiny", 256, 512)));
    assertEquals(new FargateSize(16384, 122880), FargateSize.of(TestJobs.job("huge", 16384, 122880)));
  }

  @Test
  void memoryIsRoundedUpToTheNextSizeForItsCpu() {
    assertEquals(new FargateSize(1024, 2048), FargateSize.of(TestJobs.job("small", 1024, 128)));
    assertEquals(new FargateSize(1024, 3072), FargateSize.of(TestJobs.job("odd", 1024, 2500)));
    assertEquals(new FargateSize(8192, 20480), FargateSize.of(TestJobs.job("big", 8192, 17000)));
  }

  @Test
  void tooMuchMemoryForTheCpuListsTheValidChoices() {
    DeploymentException e = assertThrows(DeploymentException.class,
        () -> FargateSize.of(TestJobs.job("factorial", 256, 7168)));
    assertEquals("[overtime.fargate-memory] Job 'factorial' (com.example.factorial) declares memory = 7 GB with "
        + "cpu = 0.25 vCPU, but Fargate allows 512 MB to 2 GB in 512 MB steps with 0.25 vCPU. Lower memory, or "
        + "raise cpu to one of [1 vCPU, 2 vCPU, 4 vCPU, 8 vCPU, 16 vCPU]. Change it in its @JobHandler.", e.getMessage());
  }

  @Test
  void cpuFargateDoesNotOfferListsTheValidCpus() {
    DeploymentException e = assertThrows(DeploymentException.class,
        () -> FargateSize.of(TestJobs.job("odd", 768, 2048)));
    assertTrue(e.getMessage().contains("declares cpu = 0.75 vCPU, which Fargate does not offer. Valid cpu values: "
        + "0.25 vCPU, 0.5 vCPU, 1 vCPU, 2 vCPU, 4 vCPU, 8 vCPU, 16 vCPU."), e.getMessage());
  }
}
