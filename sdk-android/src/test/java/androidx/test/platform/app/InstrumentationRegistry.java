// Stand-in for the class of the same name in androidx.test:monitor, which is published only as an .aar outside
// Maven Central. Robolectric 4.17 loads exactly these members; keep Robolectric pinned (see pom.xml).
package androidx.test.platform.app;

import android.app.Instrumentation;
import android.os.Bundle;
import java.util.concurrent.atomic.AtomicReference;

public final class InstrumentationRegistry {
  private static final AtomicReference<Instrumentation> INSTRUMENTATION = new AtomicReference<>();
  private static final AtomicReference<Bundle> ARGUMENTS = new AtomicReference<>();

  private InstrumentationRegistry() {}

  public static Instrumentation getInstrumentation() {
    Instrumentation instrumentation = INSTRUMENTATION.get();
    if (instrumentation == null) throw new IllegalStateException("No instrumentation registered");
    return instrumentation;
  }

  public static Bundle getArguments() {
    Bundle arguments = ARGUMENTS.get();
    return arguments == null ? new Bundle() : new Bundle(arguments);
  }

  public static void registerInstance(Instrumentation instrumentation, Bundle arguments) {
    INSTRUMENTATION.set(instrumentation);
    ARGUMENTS.set(arguments == null ? null : new Bundle(arguments));
  }
}
