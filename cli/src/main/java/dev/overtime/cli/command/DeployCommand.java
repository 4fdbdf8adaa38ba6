package dev.overtime.cli.command;

import dev.overtime.aws.deploy.DeploymentException;
import dev.overtime.aws.deploy.ManifestJobs;
import dev.overtime.aws.deploy.StackTemplate;
import dev.overtime.runtime.manifest.ManifestJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overtime deploy <app.jar> [--out template.json]}: writes the CloudFormation template that
 * runs the jar's jobs on AWS (see {@link StackTemplate} and docs/aws.md).
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
      "  aws cloudformation deploy --stack-name my-jobs --template-file overtime-stack.json \\",
      "      --capabilities CAPABILITY_IAM --parameter-overrides ImageUri=... Subnets=... \\",
      "      SecurityGroups=... InvokerCodeBucket=... InvokerCodeKey=...",
      "",
      "Exit codes: 0 written, 2 bad input (no manifest, invalid Fargate size), 7 cannot write"
          + " --out."
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

  /** For picocli. */
  public DeployCommand() {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String template;
    List<ManifestJob> jobs;
    try {
      jobs = ManifestJobs.read(application);
      template = StackTemplate.render(jobs);
    } catch (DeploymentException e) {
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
