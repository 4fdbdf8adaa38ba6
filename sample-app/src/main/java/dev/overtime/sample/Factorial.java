package dev.overtime.sample;

import dev.overtime.Job;
import dev.overtime.JobContext;
import dev.overtime.JobHandler;
import dev.overtime.NonRetryableException;
import dev.overtime.Schedule;
import java.math.BigInteger;

/** The seed story's job: computes {@code num!} and logs it. */
@JobHandler(value = "factorial", timeout = "1 hour", memory = "512 MB", cpu = "0.25 vCPU")
@Schedule(cron = "30 2 * * *", zone = "Europe/Berlin", payload = "{\"num\": 20}")
public final class Factorial implements Job<FactorialPayload, BigInteger> {
  static final int MAX_NUM = 100_000;

  @Override
  public BigInteger run(FactorialPayload payload, JobContext context) {
    if (payload.num() < 0 || payload.num() > MAX_NUM) {
      throw new NonRetryableException(
          "num must be between 0 and " + MAX_NUM + ", was " + payload.num());
    }
    BigInteger result = BigInteger.ONE;
    for (int i = 2; i <= payload.num(); i++) {
      result = result.multiply(BigInteger.valueOf(i));
    }
    context.log("Factorial of " + payload.num() + " is " + result);
    return result;
  }
}
