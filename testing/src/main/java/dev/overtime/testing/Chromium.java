package dev.overtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Debian's chromedriver, with a fresh profile and no
 * network beyond 127.0.0.1. Missing browser or driver is a test failure that says how to install
 * them, never a silent skip.
 */
public final class Chromium implements AutoCloseable {
  private static final Path BROWSER = Paths.get(env("OVERTIME_CHROMIUM", "/usr/bin/chromium"));
  private static final Path DRIVER =
      Paths.get(env("OVERTIME_CHROMEDRIVER", "/usr/bin/chromedriver"));

  // Selenium warns that it has no CDP bindings for this Chromium; WebDriver itself is all we use.
  private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

  static {
    SELENIUM_LOG.setLevel(Level.SEVERE);
  }

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  public static Chromium start() {
    for (Path required : new Path[] {BROWSER, DRIVER}) {
      if (!Files.isExecutable(required)) {
        throw new AssertionError(
            "The console tests need headless Chromium and chromedriver; "
                + required
                + " is missing. Install them with: apt-get update && apt-get install -y chromium"
                + " chromium-driver (.ci/run does this), or point OVERTIME_CHROMIUM /"
                + " OVERTIME_CHROMEDRIVER at them.");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("overtime-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(BROWSER.toString())
            .addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1440,900",
                "--force-device-scale-factor=1",
                "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withSilent(true)
            .build();
    try {
      return new Chromium(service, new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      service.stop();
      delete(profile);
      throw e;
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  public WebDriverWait waitUpTo(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout);
    wait.pollingEvery(Duration.ofMillis(50));
    // The runs table is redrawn every second: an element found a moment ago may be replaced.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      delete(profile);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
