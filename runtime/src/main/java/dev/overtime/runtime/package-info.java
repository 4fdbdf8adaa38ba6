/**
 * What applications use: typed clients ({@link dev.overtime.runtime.JobClient}), run handles
 * ({@link dev.overtime.runtime.JobRun}), {@link dev.overtime.runtime.RunOptions}, statuses, errors,
 * the exceptions, and engines ({@link dev.overtime.runtime.Engine}, {@link
 * dev.overtime.runtime.Engines}). The generated {@code Jobs} class is the usual way in:
 *
 * <pre>{@code
 * JobRun<BigInteger> run = Jobs.factorial().run(new FactorialPayload(20),
 *     RunOptions.builder().idempotencyKey("order-42").build());
 * BigInteger value = run.await(Duration.ofMinutes(5)).result();
 *
 * try (Engine engine = Engines.create("inline")) {       // in a unit test
 *   assertEquals(BigInteger.valueOf(120), Jobs.factorial(engine).run(new FactorialPayload(5)).result());
 * }
 * }</pre>
 *
 * <p>Engine authors implement {@link dev.overtime.runtime.spi}; {@code
 * dev.overtime.runtime.internal} serves generated code and Overtime's own modules and is not API.
 */
package dev.overtime.runtime;
