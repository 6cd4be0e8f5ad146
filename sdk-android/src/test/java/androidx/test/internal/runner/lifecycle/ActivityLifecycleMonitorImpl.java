// Stand-in for the class of the same name in androidx.test:monitor, which is published only as an .aar outside
// Maven Central. Robolectric 4.17 loads exactly these members; keep Robolectric pinned (see pom.xml).
package androidx.test.internal.runner.lifecycle;

import android.app.Activity;
import androidx.test.runner.lifecycle.ActivityLifecycleCallback;
import androidx.test.runner.lifecycle.ActivityLifecycleMonitor;
import androidx.test.runner.lifecycle.Stage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

public final class ActivityLifecycleMonitorImpl implements ActivityLifecycleMonitor {
  private final List<ActivityLifecycleCallback> callbacks = new CopyOnWriteArrayList<>();
  private final Map<Activity, Stage> stages = new WeakHashMap<>();

  @Override
  public void addLifecycleCallback(ActivityLifecycleCallback callback) {
    callbacks.add(callback);
  }

  @Override
  public void removeLifecycleCallback(ActivityLifecycleCallback callback) {
    callbacks.remove(callback);
  }

  @Override
  public synchronized Stage getLifecycleStageOf(Activity activity) {
    Stage stage = stages.get(activity);
    if (stage == null) throw new IllegalArgumentException("Unknown activity: " + activity);
    return stage;
  }

  @Override
  public synchronized Collection<Activity> getActivitiesInStage(Stage stage) {
    List<Activity> result = new ArrayList<>();
    for (Map.Entry<Activity, Stage> e : stages.entrySet()) {
      if (e.getValue() == stage) result.add(e.getKey());
    }
    return result;
  }

  public void signalLifecycleChange(Stage stage, Activity activity) {
    synchronized (this) {
      if (stage == Stage.DESTROYED) {
        stages.remove(activity);
      } else {
        stages.put(activity, stage);
      }
    }
    for (ActivityLifecycleCallback callback : callbacks) callback.onActivityLifecycleChanged(activity, stage);
  }
}
