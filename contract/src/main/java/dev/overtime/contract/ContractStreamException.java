package dev.overtime.contract;

import java.io.IOException;

/** A run contract read from a stream ({@link ContractStream}) was cut short or malformed. */
public final class ContractStreamException extends IOException {
  private static final long serialVersionUID = 1L;

  public ContractStreamException(String message) {
    super(message);
  }
}
