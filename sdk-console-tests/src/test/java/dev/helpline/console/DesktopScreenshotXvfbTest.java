package dev.helpline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.diagnostics.jvm.AwtScreenshotProvider;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The AWT desktop screenshot provider against a real X server: Xvfb runs a virtual screen, a child JVM shows a window
 * of known colours there with a report dialog over it and files a ticket with the desktop screenshot through the
 * SDK, and the image at the desk and in the console holds the window's pixels, and only those: not the rest of the
 * screen, not the dialog, not the password. Fails (never skips) when Xvfb is not installed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DesktopScreenshotXvfbTest {
  private static final String XVFB = "/usr/bin/Xvfb";

  @TempDir Path dir;

  @Test
  void theDesktopScreenshotFiledUnderARealXServerHoldsTheWindowsPixels() throws Exception {
    assertTrue(new File(XVFB).canExecute(), XVFB + " is missing: install Debian's xvfb "
        + "(scripts/test-all.sh does: apt-get install -y --no-install-recommends xvfb)");
    try (TestDesk desk = TestDesk.builder().start()) {
      // -displayfd: Xvfb picks a free display itself and prints its number once it accepts connections.
      Process xvfb = new ProcessBuilder(XVFB, "-displayfd", "1", "-screen", "0",
          DesktopReporter.SCREEN_WIDTH + "x" + DesktopReporter.SCREEN_HEIGHT + "x24", "-nolisten", "tcp")
          .redirectError(dir.resolve("xvfb.log").toFile()).start();
      try {
        BufferedReader xout = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8));
        String display = xout.readLine();
        assertNotNull(display, "Xvfb exited: " + Files.readString(dir.resolve("xvfb.log")));
        String id = fileTicketFromChild(desk, ":" + display.trim());

        DeskTicket ticket = desk.ticket(id);
        DeskTicket.File shot = ticket.attachments().stream().filter(f -> f.fileName().equals("screenshot.png"))
            .findFirst().orElseThrow(() -> new AssertionError("no screenshot in " + ticket.attachments()));
        assertEquals("image/png", shot.mediaType());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(shot.bytes()));
        assertEquals(DesktopReporter.WIDTH, image.getWidth(), "the window, not the screen");
        assertEquals(DesktopReporter.HEIGHT, image.getHeight());
        assertEquals(DesktopReporter.LEFT, new Color(image.getRGB(100, 100)));
        assertEquals(DesktopReporter.LEFT, new Color(image.getRGB(100, 500)));
        assertEquals(DesktopReporter.RIGHT, new Color(image.getRGB(700, 100)));
        assertEquals(DesktopReporter.RIGHT, new Color(image.getRGB(700, 500)));
        assertEquals(DesktopReporter.BOX, new Color(image.getRGB(400, 300)), "the window as drawn, not the dialog over it");
        assertEquals(DesktopReporter.BOX, new Color(image.getRGB(301, 251)));
        assertEquals(DesktopReporter.LEFT, new Color(image.getRGB(299, 300)), "the box's edge is where it was drawn");
        Rectangle p = DesktopReporter.PASSWORD;
        assertEquals(AwtScreenshotProvider.MASK_COLOR, new Color(image.getRGB(p.x + 1, p.y + 1)), "the password is masked");
        assertEquals(AwtScreenshotProvider.MASK_COLOR, new Color(image.getRGB(p.x + p.width - 2, p.y + p.height - 2)));
        assertEquals(DesktopReporter.RIGHT, new Color(image.getRGB(p.x + p.width + 1, p.y)));

        showInConsole(desk, id);
      } finally {
        xvfb.destroy();
        if (!xvfb.waitFor(10, TimeUnit.SECONDS)) {
          xvfb.destroyForcibly();
        }
      }
    }
  }

  private String fileTicketFromChild(TestDesk desk, String display) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=false", "-cp", cp,
        DesktopReporter.class.getName(), desk.baseUrl(), desk.appKey(),
        desk.issueUserToken("user-ada", "ada@example.com", Duration.ofHours(1)), dir.resolve("client").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("child.err").toFile());
    pb.environment().put("DISPLAY", display);
    Process child = pb.start();
    String out;
    try {
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the reporting JVM did not finish within 60 s: "
            + readQuietly(dir.resolve("child.err")));
      }
      out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      child.destroyForcibly();
    }
    assertEquals(0, child.exitValue(), () -> "child failed: " + out + readQuietly(dir.resolve("child.err")));
    int at = out.indexOf("TICKET ");
    assertTrue(at >= 0, out);
    return out.substring(at + 7).trim().split("\\s+")[0];
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  private static void showInConsole(TestDesk desk, String id) throws IOException {
    try (Chromium chromium = new Chromium(1400, 1000)) {
      WebDriverWait wait = new WebDriverWait(chromium.driver, Duration.ofSeconds(15));
      chromium.driver.get(desk.consoleUrl());
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-key"))).sendKeys(desk.adminKey());
      chromium.driver.findElement(By.id("signin-button")).click();
      wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#ticket-list li[data-ticket-id='" + id
          + "']"))).click();
      WebElement img = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("screenshot")));
      wait.until(d -> ((Number) chromium.driver.executeScript(
          "return arguments[0].complete ? arguments[0].naturalWidth : 0", img)).intValue() == DesktopReporter.WIDTH);
      // Read the pixels the browser decoded: the console shows the window, not just some image.
      @SuppressWarnings("unchecked")
      List<Number> rgb = (List<Number>) chromium.driver.executeScript(
          "const i = arguments[0], c = document.createElement('canvas'); c.width = i.naturalWidth;"
              + " c.height = i.naturalHeight; const g = c.getContext('2d'); g.drawImage(i, 0, 0);"
              + " return [400, 300, 100, 100, 700, 100].reduce((a, v, k, all) => k % 2 ? a :"
              + " a.concat(Array.from(g.getImageData(v, all[k + 1], 1, 1).data.slice(0, 3))), []);", img);
      assertEquals(List.of(0L, 255L, 0L, 255L, 0L, 0L, 0L, 0L, 255L),
          rgb.stream().map(Number::longValue).collect(java.util.stream.Collectors.toList()));
      chromium.screenshot("10-desktop-screenshot");
    }
  }
}
