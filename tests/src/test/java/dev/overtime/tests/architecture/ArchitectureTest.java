package dev.overtime.tests.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layout's rules (see docs/architecture.md), checked on the compiled classes of every
 * module this one depends on. A rule that breaks names the class and the dependency.
 */
class ArchitectureTest {
  private static JavaClasses overtime;

  @BeforeAll
  static void importClasses() {
    overtime =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.overtime");
  }

  private static void check(ArchRule rule) {
    rule.check(overtime);
  }

  @Test
  void theClassesOfEveryCheckedModuleAreImported() {
    // Without this, a rule about a package that was not imported would pass on nothing.
    for (String anchor :
        new String[] {
          "dev.overtime.JobHandler",
          "dev.overtime.contract.RunIds",
          "dev.overtime.runtime.JobClient",
          "dev.overtime.processor.JobHandlerProcessor",
          "dev.overtime.bootstrap.Main",
          "dev.overtime.engine.local.LocalEngine",
          "dev.overtime.engine.aws.AwsEngine",
          "dev.overtime.aws.protocol.InvokerRequest",
          "dev.overtime.aws.invoker.InvokerHandler",
          "dev.overtime.aws.deploy.StackTemplate",
          "dev.overtime.tooling.app.Application",
          "dev.overtime.console.ConsoleServer"
        }) {
      if (!overtime.contain(anchor)) {
        throw new AssertionError(
            anchor + " was not imported; the rules below would check nothing of its module");
      }
    }
  }

  @Test
  void theAnnotationsDependOnTheJdkAlone() {
    check(
        classes()
            .that()
            .resideInAPackage("dev.overtime")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.overtime", "java.."));
  }

  @Test
  void theContractDependsOnTheJdkAndJacksonStreamingAlone() {
    check(
        classes()
            .that()
            .resideInAPackage("dev.overtime.contract..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                "dev.overtime.contract..", "java..", "com.fasterxml.jackson.core.."));
  }

  @Test
  void theProcessorsRenderStepNeverQueriesTheLanguageModel() {
    // Modifier is how JavaPoet spells "public static"; elements, types and the processing
    // environment are the model of the sources being compiled, which only validate and model read.
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.processor.render..")
            .should()
            .dependOnClassesThat(
                resideInAnyPackage("javax.lang.model..", "javax.annotation.processing..")
                    .and(not(equivalentTo(Modifier.class)))));
  }

  @Test
  void theProcessorDependsOnNoRuntimeModule() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.processor..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.overtime.runtime..",
                "dev.overtime.engine..",
                "dev.overtime.bootstrap..",
                "dev.overtime.aws..",
                "com.fasterxml.jackson.."));
  }

  @Test
  void theRuntimeDependsOnNoEngineAndNoTool() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.runtime..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.overtime.engine..",
                "dev.overtime.aws..",
                "dev.overtime.bootstrap..",
                "dev.overtime.tooling..",
                "dev.overtime.console..",
                "dev.overtime.cli..",
                "org.sqlite..",
                "software.amazon.."));
  }

  @Test
  void enginesDoNotDependOnEachOther() {
    check(slices().matching("dev.overtime.engine.(*)..").should().notDependOnEachOther());
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.runtime.inline..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.overtime.engine.."));
  }

  @Test
  void theBootstrapKnowsNoEngine() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.bootstrap..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.overtime.engine..", "dev.overtime.aws..", "org.sqlite..", "java.sql.."));
  }

  @Test
  void theInvokerDependsOnNeitherSqliteNorTheLocalEngine() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.aws.invoker..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.sqlite..",
                "java.sql..",
                "dev.overtime.engine..",
                "dev.overtime.bootstrap..",
                "dev.overtime.runtime.inline.."));
  }

  @Test
  void theAwsProtocolIsPlainData() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.aws.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "software.amazon..",
                "dev.overtime.engine..",
                "dev.overtime.aws.invoker..",
                "dev.overtime.aws.deploy.."));
  }

  @Test
  void deploymentDependsOnTheManifestAndTheProtocolNotOnWhatRuns() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.aws.deploy..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.overtime.aws.invoker..",
                "dev.overtime.engine..",
                "dev.overtime.bootstrap..",
                "software.amazon.."));
  }

  @Test
  void onlyTheToolsDependOnTheTools() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages(
                "dev.overtime.tooling..", "dev.overtime.console..", "dev.overtime.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.overtime.tooling..", "dev.overtime.console..", "dev.overtime.cli.."));
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.overtime.tooling..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.overtime.console..", "dev.overtime.cli.."));
  }
}
