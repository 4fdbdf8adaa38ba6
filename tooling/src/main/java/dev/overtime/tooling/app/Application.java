package dev.overtime.tooling.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.contract.RunContract;
import dev.overtime.runtime.DuplicateJobException;
import dev.overtime.runtime.internal.JobBinding;
import dev.overtime.runtime.internal.JobCatalog;
import dev.overtime.runtime.internal.JobRegistry;
import dev.overtime.runtime.manifest.Manifest;
import dev.overtime.runtime.manifest.ManifestFormatException;
import dev.overtime.runtime.manifest.ManifestJob;
import dev.overtime.runtime.manifest.ManifestReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * An application's jobs, read from its jar or class path the way its own process would find them:
 * the generated registries through {@link ServiceLoader}, their manifests through {@link
 * ManifestReader#fromClassPath}. Its class path is also what each run's child JVM gets, so the app
 * jar must contain the Overtime bootstrap.
 */
public final class Application implements AutoCloseable {
  static final String BOOTSTRAP_CLASS =
      RunContract.BOOTSTRAP_MAIN_CLASS.replace('.', '/') + ".class";

  private final String source;
  private final List<Path> entries;
  private final URLClassLoader loader;
  private final Map<String, JsonNode> manifests;
  private final List<AppJob> jobs;

  private Application(
      String source,
      List<Path> entries,
      URLClassLoader loader,
      Map<String, JsonNode> manifests,
      List<AppJob> jobs) {
    this.source = source;
    this.entries = entries;
    this.loader = loader;
    this.manifests = manifests;
    this.jobs = jobs;
  }

  /**
   * Loads the application whose class path is {@code source} (one jar, or entries joined by ':').
   */
  public static Application load(String source) {
    List<Path> entries = entries(source);
    URLClassLoader loader =
        new URLClassLoader("overtime-app", urls(entries), Application.class.getClassLoader());
    try {
      List<JobRegistry> registries = registries(loader, source);
      JobCatalog.of(registries);
      Map<String, Manifest> byResource = new LinkedHashMap<>();
      for (Manifest manifest : manifests(entries, source)) {
        byResource.put(manifest.resource(), manifest);
      }
      Map<String, JsonNode> manifests = new LinkedHashMap<>();
      List<AppJob> jobs = new ArrayList<>();
      for (JobRegistry registry : registries) {
        String resource = registry.manifestResource();
        Manifest manifest = byResource.get(resource);
        if (manifest == null) {
          throw new AppLoadException(
              AppLoadException.Kind.ENVIRONMENT,
              "Manifest "
                  + resource
                  + " named by "
                  + registry.getClass().getName()
                  + " is missing from the application; rebuild it (mvn clean"
                  + " package) and check that the jar keeps META-INF/overtime/.");
        }
        manifests.put(resource, manifest.document());
        for (JobBinding<?, ?> binding : registry.jobs()) {
          String name = binding.descriptor().name();
          ManifestJob entry =
              manifest
                  .job(name)
                  .orElseThrow(
                      () ->
                          new AppLoadException(
                              AppLoadException.Kind.ENVIRONMENT,
                              "Manifest "
                                  + resource
                                  + " does not list job '"
                                  + name
                                  + "' that "
                                  + registry.getClass().getName()
                                  + " registers; rebuild the application"
                                  + " (mvn clean package) so the processor writes both again."));
          jobs.add(new AppJob(binding.descriptor(), entry, resource));
        }
      }
      jobs.sort((a, b) -> a.name().compareTo(b.name()));
      return new Application(
          source, entries, loader, Collections.unmodifiableMap(manifests), List.copyOf(jobs));
    } catch (DuplicateJobException e) {
      close(loader);
      throw new AppLoadException(AppLoadException.Kind.ENVIRONMENT, e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      close(loader);
      throw e;
    }
  }

  // Through the runtime's reader, the same one 'overtime deploy' uses, so both see the same
  // manifests.
  private static List<Manifest> manifests(List<Path> entries, String source) {
    try {
      return ManifestReader.fromClassPath(entries);
    } catch (ManifestFormatException e) {
      throw new AppLoadException(AppLoadException.Kind.ENVIRONMENT, e.getMessage(), e);
    } catch (IOException e) {
      throw new AppLoadException(
          AppLoadException.Kind.ENVIRONMENT,
          "The manifests of "
              + source
              + " cannot be read: "
              + e.getMessage()
              + ". Pass jars and classes directories only.",
          e);
    }
  }

  private static List<Path> entries(String source) {
    List<Path> entries = new ArrayList<>();
    for (String part : source.split(File.pathSeparator)) {
      if (part.isBlank()) {
        continue;
      }
      Path entry = Paths.get(part).toAbsolutePath().normalize();
      if (!Files.exists(entry)) {
        throw new AppLoadException(
            AppLoadException.Kind.ENVIRONMENT,
            "No file or directory at "
                + entry
                + ". Build the application first (for example: mvn -B -ntp -q package -DskipTests),"
                + " then pass its jar with --app.");
      }
      if (!Files.isReadable(entry)) {
        throw new AppLoadException(
            AppLoadException.Kind.ENVIRONMENT,
            entry + " is not readable;" + " check its permissions.");
      }
      entries.add(entry);
    }
    if (entries.isEmpty()) {
      throw new AppLoadException(
          AppLoadException.Kind.USAGE,
          "The application class path is empty;" + " pass --app target/my-app.jar.");
    }
    return List.copyOf(entries);
  }

  private static URL[] urls(List<Path> entries) {
    URL[] urls = new URL[entries.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = entries.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new AppLoadException(
            AppLoadException.Kind.USAGE, "Not a usable path: " + entries.get(i), e);
      }
    }
    return urls;
  }

  private static List<JobRegistry> registries(ClassLoader loader, String source) {
    List<JobRegistry> registries = new ArrayList<>();
    try {
      ServiceLoader.load(JobRegistry.class, loader).forEach(registries::add);
    } catch (ServiceConfigurationError e) {
      throw new AppLoadException(
          AppLoadException.Kind.ENVIRONMENT,
          "A job registry of "
              + source
              + " cannot be loaded: "
              + e.getMessage()
              + ". Rebuild the application, and check that its jar"
              + " contains its dependencies.",
          e);
    }
    if (registries.isEmpty()) {
      throw new AppLoadException(
          AppLoadException.Kind.ENVIRONMENT,
          "No Overtime jobs in "
              + source
              + ": it has no META-INF/services/"
              + JobRegistry.class.getName()
              + ". Compile the application's @JobHandler classes with overtime-processor on the"
              + " annotation processor path, and pass the jar that holds them.");
    }
    return registries;
  }

  /** How the user named the application: the jar path or class path as given. */
  public String source() {
    return source;
  }

  /** The class path each run's child JVM gets: the application's own, with absolute entries. */
  public String classpath() {
    return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /** The application's jobs, sorted by name. */
  public List<AppJob> jobs() {
    return jobs;
  }

  public Optional<AppJob> job(String name) {
    return jobs.stream().filter(job -> job.name().equals(name)).findFirst();
  }

  /** The job names, for messages such as "known jobs: factorial, transcode". */
  public String jobNames() {
    return jobs.stream().map(AppJob::name).collect(Collectors.joining(", "));
  }

  /** Every manifest of the application, by resource name, in registry order. */
  public Map<String, JsonNode> manifests() {
    return manifests;
  }

  /** Whether the application's own class path holds {@code dev.overtime.bootstrap.Main}. */
  public boolean hasBootstrap() {
    return loader.findResource(BOOTSTRAP_CLASS) != null;
  }

  @Override
  public void close() {
    close(loader);
  }

  private static void close(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
