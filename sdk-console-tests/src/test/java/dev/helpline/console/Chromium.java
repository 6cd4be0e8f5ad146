package dev.helpline.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both at fixed paths: nothing is downloaded
 * (Selenium Manager only runs when no driver path is given). A missing browser or driver fails the test with the
 * command that installs them. Saves page screenshots under {@code target/console-screenshots/}.
 */
final class Chromium implements AutoCloseable {
  static final String BROWSER = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Paths.get("target", "console-screenshots");

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  Chromium(int width, int height) throws IOException {
    for (String exe : new String[] {BROWSER, DRIVER}) {
      if (!new File(exe).canExecute()) {
        throw new AssertionError(exe + " is missing: install Debian's chromium and chromium-driver "
            + "(scripts/test-all.sh does: apt-get install -y --no-install-recommends chromium chromium-driver)");
      }
    }
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty("webdriver.chrome.driver", DRIVER);
    // A fresh profile per browser, inside target/ so that nothing outlives `mvn clean`.
    Files.createDirectories(Paths.get("target"));
    profile = Files.createTempDirectory(Paths.get("target"), "chromium-profile-");
    service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(30)).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
        "--force-device-scale-factor=1", "--lang=en-US");
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  /** Saves what the browser shows as {@code target/console-screenshots/<name>.png} and returns the path. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      try {
        deleteTree(profile);
      } catch (IOException | java.io.UncheckedIOException e) {
        // A browser helper process may still be writing its last files; the profile is under target/ anyway.
        System.err.println("Chromium profile " + profile + " left behind: " + e);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
