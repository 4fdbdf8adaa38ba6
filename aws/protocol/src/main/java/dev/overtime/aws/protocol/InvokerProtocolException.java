package dev.overtime.aws.protocol;

import dev.overtime.runtime.OvertimeException;

/** A request or answer of the invoker protocol that cannot be understood, with its error code. */
public class InvokerProtocolException extends OvertimeException {
  private static final long serialVersionUID = 1L;
  private final InvokerErrorCode code;

  public InvokerProtocolException(InvokerErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public InvokerErrorCode code() {
    return code;
  }
}
