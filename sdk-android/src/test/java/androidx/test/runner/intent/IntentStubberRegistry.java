// Stand-in for the class of the same name in androidx.test:monitor, which is published only as an .aar outside
// Maven Central. Robolectric 4.17 loads exactly these members; keep Robolectric pinned (see pom.xml).
// Needed once an activity starts another one: Robolectric asks isLoaded() before every startActivity.
package androidx.test.runner.intent;

public final class IntentStubberRegistry {
  private IntentStubberRegistry() {}

  /** No stubber: started activities are recorded by Robolectric, never answered with a stubbed result. */
  public static boolean isLoaded() {
    return false;
  }

  public static IntentStubber getInstance() {
    throw new IllegalStateException("No intent stubber registered");
  }
}
