package dev.overtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.console.harness.FiredRuns;
import dev.overtime.console.harness.RunningConsole;
import dev.overtime.engine.local.schedule.FireTimes;
import dev.overtime.runtime.RunOptions;
import dev.overtime.runtime.RunRecord;
import dev.overtime.testing.Chromium;
import dev.overtime.tooling.app.AppJob;
import dev.overtime.tooling.json.ScheduleJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Schedules on the job page, and the runs a schedule fired and delayed runs in the runs table and
 * on the run page, in a real headless Chromium over the sample app, whose factorial job has
 * {@code @Schedule(cron = "30 2 * * *", zone = "Europe/Berlin", payload = "{\"num\": 20}")}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSchedulesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final FireTimes NIGHTLY = FireTimes.of("30 2 * * *", "Europe/Berlin");

  @TempDir static Path home;

  private RunningConsole console;
  private FiredRuns fired;
  private Chromium chromium;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws Exception {
    console = RunningConsole.start(home, runs -> fired = new FiredRuns(runs));
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

  private void openConsole() {
    browser.get(console.url());
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.presenceOfElementLocated(By.id("job-factorial")));
  }

  private static List<String> inBerlin(List<Instant> fires) {
    return fires.stream().map(fire -> ScheduleJson.IN_ZONE.format(fire.atZone(BERLIN))).toList();
  }

  @Test
  void theFactorialJobShowsItsScheduleWithTheNextThreeFiresInItsZone() {
    Instant before = Instant.now();
    openConsole();
    browser.findElement(By.id("job-factorial")).click();
    WebElement schedule =
        chromium
            .waitUpTo(WAIT)
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#job-schedules li.schedule[data-schedule='factorial#0']")));
    Instant after = Instant.now();

    assertEquals("factorial#0", schedule.findElement(By.className("schedule-id")).getText());
    assertEquals("30 2 * * *", schedule.findElement(By.className("schedule-cron")).getText());
    assertEquals("Europe/Berlin", schedule.findElement(By.className("schedule-zone")).getText());
    assertEquals("{\"num\": 20}", schedule.findElement(By.className("schedule-payload")).getText());
    List<String> fires =
        schedule.findElements(By.cssSelector(".schedule-fires li")).stream()
            .map(WebElement::getText)
            .toList();
    assertTrue(
        fires.equals(inBerlin(NIGHTLY.next(before, 3)))
            || fires.equals(inBerlin(NIGHTLY.next(after, 3))),
        fires + " are not the next 3 fires of 30 2 * * * in Europe/Berlin after " + before);
    String jobTags = browser.findElement(By.cssSelector("#job-factorial .tags")).getText();
    assertTrue(jobTags.contains("schedule 30 2 * * *"), jobTags);
    copyScreenshot("console-schedules.png");

    browser.findElement(By.id("job-transcode")).click();
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("job-schedules")));
  }

  @Test
  void aRunAScheduleFiredIsMarkedInTheRunsTableAndNamedOnItsPage() {
    AppJob factorial = console.application().job("factorial").orElseThrow();
    RunRecord fire = console.runs().submit(factorial, "{\"num\": 20}", RunOptions.defaults());
    Instant fireTime = NIGHTLY.latest(Instant.now()).orElseThrow();
    fired.fire(fire.id(), "factorial#0", fireTime);
    RunRecord plain = console.runs().submit(factorial, "{\"num\": 3}", RunOptions.defaults());
    String expected =
        "factorial#0, fire of " + ScheduleJson.IN_ZONE.format(fireTime.atZone(BERLIN));

    openConsole();
    By mark = By.cssSelector("#run-" + fire.id() + " .col-job .schedule-mark");
    chromium.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(mark));
    chromium
        .waitUpTo(WAIT)
        .until(driver -> textAndTitle(driver, mark).equals("#0|Started by schedule " + expected));
    chromium
        .waitUpTo(WAIT)
        .until(ExpectedConditions.presenceOfElementLocated(By.id("run-" + plain.id())));
    assertEquals(
        0,
        browser.findElements(By.cssSelector("#run-" + plain.id() + " .schedule-mark")).size(),
        "a run started from code carries no schedule mark");

    copyScreenshot("console-scheduled-runs.png");

    browser.get(console.url() + "#/runs/" + fire.id());
    chromium.waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.id("run-schedule"), expected));
    copyScreenshot("console-scheduled-run.png");
    browser.get(console.url() + "#/runs/" + plain.id());
    // The page clears the job's name when it opens another run and writes it once that run's
    // answer arrived, so both together mean the facts shown are the plain run's.
    chromium
        .waitUpTo(WAIT)
        .until(
            driver ->
                driver.findElement(By.id("run-id")).getText().equals(plain.id())
                    && driver.findElement(By.id("run-job")).getText().equals("factorial"));
    assertEquals(0, browser.findElements(By.id("run-schedule")).size(), "no schedule fact");
  }

  // For people to look at: target/<name>.
  private void copyScreenshot(String name) {
    try {
      Files.copy(
          browser.getScreenshotAs(OutputType.FILE).toPath(),
          Paths.get("target").resolve(name),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The table is redrawn every second: read the mark in one go, and again if it was replaced.
  private static String textAndTitle(WebDriver driver, By mark) {
    try {
      WebElement element = driver.findElement(mark);
      return element.getText() + "|" + element.getAttribute("title");
    } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
      return "";
    }
  }

  @Test
  void aDelayedRunShowsInTheRunsTableAsDelayedWithItsStartTime() {
    AppJob transcode = console.application().job("transcode").orElseThrow();
    Instant startAt = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    RunRecord delayed =
        console
            .runs()
            .submit(transcode, "{\"seconds\": 1}", RunOptions.builder().startAt(startAt).build());

    openConsole();
    By row = By.id("run-" + delayed.id());
    chromium.waitUpTo(WAIT).until(ExpectedConditions.attributeToBe(row, "data-status", "DELAYED"));
    // The start time as this browser writes a time of day, which the cell must show (not the
    // creation time, three hours earlier).
    String startTime =
        (String)
            browser.executeScript(
                "return new Date(arguments[0]).toLocaleTimeString();", startAt.toString());
    chromium
        .waitUpTo(WAIT)
        .until(
            driver -> {
              try {
                List<WebElement> cells = driver.findElement(row).findElements(By.tagName("td"));
                return cells.get(0).getText().equals("DELAYED")
                    && cells.get(4).getText().startsWith("at ")
                    && cells.get(4).getText().endsWith(startTime);
              } catch (StaleElementReferenceException e) {
                return false;
              }
            });

    browser.findElement(By.cssSelector("#filters button[data-status=DELAYED]")).click();
    chromium
        .waitUpTo(WAIT)
        .until(
            driver ->
                driver.findElements(By.cssSelector("#runs tr")).stream()
                        .allMatch(tr -> "DELAYED".equals(dataStatus(tr)))
                    && !driver.findElements(row).isEmpty());
    console.runs().cancel(delayed.id());
  }

  private static String dataStatus(WebElement row) {
    try {
      return row.getAttribute("data-status");
    } catch (StaleElementReferenceException e) {
      return "";
    }
  }
}
