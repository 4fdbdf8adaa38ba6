package dev.overtime.runtime.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.overtime.contract.AttemptError;
import dev.overtime.contract.Ending;
import dev.overtime.runtime.RunError;
import org.junit.jupiter.api.Test;

class EndingsTest {
  @Test
  void everyContractEndingIsTheRunStatusOfItsName() {
    for (Ending ending : Ending.values()) {
      assertEquals(ending.name(), Endings.status(ending).name());
      assertEquals(true, Endings.status(ending).isTerminal(), ending.name());
    }
  }

  @Test
  void anAttemptErrorKeepsItsTypeAndMessage() {
    assertEquals(
        new RunError("overtime.lost", "gone"),
        Endings.error(new AttemptError("overtime.lost", "gone")));
    assertNull(Endings.error(null));
  }
}
