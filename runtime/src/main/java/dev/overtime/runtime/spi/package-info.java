/**
 * What an engine author implements or calls: an {@link dev.overtime.runtime.spi.EngineProvider}
 * found through {@link java.util.ServiceLoader} (so {@code OVERTIME_ENGINE=<name>} selects it), the
 * {@link dev.overtime.runtime.spi.SubmitRequest} its engine receives, {@link
 * dev.overtime.runtime.spi.BlobStore} for a URI scheme of payload and outcome documents, and {@link
 * dev.overtime.runtime.spi.RunPoller} for engines that can only poll.
 *
 * <pre>{@code
 * public final class SlurmEngineProvider implements EngineProvider {
 *   public String name() { return "slurm"; }
 *   public Engine create(Map<String, String> environment) { return new SlurmEngine(environment); }
 * }
 * // META-INF/services/dev.overtime.runtime.spi.EngineProvider: com.example.SlurmEngineProvider
 * }</pre>
 */
package dev.overtime.runtime.spi;
