package dev.overtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.console.harness.RunningConsole;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.runtime.RunStatus;
import dev.overtime.testing.Chromium;
import dev.overtime.testing.Conditions;
import dev.overtime.tooling.app.AppJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The runs list filtered by tag, and the cancel of the matching runs, in a real Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTagsBrowserTest {
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

  private RunRecord submit(String job, String payload, String... tags) {
    AppJob appJob = console.application().job(job).orElseThrow();
    return console.runs().submit(appJob, payload, RunOptions.builder().tags(tags).build());
  }

  @Test
  void theTagFilterListsOnlyTaggedRunsAndCancelMatchingStopsOnlyThem() {
    RunRecord first = submit("transcode", "{\"seconds\": 300}", "nightly");
    RunRecord second = submit("transcode", "{\"seconds\": 300}", "nightly", "eu");
    RunRecord untagged = submit("transcode", "{\"seconds\": 300}");
    browser.get(console.url());
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.presenceOfElementLocated(By.id("run-" + untagged.id())));

    browser.findElement(By.id("tag-filter")).sendKeys("nightly");
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("run-" + untagged.id())));
    assertEquals(2, browser.findElements(By.cssSelector("#runs tr")).size());
    assertTrue(browser.findElement(By.id("run-" + first.id())).isDisplayed());
    assertTrue(browser.findElement(By.id("run-" + second.id())).isDisplayed());
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.textToBe(By.id("cancel-matching"), "Cancel matching (2)"));

    browser.findElement(By.id("cancel-matching")).click();
    chromium.waitUpTo(WAIT).until(ExpectedConditions.alertIsPresent());
    String question = browser.switchTo().alert().getText();
    assertEquals("Cancel all queued or running runs tagged nightly?", question);
    browser.switchTo().alert().accept();

    for (RunRecord run : List.of(first, second)) {
      Conditions.await(
          "run " + run.id() + " cancelled",
          WAIT,
          () -> console.runs().get(run.id()).status(),
          status -> status == RunStatus.CANCELLED);
      chromium
          .waitUpTo(WAIT)
          .until(
              ExpectedConditions.attributeToBe(
                  By.id("run-" + run.id()), "data-status", "CANCELLED"));
    }
    assertTrue(
        !console.runs().get(untagged.id()).status().isTerminal(), "the untagged run was cancelled");
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("cancel-matching")));
  }

  @Test
  void cancelMatchingWithoutAFilterIsRefusedByTheApi() {
    browser.get(console.url());
    chromium.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("runs")));
    @SuppressWarnings("unchecked")
    Map<String, Object> response =
        (Map<String, Object>)
            browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];fetch('/api/runs/cancel', {method:"
                    + " 'POST', headers: {'X-Overtime-Token': document.querySelector("
                    + "'meta[name=\"overtime-token\"]').content}}).then(r => r.json().then(j =>"
                    + " done({status: r.status, code: j.error.code})));");

    assertEquals(400L, response.get("status"));
    assertEquals("bad-query", response.get("code"));
  }
}
