package dev.helpline.diagnostics.jvm;

import java.awt.AWTError;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.KeyboardFocusManager;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.swing.JPasswordField;
import javax.swing.RootPaneContainer;
import org.jspecify.annotations.Nullable;

/**
 * Paints a component tree into an image on the event dispatch thread, as the app draws it, never reading the
 * screen: other apps' windows, other screens and whatever covers the component stay out of the picture. Password
 * fields and components marked sensitive are painted over with {@link AwtScreenshotProvider#MASK_COLOR}.
 */
final class ComponentPainter {
  private static final Set<Component> SENSITIVE = Collections.synchronizedSet(
      Collections.newSetFromMap(new WeakHashMap<>()));

  private ComponentPainter() {}

  static void markSensitive(Component component) {
    SENSITIVE.add(component);
  }

  private static boolean isSensitive(Component c) {
    return c instanceof JPasswordField || SENSITIVE.contains(c);
  }

  /**
   * Whether AWT's toolkit, and with it the event dispatch thread, can start. A JVM that is not headless but whose
   * display cannot be reached fails every AWT call with an {@link AWTError} (the first) or a
   * {@link NoClassDefFoundError} (the later ones, as the toolkit's class failed to initialise): errors, which a
   * caller collecting diagnostics does not expect from a screenshot it can do without.
   */
  static boolean toolkitAvailable() {
    try {
      Toolkit.getDefaultToolkit();
      return true;
    } catch (AWTError | NoClassDefFoundError noDisplay) {
      return false;
    }
  }

  /**
   * The window the user works in: the root owner of this JVM's active window (so a report dialog over the main
   * window yields the main window), else the largest showing window without an owner; null when none shows.
   * Event dispatch thread.
   */
  static @Nullable Window appWindow() {
    Window w = KeyboardFocusManager.getCurrentKeyboardFocusManager().getActiveWindow();
    while (w != null && w.getOwner() != null && w.getOwner().isShowing()) w = w.getOwner();
    if (w != null && w.isShowing()) return w;
    Window largest = null;
    for (Window candidate : Window.getOwnerlessWindows()) {
      if (candidate.isShowing() && (largest == null || area(candidate) > area(largest))) largest = candidate;
    }
    return largest;
  }

  private static long area(Component c) {
    return (long) c.getWidth() * c.getHeight();
  }

  /**
   * Picks the component with {@code target} and paints it (a window's content without the platform's frame) on the
   * event dispatch thread, waiting for it at most {@code wait}; null when there is none, it has no area, or it or a
   * component it lies in is marked sensitive.
   *
   * @throws InvocationTargetException when painting failed, on the event dispatch thread as on any other; the app's
   *     exception is the cause
   * @throws IOException when the event dispatch thread did not paint within {@code wait} (an app whose event
   *     dispatch thread hangs is what users report; the report must not hang with it); the painting is then called
   *     off, so it does not run once the thread is free again
   */
  static @Nullable BufferedImage paint(Supplier<? extends @Nullable Component> target, Duration wait)
      throws InterruptedException, InvocationTargetException, IOException {
    if (EventQueue.isDispatchThread()) {
      try {
        return paintNow(target);
      } catch (RuntimeException | Error e) {
        throw new InvocationTargetException(e); // as from any other thread, where the task's failure is caught
      }
    }
    FutureTask<@Nullable BufferedImage> painting = new FutureTask<>(() -> paintNow(target));
    EventQueue.invokeLater(painting);
    try {
      return painting.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new InvocationTargetException(e.getCause());
    } catch (InterruptedException e) {
      painting.cancel(false);
      throw e;
    } catch (TimeoutException e) {
      painting.cancel(false);
      throw new IOException("the event dispatch thread did not paint the window within " + wait.toMillis()
          + " ms (it is busy or blocked); no screenshot");
    }
  }

  private static @Nullable BufferedImage paintNow(Supplier<? extends @Nullable Component> target) {
    Component c = target.get();
    // A window marked sensitive is never captured, nor is anything inside a component marked so: the whole picture
    // would lie under the mask.
    for (Component a = c; a != null; a = a.getParent()) {
      if (isSensitive(a)) return null;
    }
    if (c instanceof RootPaneContainer) c = ((RootPaneContainer) c).getRootPane();
    if (c == null || c.getWidth() <= 0 || c.getHeight() <= 0) return null;
    BufferedImage image = new BufferedImage(c.getWidth(), c.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      c.printAll(g);
      g.setColor(AwtScreenshotProvider.MASK_COLOR);
      mask(c, c, g);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void mask(Component c, Component root, Graphics2D g) {
    if (!c.isVisible()) return;
    if (isSensitive(c)) {
      g.fill(visibleBounds(c, root));
      return;
    }
    if (c instanceof Container) {
      for (Component child : ((Container) c).getComponents()) mask(child, root, g);
    }
  }

  /**
   * The part of {@code c} its ancestors up to {@code root} let show, in {@code root}'s coordinates: a sensitive table
   * in a scroll pane is masked where it shows, not over the rest of the window its whole height would cover.
   */
  private static Rectangle visibleBounds(Component c, Component root) {
    Rectangle r = new Rectangle(c.getSize());
    for (Component a = c; a != root; a = a.getParent()) {
      r.translate(a.getX(), a.getY());
      r = r.intersection(new Rectangle(a.getParent().getSize()));
    }
    return r;
  }

}
