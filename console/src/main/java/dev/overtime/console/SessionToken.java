package dev.overtime.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret a console page sends with every mutating request ({@code X-Overtime-Token}). Made
 * fresh at each start and embedded only in the page the console serves, so another site open in the
 * same browser cannot start or cancel runs.
 */
public final class SessionToken {
  /** The request header that carries the token. */
  public static final String HEADER = "X-Overtime-Token";

  private final String value;

  private SessionToken(String value) {
    this.value = value;
  }

  public static SessionToken generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new SessionToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  public String value() {
    return value;
  }

  /** Whether {@code presented} is this token; takes the same time for every wrong guess. */
  public boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "SessionToken[hidden]";
  }
}
