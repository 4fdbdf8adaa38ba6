package dev.overtime.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code overtime --version}: the version in the jar's manifest, or "development" in a build tree.
 */
public final class OvertimeVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = OvertimeVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "overtime " + (version == null ? "development build" : version),
      "JVM: ${java.version} (${java.vendor} ${java.vm.name})"
    };
  }
}
