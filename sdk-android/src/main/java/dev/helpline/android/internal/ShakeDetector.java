package dev.helpline.android.internal;

import android.content.Context;
import android.hardware.Sensor;
import android.hardware.SensorEvent;
import android.hardware.SensorEventListener;
import android.hardware.SensorManager;
import org.jspecify.annotations.Nullable;

/**
 * Detects a shake from the accelerometer: two readings at or above the threshold (in multiples of
 * gravity) within {@link #WINDOW_NANOS} make a shake; after one, shakes are ignored for the debounce
 * period. Time comes from the sensor events' own timestamps, so nothing here reads a clock. Listens
 * only between {@link #start} and {@link #stop}; main thread only.
 */
public final class ShakeDetector implements SensorEventListener {
  /** Two strong readings must come this close together: a jolt is one, a shake is several. */
  static final long WINDOW_NANOS = 500_000_000L;

  private final float thresholdG;
  private final long debounceNanos;
  private final Runnable onShake;
  private @Nullable SensorManager sensors;
  private long firstStrongAt = Long.MIN_VALUE;
  private long lastShakeAt = Long.MIN_VALUE;

  ShakeDetector(float thresholdG, long debounceMillis, Runnable onShake) {
    this.thresholdG = thresholdG;
    this.debounceNanos = debounceMillis * 1_000_000L;
    this.onShake = onShake;
  }

  /** Starts listening (a no-op when listening already or the device has no accelerometer). */
  void start(Context context) {
    if (sensors != null) return;
    SensorManager manager = context.getSystemService(SensorManager.class);
    if (manager == null) return;
    Sensor accelerometer = manager.getDefaultSensor(Sensor.TYPE_ACCELEROMETER);
    if (accelerometer == null) return;
    manager.registerListener(this, accelerometer, SensorManager.SENSOR_DELAY_UI);
    sensors = manager;
  }

  void stop() {
    SensorManager manager = sensors;
    sensors = null;
    if (manager != null) manager.unregisterListener(this);
    firstStrongAt = Long.MIN_VALUE;
  }

  public boolean isListening() {
    return sensors != null;
  }

  @Override
  public void onSensorChanged(SensorEvent event) {
    if (event.values.length < 3) return;
    onReading(event.values[0], event.values[1], event.values[2], event.timestamp);
  }

  /** One accelerometer reading in m/s² at {@code timestampNanos}; runs the callback when it completes a shake. */
  void onReading(float x, float y, float z, long timestampNanos) {
    double g = Math.sqrt(x * x + y * y + z * z) / SensorManager.GRAVITY_EARTH;
    if (g < thresholdG) return;
    if (lastShakeAt != Long.MIN_VALUE && timestampNanos - lastShakeAt < debounceNanos) return;
    if (firstStrongAt == Long.MIN_VALUE || timestampNanos - firstStrongAt > WINDOW_NANOS) {
      firstStrongAt = timestampNanos;
      return;
    }
    firstStrongAt = Long.MIN_VALUE;
    lastShakeAt = timestampNanos;
    onShake.run();
  }

  @Override
  public void onAccuracyChanged(Sensor sensor, int accuracy) {}
}
