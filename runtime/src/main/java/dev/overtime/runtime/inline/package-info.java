/**
 * The inline engine, for users' unit tests: each run happens in the calling thread, through the
 * same strict JSON encoding of payload and result as on every other engine.
 *
 * <pre>{@code
 * try (Engine engine = new InlineEngine()) {
 *   assertEquals(BigInteger.valueOf(120), Jobs.factorial(engine).run(new FactorialPayload(5)).result());
 * }
 * }</pre>
 */
package dev.overtime.runtime.inline;
