package dev.helpline.console;

import dev.helpline.AppInfo;
import dev.helpline.Helpline;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.diagnostics.jvm.AwtScreenshotProvider;
import java.awt.Color;
import java.awt.Graphics;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.SwingUtilities;

/**
 * The child JVM of {@link DesktopScreenshotXvfbTest}, run with a real DISPLAY larger than its window: shows a window
 * of known colours ({@link #drawWindow}) with a password field, opens a report dialog over it (as an app's own
 * report form would be), files a ticket with the desktop screenshot through the SDK, prints {@code TICKET <id>} and
 * exits. Arguments: desk base URL, app key, user token, data directory.
 */
public final class DesktopReporter {
  static final int WIDTH = 800;
  static final int HEIGHT = 600;
  static final int SCREEN_WIDTH = 1024;
  static final int SCREEN_HEIGHT = 768;
  /** Where the password field sits in the window. */
  static final Rectangle PASSWORD = new Rectangle(450, 450, 200, 30);
  /** Where the report dialog covers the window, box included. */
  static final Rectangle DIALOG = new Rectangle(200, 150, 400, 300);
  static final Color DIALOG_COLOR = new Color(255, 255, 0);
  static final Color LEFT = new Color(255, 0, 0);
  static final Color RIGHT = new Color(0, 0, 255);
  static final Color BOX = new Color(0, 255, 0);

  private DesktopReporter() {}

  /** Left half red, right half blue, a green 200x100 box in the middle. */
  static void drawWindow(Graphics g) {
    g.setColor(LEFT);
    g.fillRect(0, 0, WIDTH / 2, HEIGHT);
    g.setColor(RIGHT);
    g.fillRect(WIDTH / 2, 0, WIDTH / 2, HEIGHT);
    g.setColor(BOX);
    g.fillRect(300, 250, 200, 100);
  }

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1); // the AWT threads would keep a failed JVM alive
    }
  }

  private static void run(String[] args) throws Exception {
    if (GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException("needs a display; DISPLAY=" + System.getenv("DISPLAY"));
    }
    CountDownLatch painted = new CountDownLatch(1);
    JFrame[] frame = new JFrame[1];
    SwingUtilities.invokeAndWait(() -> {
      JFrame f = new JFrame("Acme Notes");
      f.setUndecorated(true);
      JPanel content = new JPanel(null) {
        @Override protected void paintComponent(Graphics g) {
          drawWindow(g);
          painted.countDown();
        }
      };
      JPasswordField password = new JPasswordField("correct horse battery staple");
      password.setBounds(PASSWORD);
      content.add(password);
      f.setContentPane(content);
      f.setBounds(0, 0, WIDTH, HEIGHT);
      f.setVisible(true);
      frame[0] = f;
    });
    if (!painted.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the window was not painted within 20 s");
    }
    Toolkit.getDefaultToolkit().sync();
    Robot robot = new Robot();
    robot.waitForIdle();
    // Painting is asynchronous in the X server; there is no event for "on screen", so look, within a bound.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!robot.getPixelColor(400, 300).equals(BOX) || !robot.getPixelColor(100, 100).equals(LEFT)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the window's pixels did not reach the screen within 10 s: "
            + robot.getPixelColor(400, 300));
      }
      robot.delay(50);
    }
    SwingUtilities.invokeAndWait(() -> {
      JDialog d = new JDialog(frame[0], "Report a problem");
      d.setUndecorated(true);
      d.getContentPane().setBackground(DIALOG_COLOR);
      d.setBounds(DIALOG);
      d.setVisible(true);
    });
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!robot.getPixelColor(400, 300).equals(DIALOG_COLOR)) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("the dialog did not reach the screen within 10 s");
      robot.delay(50);
    }

    try (SupportApiConnector connector = SupportApiConnector.builder().baseUrl(args[0]).appKey(args[1]).build();
        Helpline helpline = Helpline.builder()
            .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
            .connector(connector)
            .dataDirectory(Paths.get(args[3]))
            .requester(Requester.of("user-ada", "ada@example.com", "Ada"))
            .userToken(args[2])
            .screenshotProvider(new AwtScreenshotProvider())
            .build()) {
      Ticket t = helpline.submit(TicketDraft.builder().subject("The editor turns red")
          .description("See the screenshot.").includeScreenshot(true).build()).delivery().get(30, TimeUnit.SECONDS);
      System.out.println("TICKET " + t.id());
      System.out.flush();
    }
    SwingUtilities.invokeAndWait(() -> frame[0].dispose());
  }
}
