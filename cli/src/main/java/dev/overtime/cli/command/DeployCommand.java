package dev.overtime.cli.command;

import dev.overtime.aws.deploy.DeployConfiguration;
import dev.overtime.aws.deploy.DeploymentException;
import dev.overtime.aws.deploy.ManifestJobs;
import dev.overtime.aws.deploy.StackTemplate;
import dev.overtime.runtime.binding.BoundEnvironment;
import dev.overtime.runtime.binding.BoundEnvironmentException;
import dev.overtime.runtime.manifest.ManifestJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overtime deploy <app.jar> [--out template.json] [--config overtime.deploy.json]}: writes
 * the CloudFormation template that runs the jar's jobs on AWS, with what the deploy configuration
 * binds to them (see {@link StackTemplate}, {@link DeployConfiguration} and docs/aws.md). Without
 * {@code --config}, the file {@code OVERTIME_DEPLOY_CONFIG} names, else {@code
 * overtime.deploy.json} in the working directory when there is one: the same file the local engine
 * reads the jobs' environment from.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Writes the AWS CloudFormation template (JSON) that runs the application jar's jobs on "
            + "ECS Fargate behind an invoker Lambda.",
    footer = {
      "",
      "Example:",
      "  overtime deploy target/my-app.jar --out overtime-stack.json",
      "  overtime deploy target/my-app.jar --config deploy/prod.deploy.json --out stack.json",
      "  aws cloudformation deploy --stack-name my-jobs --template-file overtime-stack.json \\",
      "      --capabilities CAPABILITY_IAM --parameter-overrides ImageUri=... Subnets=... \\",
      "      SecurityGroups=... InvokerCodeBucket=... InvokerCodeKey=...",
      "",
      "Without --config: the file OVERTIME_DEPLOY_CONFIG names, else overtime.deploy.json in the"
          + " working directory if there is one, else nothing is bound.",
      "",
      "Exit codes: 0 written, 2 bad input (no manifest, invalid Fargate size, bad deploy"
          + " configuration), 7 cannot write --out."
    })
public final class DeployCommand implements Callable<Integer> {
  /** Exit code for bad input, as the other overtime commands use it. */
  static final int BAD_INPUT = 2;

  /** Exit code for an unusable environment (output not writable). */
  static final int ENVIRONMENT = 7;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<app.jar>",
      description = "The application jar (or classes directory) holding the job manifests.")
  private Path application;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "<file>",
      description = "Write the template to this file instead of standard output.")
  private Path out;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "<file>",
      description =
          "The deploy configuration (environment, secrets, permissions, Fargate Spot, storage,"
              + " tags; docs/aws.md). Default: $OVERTIME_DEPLOY_CONFIG, else ./overtime.deploy.json"
              + " if present.")
  private Path config;

  private final Path workingDirectory;
  private final Map<String, String> environment;

  /** For picocli: the process's working directory and environment. */
  public DeployCommand() {
    this(Path.of(""), System.getenv());
  }

  /** With the working directory and environment the default configuration is looked up in. */
  DeployCommand(Path workingDirectory, Map<String, String> environment) {
    this.workingDirectory = workingDirectory;
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String template;
    List<ManifestJob> jobs;
    try {
      List<ManifestJob> read = ManifestJobs.read(application);
      jobs = read;
      Optional<Path> file =
          config != null
              ? Optional.of(config)
              : BoundEnvironment.locate(environment, workingDirectory);
      DeployConfiguration bindings =
          file.map(f -> DeployConfiguration.read(f, read)).orElse(DeployConfiguration.none());
      template = StackTemplate.render(jobs, bindings);
      if (file.isPresent()) {
        err.println("Bound " + file.get() + ".");
      }
    } catch (DeploymentException | BoundEnvironmentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(template);
      stdout.flush();
      return 0;
    }
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, template, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("error: cannot write " + out + ": " + e.getMessage());
      err.flush();
      return ENVIRONMENT;
    }
    err.println(
        "Wrote "
            + out
            + ": "
            + jobs.size()
            + " job(s) ("
            + String.join(", ", jobs.stream().map(ManifestJob::name).toList())
            + "). Deploy it with "
            + "'aws cloudformation deploy --capabilities CAPABILITY_IAM ...' (see docs/aws.md).");
    err.flush();
    return 0;
  }
}
