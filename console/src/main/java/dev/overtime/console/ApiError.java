package dev.overtime.console;

/**
 * An API request that cannot be served: HTTP status, a stable code and a message that says what to
 * do. Written as {@code {"error": {"code": …, "message": …}}}.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
