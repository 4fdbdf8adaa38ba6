package dev.overtime.aws.protocol;

import dev.overtime.contract.ErrorCode;

/**
 * The {@code error.code} values the invoker answers with; documented in docs/aws.md. Codes that
 * mean what a run's error means elsewhere are the contract's {@link ErrorCode} ids.
 */
public enum InvokerErrorCode {
  /**
   * The request is malformed: a missing or mistyped field, an unknown action. Nothing was started.
   */
  BAD_REQUEST("overtime.bad-request"),
  /** The job is not deployed behind this invoker. Nothing was started. */
  UNKNOWN_JOB(ErrorCode.UNKNOWN_JOB.id()),
  /** No run with this id is recorded in the invoker's bucket. */
  UNKNOWN_RUN("overtime.unknown-run"),
  /** The payload is larger than the documented maximum. Nothing was started. */
  PAYLOAD_TOO_LARGE("overtime.payload-too-large"),
  /** ECS refused to start the task (capacity, a missing task definition, a bad subnet, ...). */
  START_FAILED(ErrorCode.START_FAILED.id()),
  /**
   * A {@code reschedule} of a run that has started or ended (or was never delayed): only a delayed
   * run that has not started can be moved. Nothing was changed.
   */
  NOT_RESCHEDULABLE("overtime.not-reschedulable"),
  /** ECS or S3 failed after the SDK's retries (throttling, 5xx, access denied). */
  AWS_ERROR("overtime.aws-error");

  private final String code;

  InvokerErrorCode(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The code with this wire name, or {@link #AWS_ERROR} for a name this version does not know. */
  public static InvokerErrorCode fromWire(String code) {
    for (InvokerErrorCode value : values()) {
      if (value.code.equals(code)) {
        return value;
      }
    }
    return AWS_ERROR;
  }
}
