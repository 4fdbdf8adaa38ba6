package dev.overtime.bootstrap;

/** Placeholder until the bootstrap lands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("not yet");
  }
}
