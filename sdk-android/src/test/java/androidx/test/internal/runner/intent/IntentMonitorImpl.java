// Stand-in for the class of the same name in androidx.test:monitor, which is published only as an .aar outside
// Maven Central. Robolectric 4.17 loads exactly these members; keep Robolectric pinned (see pom.xml).
package androidx.test.internal.runner.intent;

import android.content.Intent;
import androidx.test.runner.intent.IntentMonitor;

public final class IntentMonitorImpl implements IntentMonitor {
  public void signalIntent(Intent intent) {
    // Nothing in these tests listens to intents; Robolectric's ShadowActivity records started ones.
  }
}
