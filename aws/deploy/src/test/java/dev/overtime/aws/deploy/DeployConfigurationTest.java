package dev.overtime.aws.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deploy configuration file: the example of docs/aws.md is read and valid under the committed
 * JSON Schema; every kind of mistake is refused with the field and the fix, and the schema refuses
 * it too.
 */
class DeployConfigurationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String example() throws Exception {
    try (InputStream in =
        DeployConfigurationTest.class.getResourceAsStream("/overtime.deploy.json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static JsonSchema schema() throws Exception {
    try (InputStream in =
        DeployConfiguration.class
            .getClassLoader()
            .getResourceAsStream(DeployConfiguration.SCHEMA_RESOURCE)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  private static DeploymentException refused(String json) {
    return assertThrows(
        DeploymentException.class,
        () -> DeployConfiguration.parse(json, "overtime.deploy.json", TestJobs.sample()));
  }

  @Test
  void theDocumentedExampleIsReadAndMergesAllWithEachJobsOwn() throws Exception {
    DeployConfiguration config = DeployConfiguration.parse(example(), "example", TestJobs.sample());

    JobBindings video = config.forJob("video-transcode");
    assertEquals(
        Map.of("LOG_LEVEL", "debug", "REPORTS_BUCKET", "acme-reports"), video.environment());
    assertEquals(Set.of("API_KEY", "DB_PASSWORD"), video.secrets().keySet());
    assertEquals(Capacity.FARGATE_SPOT, video.capacity());
    assertEquals(100, video.ephemeralStorageGiB());
    assertEquals(Map.of("team", "media", "cost-center", "video"), video.tags());
    assertEquals(1, video.statements().size());
    assertTrue(video.ownTaskRole() && video.ownExecutionRole());

    JobBindings factorial = config.forJob("factorial");
    assertEquals("info", factorial.environment().get("LOG_LEVEL"));
    assertEquals(Set.of("DB_PASSWORD"), factorial.secrets().keySet());
    assertEquals(Capacity.FARGATE, factorial.capacity());
    assertEquals(null, factorial.ephemeralStorageGiB());
    assertTrue(!factorial.ownTaskRole() && !factorial.ownExecutionRole());
    assertEquals(5, config.sweepMinutes());
  }

  @Test
  void theDocumentedExampleIsValidUnderTheCommittedSchema() throws Exception {
    assertEquals(Set.of(), schema().validate(JSON.readTree(example())));
  }

  @Test
  void docsShowTheExampleFileAsItIs() throws Exception {
    Path docs = Path.of(System.getProperty("basedir", ".")).resolve("../../docs/aws.md");
    assertTrue(
        Files.readString(docs).contains(example().strip()),
        "docs/aws.md shows src/test/resources/overtime.deploy.json verbatim");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown top-level field | {"al":{}} | al is not a field of the file; the fields are $schema, all, jobs, sweepMinutes
          unknown job | {"jobs":{"factorail":{}}} | jobs.factorail is not a job of this application; the jobs are factorial, video-transcode
          unknown field of a job | {"jobs":{"factorial":{"env":{}}}} | jobs.factorial.env is not a field of jobs.factorial
          environment value not a string | {"all":{"environment":{"PORT":8080}}} | all.environment.PORT must be a string; write 8080 as "8080"
          environment name reserved | {"all":{"environment":{"OVERTIME_JOB":"x"}}} | all.environment.OVERTIME_JOB uses the prefix OVERTIME_
          environment name invalid | {"all":{"environment":{"9LIVES":"x"}}} | all.environment.9LIVES is not an environment variable name
          name both value and secret | {"all":{"environment":{"DB":"x"},"secrets":{"DB":"ssm:/db"}}} | all.secrets.DB is also all.environment.DB
          secret in plain text | {"all":{"secrets":{"DB_PASSWORD":"hunter2"}}} | all.secrets.DB_PASSWORD must name an SSM parameter
          secret by a partial ARN | {"all":{"secrets":{"DB":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db"}}} | or a Secrets Manager secret by its full ARN
          secret without from | {"all":{"secrets":{"DB":{"kmsKeyArn":"arn:aws:kms:eu-west-1:123456789012:key/abc"}}}} | all.secrets.DB.from is missing
          kms alias instead of key | {"all":{"secrets":{"DB":{"from":"ssm:/db","kmsKeyArn":"alias/mine"}}}} | all.secrets.DB.kmsKeyArn must be a KMS key ARN
          capacity misspelt | {"jobs":{"factorial":{"capacity":"SPOT"}}} | jobs.factorial.capacity must be "FARGATE" or "FARGATE_SPOT", found "SPOT"
          ephemeral storage too small | {"all":{"ephemeralStorageGiB":20}} | all.ephemeralStorageGiB must be a whole number of GiB from 21 to 200
          ephemeral storage too large | {"all":{"ephemeralStorageGiB":201}} | all.ephemeralStorageGiB must be a whole number of GiB from 21 to 200
          aws tag | {"all":{"tags":{"aws:team":"x"}}} | all.tags.aws:team: keys starting with aws: are AWS's own
          overtime tag | {"all":{"tags":{"overtime:job":"x"}}} | all.tags.overtime:job: keys starting with overtime: are Overtime's own
          tag key with a bad character | {"all":{"tags":{"team#1":"x"}}} | all.tags.team#1: a tag key may hold letters, digits, spaces and _ . : / = + - @ only
          tag value with a bad character | {"all":{"tags":{"team":"a,b"}}} | all.tags.team: a tag value may hold letters, digits
          managed policy not an ARN | {"all":{"permissions":{"managedPolicyArns":["AdministratorAccess"]}}} | all.permissions.managedPolicyArns[0] must be an IAM policy ARN
          statement without Resource | {"all":{"permissions":{"statements":[{"Effect":"Allow","Action":"s3:GetObject"}]}}} | all.permissions.statements[0].Resource is missing
          statement with bad action | {"all":{"permissions":{"statements":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}}} | all.permissions.statements[0].Action must be service:Action
          statement with bad effect | {"all":{"permissions":{"statements":[{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]}}} | all.permissions.statements[0].Effect must be "Allow" or "Deny"
          statement with NotAction | {"all":{"permissions":{"statements":[{"Effect":"Allow","NotAction":"s3:*","Action":"s3:GetObject","Resource":"*"}]}}} | all.permissions.statements[0].NotAction is not a field
          sweep out of range | {"sweepMinutes":0} | sweepMinutes must be a whole number of minutes from 1 to 1440
          scope not an object | {"all":[]} | all must be an object
          """)
  void aBadFileIsRefusedNamingTheFieldAndTheSchemaRefusesItToo(
      String what, String json, String expected) throws Exception {
    DeploymentException e = refused(json);

    assertTrue(
        e.getMessage().startsWith("[overtime.deploy-config] overtime.deploy.json: "),
        e.getMessage());
    assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    if (!what.equals("unknown job") && !what.equals("name both value and secret")) {
      // The schema cannot know the application's jobs or compare two sections; all else it checks.
      Set<ValidationMessage> schemaProblems = schema().validate(JSON.readTree(json));
      assertTrue(!schemaProblems.isEmpty(), what + ": the schema accepts " + json);
    }
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() {
    DeploymentException e =
        refused(
            """
            {"all":{"capacity":"ON_DEMAND","ephemeralStorageGiB":5},
             "jobs":{"factorial":{"environment":{"A":1}}}}
            """);

    assertTrue(e.getMessage().contains("all.capacity"), e.getMessage());
    assertTrue(e.getMessage().contains("all.ephemeralStorageGiB"), e.getMessage());
    assertTrue(e.getMessage().contains("jobs.factorial.environment.A"), e.getMessage());
  }

  @Test
  void notJsonNamesTheLineAndColumn() {
    DeploymentException e = refused("{\n  \"all\": {,}\n}");
    assertTrue(e.getMessage().contains("not valid JSON at line 2"), e.getMessage());
  }

  @Test
  void aMissingFileSaysWhatToPass(@TempDir Path dir) {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> DeployConfiguration.read(dir.resolve("nope.json"), TestJobs.sample()));
    assertTrue(e.getMessage().startsWith("[overtime.deploy-config] cannot read "), e.getMessage());
    assertTrue(e.getMessage().contains("--config"), e.getMessage());
  }

  @Test
  void tooManyTagsForOneTaskIsRefused() {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 48; i++) {
      tags.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"v\"");
    }
    DeploymentException e = refused("{\"all\":{\"tags\":{" + tags + "}}}");
    assertTrue(e.getMessage().contains("gets 48 tags"), e.getMessage());
  }

  @Test
  void theJobsOwnValuesWinByNameAcrossValuesAndSecrets() {
    DeployConfiguration config =
        DeployConfiguration.parse(
            """
            {"all":{"environment":{"TOKEN":"dev"},"secrets":{"DB":"ssm:/db"}},
             "jobs":{"factorial":{"environment":{"DB":"local"},"secrets":{"TOKEN":"ssm:/token"}}}}
            """,
            "f",
            TestJobs.sample());

    JobBindings factorial = config.forJob("factorial");
    assertEquals(Map.of("DB", "local"), factorial.environment());
    assertEquals(List.of("TOKEN"), List.copyOf(factorial.secrets().keySet()));
    JobBindings video = config.forJob("video-transcode");
    assertEquals(Map.of("TOKEN", "dev"), video.environment());
    assertEquals(List.of("DB"), List.copyOf(video.secrets().keySet()));
  }
}
