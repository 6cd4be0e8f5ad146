package dev.helpline.diagnostics.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class AwtScreenshotProviderTest {
  private static byte[] png(int width, int height, String format) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out));
    return out.toByteArray();
  }

  private static BufferedImage decode(byte[] bytes) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertTrue(image != null, "not a readable image");
    return image;
  }

  @Test
  void captureReturnsNullWhenHeadless() throws Exception {
    assertNull(new AwtScreenshotProvider(() -> true, () -> null).capture(800));
  }

  @Test
  void defaultProviderFollowsTheGraphicsEnvironment() throws Exception {
    // The build runs without a display; when one is present the capture must fit the bound.
    var screenshot = new AwtScreenshotProvider().capture(64);
    if (java.awt.GraphicsEnvironment.isHeadless()) {
      assertNull(screenshot);
    } else if (screenshot != null) {
      assertTrue(screenshot.width() <= 64 && screenshot.height() <= 64);
      assertEquals("image/png", screenshot.mediaType());
    }
  }

  @Test
  void aDisplayThatCannotBeReachedGivesNoScreenshotRatherThanAnError() throws Exception {
    // A JVM is headless only without DISPLAY; with one naming an X server that is not there, AWT throws errors.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=false", "-cp", cp,
        UnreachableDisplayCapture.class.getName()).redirectErrorStream(true);
    pb.environment().put("DISPLAY", ":31999");
    Process child = pb.start();
    byte[] out;
    try {
      out = child.getInputStream().readAllBytes();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child JVM did not finish");
    } finally {
      child.destroyForcibly();
    }
    String printed = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), printed);
    assertTrue(printed.contains("capture 0: null") && printed.contains("capture 1: null"), printed);
  }

  /** A 300x200 panel: red, a password field and a label marked sensitive on it, and a hidden password field. */
  private static JPanel form(JLabel account) {
    JPanel panel = new JPanel(null);
    panel.setBackground(Color.RED);
    panel.setSize(300, 200);
    JPasswordField password = new JPasswordField("hunter2");
    password.setBounds(20, 20, 100, 30);
    panel.add(password);
    JPanel inner = new JPanel(null);
    inner.setBounds(150, 100, 140, 90);
    inner.setBackground(Color.BLUE);
    account.setBounds(10, 10, 100, 20);
    inner.add(account);
    panel.add(inner);
    JPasswordField hidden = new JPasswordField("unseen");
    hidden.setBounds(20, 150, 100, 30);
    hidden.setVisible(false);
    panel.add(hidden);
    return panel;
  }

  @Test
  void aComponentIsPaintedAsTheAppDrawsItWithPasswordsAndSensitivePartsMasked() throws Exception {
    JLabel account = new JLabel("DE89 3704 0044 0532 0130 00");
    AwtScreenshotProvider.markSensitive(account);
    JPanel panel = form(account);
    var shot = AwtScreenshotProvider.of(() -> panel).capture(1600);
    assertNotNull(shot);
    assertEquals(300, shot.width());
    assertEquals(200, shot.height());
    BufferedImage image = decode(shot.bytes());
    Color mask = AwtScreenshotProvider.MASK_COLOR;
    assertEquals(mask, new Color(image.getRGB(21, 21)), "the password field is masked, edge to edge");
    assertEquals(mask, new Color(image.getRGB(119, 49)));
    assertEquals(Color.RED, new Color(image.getRGB(19, 19)), "and nothing beyond it");
    assertEquals(mask, new Color(image.getRGB(161, 111)), "the sensitive label, in its parent's place");
    assertEquals(mask, new Color(image.getRGB(259, 129)));
    assertEquals(Color.BLUE, new Color(image.getRGB(261, 131)));
    assertEquals(Color.RED, new Color(image.getRGB(70, 165)), "a hidden field leaves no mark");
    assertEquals(Color.RED, new Color(image.getRGB(5, 195)));
  }

  @Test
  void aSensitiveComponentLargerThanItsParentIsMaskedOnlyWhereItShows() throws Exception {
    // As a sensitive table scrolled inside a scroll pane: 100x300, of which its 100x50 parent shows 50 rows.
    JPanel window = new JPanel(null);
    window.setBackground(Color.RED);
    window.setSize(300, 200);
    JPanel port = new JPanel(null);
    port.setBounds(20, 20, 100, 50);
    window.add(port);
    JPanel table = new JPanel();
    table.setBounds(0, -100, 100, 300);
    port.add(table);
    AwtScreenshotProvider.markSensitive(table);

    BufferedImage image = decode(AwtScreenshotProvider.of(() -> window).capture(1600).bytes());
    Color mask = AwtScreenshotProvider.MASK_COLOR;
    assertEquals(mask, new Color(image.getRGB(21, 21)), "where the table shows");
    assertEquals(mask, new Color(image.getRGB(119, 69)));
    assertEquals(Color.RED, new Color(image.getRGB(50, 100)), "not below its parent");
    assertEquals(Color.RED, new Color(image.getRGB(50, 10)), "nor above");
  }

  @Test
  void aBlockedEventDispatchThreadGivesNoScreenshotWithinTheWaitAndThePaintingIsCalledOff() throws Exception {
    JPanel panel = form(new JLabel("shown"));
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    AwtScreenshotProvider provider = new AwtScreenshotProvider(() -> false, () -> {
      asked.incrementAndGet();
      return panel;
    }, java.time.Duration.ofMillis(200));
    java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.awt.EventQueue.invokeLater(() -> {
      blocked.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(blocked.await(10, TimeUnit.SECONDS));
    try {
      java.io.IOException e = assertThrows(java.io.IOException.class, () -> provider.capture(1600));
      assertTrue(e.getMessage().contains("event dispatch thread did not paint the window within 200 ms"), e.getMessage());
    } finally {
      release.countDown();
    }
    java.awt.EventQueue.invokeAndWait(() -> { });
    assertEquals(0, asked.get(), "the abandoned painting does not run once the thread is free");
    assertNotNull(provider.capture(1600), "the next capture paints again");
  }

  /** A 100x100 panel whose painting fails with {@code failure}. */
  private static JPanel failingToPaint(Throwable failure) {
    JPanel panel = new JPanel() {
      @Override
      protected void paintComponent(java.awt.Graphics g) {
        if (failure instanceof RuntimeException) throw (RuntimeException) failure;
        throw (Error) failure;
      }
    };
    panel.setSize(100, 100);
    return panel;
  }

  @Test
  void aPaintingThatFailsOnTheEventDispatchThreadIsAnInvocationTargetExceptionAsOnAnyOther() throws Exception {
    for (Throwable failure : new Throwable[] {new IllegalStateException("paint bug"), new AssertionError("paint bug")}) {
      AwtScreenshotProvider provider = AwtScreenshotProvider.of(() -> failingToPaint(failure));
      java.lang.reflect.InvocationTargetException elsewhere =
          assertThrows(java.lang.reflect.InvocationTargetException.class, () -> provider.capture(100));
      assertEquals(failure, elsewhere.getCause());

      java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
      java.awt.EventQueue.invokeAndWait(() -> {
        try {
          provider.capture(100);
        } catch (Throwable t) {
          thrown.set(t);
        }
      });
      assertTrue(thrown.get() instanceof java.lang.reflect.InvocationTargetException, String.valueOf(thrown.get()));
      assertEquals(failure, thrown.get().getCause());
    }
  }

  @Test
  void aComponentWithoutAreaOrNoComponentGivesNoScreenshot() throws Exception {
    assertNull(AwtScreenshotProvider.of(() -> null).capture(100));
    assertNull(AwtScreenshotProvider.of(JPanel::new).capture(100));
  }

  @Test
  void aWindowMarkedSensitiveIsNeverCaptured() throws Exception {
    JPanel secret = form(new JLabel("account"));
    AwtScreenshotProvider.markSensitive(secret);
    assertNull(AwtScreenshotProvider.of(() -> secret).capture(100));
  }

  @Test
  void aComponentInsideOneMarkedSensitiveIsNeverCaptured() throws Exception {
    JLabel account = new JLabel("DE89 3704 0044 0532 0130 00");
    JPanel secret = form(account);
    AwtScreenshotProvider.markSensitive(secret);
    assertNull(AwtScreenshotProvider.of(() -> account.getParent()).capture(100), "the panel the label sits on");
    assertNull(AwtScreenshotProvider.of(() -> account).capture(100));
  }

  @Test
  void captureRejectsANonPositiveMaxDimension() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new AwtScreenshotProvider(() -> true, () -> null).capture(0));
    assertEquals("maxDimension is 0; it must be at least 1", e.getMessage());
  }

  @Test
  void downscalePngKeepsTheAspectRatio() throws Exception {
    BufferedImage scaled = decode(AwtScreenshotProvider.downscalePng(png(400, 200, "png"), 100));
    assertEquals(100, scaled.getWidth());
    assertEquals(50, scaled.getHeight());
    // Colours survive the multi-step scaling: left half red, right half blue.
    assertEquals(Color.RED.getRGB(), scaled.getRGB(10, 25) | 0xFF000000);
    assertEquals(Color.BLUE.getRGB(), scaled.getRGB(90, 25) | 0xFF000000);
  }

  @Test
  void downscaleLimitsTheLongerSideOfAPortraitImage() throws Exception {
    BufferedImage scaled = decode(AwtScreenshotProvider.downscalePng(png(300, 1000, "png"), 100));
    assertEquals(30, scaled.getWidth());
    assertEquals(100, scaled.getHeight());
  }

  @Test
  void downscaleLeavesAFittingImageAtItsSizeAndAcceptsJpeg() throws Exception {
    BufferedImage same = decode(AwtScreenshotProvider.downscalePng(png(80, 40, "jpg"), 100));
    assertEquals(80, same.getWidth());
    assertEquals(40, same.getHeight());
    byte[] out = AwtScreenshotProvider.downscalePng(png(80, 40, "png"), 80);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(out, 4));
  }

  @Test
  void downscaleNeverGoesBelowOnePixel() throws Exception {
    BufferedImage scaled = decode(AwtScreenshotProvider.downscalePng(png(1000, 2, "png"), 10));
    assertEquals(10, scaled.getWidth());
    assertEquals(1, scaled.getHeight());
  }

  @Test
  void downscaleRejectsBytesThatAreNotAnImage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AwtScreenshotProvider.downscalePng(new byte[] {1, 2, 3}, 100));
    assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
  }
}
