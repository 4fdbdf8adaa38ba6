package dev.overtime.cli.app;

import dev.overtime.tooling.app.AppLoadException;
import dev.overtime.tooling.app.Application;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --app <jar>} or {@code --classpath <path>}: where the application's jobs are. Mixed into
 * the commands that need the jobs (jobs, run, manifest, console).
 */
public final class AppOptions {
  /** The environment variable read when neither option is given. */
  public static final String APP_VARIABLE = "OVERTIME_APP";

  @Option(
      names = "--app",
      paramLabel = "<jar>",
      description =
          "The application jar (a fat jar with its jobs, their manifests and the Overtime"
              + " bootstrap). Default: $OVERTIME_APP.")
  private Path jar;

  @Option(
      names = {"--classpath", "--cp"},
      paramLabel = "<path>",
      description =
          "The application's class path instead of --app, entries separated by"
              + " '${sys:path.separator}'.")
  private String classpath;

  /** The application the options name; fails with a clear message when they name none. */
  public Application load() {
    return Application.load(source(true));
  }

  /** The application the options name, or null when they name none (the console can do without). */
  public Application loadIfNamed() {
    String source = source(false);
    return source == null ? null : Application.load(source);
  }

  private String source(boolean required) {
    if (jar != null && classpath != null) {
      throw new AppLoadException(
          AppLoadException.Kind.USAGE,
          "--app and --classpath both given; name the application once.");
    }
    if (jar != null) {
      return jar.toString();
    }
    if (classpath != null) {
      return classpath;
    }
    String fromEnvironment = System.getenv(APP_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    if (required) {
      throw new AppLoadException(
          AppLoadException.Kind.USAGE,
          "No application named. Pass --app target/my-app.jar (or --classpath <path>, or set "
              + APP_VARIABLE
              + ").");
    }
    return null;
  }
}
