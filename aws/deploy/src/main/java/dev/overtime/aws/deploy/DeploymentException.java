package dev.overtime.aws.deploy;

/** The jobs cannot be deployed as they are; the message says which and how to fix it. */
public class DeploymentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeploymentException(String message) {
    super(message);
  }

  public DeploymentException(String message, Throwable cause) {
    super(message, cause);
  }
}
