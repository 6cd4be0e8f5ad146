package dev.helpline.diagnostics.jvm;

/**
 * The child JVM of {@link AwtScreenshotProviderTest#aDisplayThatCannotBeReachedGivesNoScreenshotRatherThanAnError}:
 * runs with a {@code DISPLAY} no X server answers and prints what two captures returned, or what they threw.
 */
public final class UnreachableDisplayCapture {
  private UnreachableDisplayCapture() {}

  public static void main(String[] args) {
    for (int i = 0; i < 2; i++) {
      try {
        System.out.println("capture " + i + ": " + new AwtScreenshotProvider().capture(100));
      } catch (Throwable t) {
        System.out.println("capture " + i + " threw " + t);
      }
    }
    System.exit(0); // a toolkit started half-way may leave non-daemon threads behind
  }
}
