package dev.overtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.console.harness.RunningConsole;
import dev.overtime.runtime.RunStatus;
import dev.overtime.testing.Chromium;
import dev.overtime.testing.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console in a real headless Chromium, over real runs of the test app. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
  // Generous: on a loaded 2-core CI machine a run's JVM can take long to start. Waits end as soon
  // as
  // the condition holds.
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir static Path home;

  private RunningConsole console;
  private Chromium chromium;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws Exception {
    console = RunningConsole.start(home);
    chromium = Chromium.start();
    browser = chromium.driver();
  }

  @AfterAll
  void stop() {
    try (RunningConsole closing = console) { // cancels the runs left, then stops the console
      if (chromium != null) {
        chromium.close();
      }
    }
  }

  @BeforeEach
  void openConsole() {
    browser.get(console.url());
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.presenceOfElementLocated(By.id("job-factorial")));
  }

  private void startFromForm(String job, String field, String value) {
    browser.findElement(By.id("job-" + job)).click();
    WebElement input =
        chromium
            .waitUpTo(WAIT)
            .until(ExpectedConditions.elementToBeClickable(By.id("field-" + field)));
    input.clear();
    input.sendKeys(value);
    browser.findElement(By.id("submit-run")).click();
    chromium.waitUpTo(WAIT).until(driver -> driver.getCurrentUrl().contains("#/runs/"));
  }

  private String runIdFromUrl() {
    String url = browser.getCurrentUrl();
    return url.substring(url.indexOf("#/runs/") + "#/runs/".length());
  }

  private String awaitStatus(String status) {
    try {
      chromium.waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.id("run-status"), status));
    } catch (org.openqa.selenium.TimeoutException e) {
      String runId = runIdFromUrl();
      String log;
      try {
        log = Files.readString(console.runs().logFile(runId));
      } catch (Exception unreadable) {
        log = "(no log: " + unreadable + ")";
      }
      throw new AssertionError(
          "run "
              + runId
              + " did not become "
              + status
              + " in "
              + WAIT
              + "; engine says "
              + console.runs().get(runId)
              + "; page says "
              + browser.findElement(By.id("run-status")).getText()
              + "; log:\n"
              + log,
          e);
    }
    return status;
  }

  @Test
  void factorialInvokedFromTheFormShowsItsResultAndLog() {
    startFromForm("factorial", "num", "20");

    awaitStatus("SUCCEEDED");
    assertEquals("2432902008176640000", browser.findElement(By.id("run-result")).getText());
    chromium
        .waitUpTo(WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("run-log"), "Factorial of 20 is 2432902008176640000"));
    assertFalse(
        browser.findElement(By.id("cancel-run")).isDisplayed(),
        "a finished run shows no cancel button");

    String runId = runIdFromUrl();
    browser.findElement(By.className("back")).click();
    // The table is redrawn every second; wait on the attribute rather than hold a row element.
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.attributeToBe(By.id("run-" + runId), "data-status", "SUCCEEDED"));
  }

  @Test
  void runAgainStartsANewRunWithTheSamePayloadShownOnBothRunPages() {
    startFromForm("factorial", "num", "6");
    awaitStatus("SUCCEEDED");
    String original = runIdFromUrl();

    browser.findElement(By.id("rerun-run")).click();

    chromium
        .waitUpTo(WAIT)
        .until(
            driver ->
                driver.getCurrentUrl().contains("#/runs/") && !runIdFromUrl().equals(original));
    String rerun = runIdFromUrl();
    awaitStatus("SUCCEEDED");
    assertEquals("720", browser.findElement(By.id("run-result")).getText());
    assertEquals(original, console.runs().get(rerun).details().rerunOf().orElseThrow());
    WebElement link =
        chromium
            .waitUpTo(WAIT)
            .until(ExpectedConditions.visibilityOfElementLocated(By.className("rerun-of")));
    assertEquals(original, link.getText());

    link.click();

    chromium.waitUpTo(WAIT).until(driver -> runIdFromUrl().equals(original));
    chromium.waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.className("rerun-as"), rerun));
  }

  @Test
  void transcodeCanBeCancelledFromItsRunPageAndItsProcessEnds() {
    startFromForm("transcode", "seconds", "300");
    String runId = runIdFromUrl();
    awaitStatus("RUNNING");
    chromium
        .waitUpTo(WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("run-log"), "Transcoding: "));

    browser.findElement(By.id("cancel-run")).click();

    awaitStatus("CANCELLED");
    assertEquals(RunStatus.CANCELLED, console.runs().get(runId).status());
    Conditions.await(
        "no process of run " + runId,
        Duration.ofSeconds(30),
        () -> processesOf(runId),
        List::isEmpty);
    assertFalse(browser.findElement(By.id("cancel-run")).isDisplayed(), "nothing left to cancel");
  }

  @Test
  void transcodeShowsALiveProgressBarOnItsRunPageAndInTheRunsTable() throws Exception {
    startFromForm("transcode", "seconds", "30");
    String runId = runIdFromUrl();
    awaitStatus("RUNNING");
    WebElement bar = browser.findElement(By.id("run-progress-bar"));
    chromium.waitUpTo(WAIT).until(driver -> percentOf(bar) >= 5);
    int first = percentOf(bar);
    // The job's own process writes its progress; the page redraws it as it grows.
    chromium.waitUpTo(WAIT).until(driver -> percentOf(bar) > first);

    assertTrue(browser.findElement(By.id("run-progress")).isDisplayed());
    String percent = browser.findElement(By.id("run-progress-percent")).getText();
    assertTrue(percent.matches("\\d{1,2}%"), percent);
    assertTrue(
        browser.findElement(By.id("run-progress-message")).getText().matches("second \\d+ of 30"),
        browser.findElement(By.id("run-progress-message")).getText());
    String times = browser.findElement(By.id("run-progress-times")).getText();
    assertTrue(times.matches("\\d+\\.\\ds elapsed · about \\d+\\.\\ds left"), times);
    String width = bar.findElement(By.className("progress-fill")).getCssValue("width");
    assertTrue(!width.equals("0px"), "the bar is filled: " + width);
    Path runPage = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(
        runPage,
        Paths.get("target").resolve("progress-console-run.png"),
        StandardCopyOption.REPLACE_EXISTING);

    browser.findElement(By.className("back")).click();
    By cell = By.cssSelector("#run-" + runId + " .run-progress-cell .progress");
    chromium.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(cell));
    chromium
        .waitUpTo(WAIT)
        .until(
            driver -> {
              try {
                return Integer.parseInt(driver.findElement(cell).getAttribute("aria-valuenow"))
                    > first;
              } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false; // the table was redrawn meanwhile
              }
            });
    Path table = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(
        table,
        Paths.get("target").resolve("progress-console.png"),
        StandardCopyOption.REPLACE_EXISTING);
    console.runs().cancel(runId);
  }

  private static int percentOf(WebElement bar) {
    String value = bar.getAttribute("aria-valuenow");
    return value == null || value.isEmpty() ? -1 : Integer.parseInt(value);
  }

  @Test
  void badInputShowsAFieldErrorBeforeSendingAndStartsNothing() {
    int before = console.runs().list(null, null, 500).size();
    browser.findElement(By.id("job-factorial")).click();
    WebElement input =
        chromium.waitUpTo(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("field-num")));
    input.clear();
    input.sendKeys("twenty");

    WebElement error =
        chromium
            .waitUpTo(WAIT)
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("error-num")));
    assertEquals("must be a whole number, like 20", error.getText());

    browser.findElement(By.id("submit-run")).click();
    assertTrue(
        browser.getCurrentUrl().endsWith("/") || browser.getCurrentUrl().endsWith("#/"),
        browser.getCurrentUrl());
    input.clear();
    browser.findElement(By.id("submit-run")).click();
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.textToBe(By.id("error-num"), "required: give a value"));
    assertEquals(before, console.runs().list(null, null, 500).size(), "a run was started");
  }

  @Test
  void aRequestWithoutTheSessionTokenIsRefused() {
    @SuppressWarnings("unchecked")
    Map<String, Object> response =
        (Map<String, Object>)
            browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];fetch('/api/jobs/factorial/runs',"
                    + " {method: 'POST', headers: {'Content-Type': 'application/json'}, body:"
                    + " '{\"num\": 3}'}).then(r => r.json().then(j => done({status: r.status, code:"
                    + " j.error.code})));");

    assertEquals(403L, response.get("status"));
    assertEquals("missing-token", response.get("code"));
  }

  @Test
  void screenshotOfTheConsole() throws Exception {
    startFromForm("factorial", "num", "20");
    awaitStatus("SUCCEEDED");
    openConsole();
    startFromForm("factorial", "num", "-1");
    awaitStatus("FAILED");
    openConsole();
    startFromForm("transcode", "seconds", "45");
    awaitStatus("RUNNING");
    chromium
        .waitUpTo(WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("run-log"), "Transcoding: 2/45 s"));
    Path runPage = browser.getScreenshotAs(OutputType.FILE).toPath();
    openConsole();
    chromium
        .waitUpTo(WAIT)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#runs tr[data-status=RUNNING]")));
    browser.findElement(By.id("job-factorial")).click();
    browser.findElement(By.id("field-num")).sendKeys("20");
    Path overview = browser.getScreenshotAs(OutputType.FILE).toPath();

    Path target = Paths.get("target");
    Files.copy(overview, target.resolve("console.png"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(runPage, target.resolve("console-run.png"), StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(target.resolve("console.png")) > 10_000);
  }

  private static List<ProcessHandle> processesOf(String runId) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                environmentNames(process)
                    .map(env -> env.contains("OVERTIME_RUN_ID=" + runId))
                    .orElse(false))
        .toList();
  }

  // Linux: a process's environment, to find the run it belongs to.
  private static Optional<String> environmentNames(ProcessHandle process) {
    try {
      return Optional.of(
          Files.readString(Paths.get("/proc", String.valueOf(process.pid()), "environ")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
