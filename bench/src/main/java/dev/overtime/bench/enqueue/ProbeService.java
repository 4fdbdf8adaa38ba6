package dev.overtime.bench.enqueue;

/**
 * What the JobRunr side enqueues calls to; never executed during the benchmark (no server runs).
 */
public class ProbeService {
  public int probe(int n) {
    return n;
  }
}
