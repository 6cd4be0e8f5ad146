package dev.helpline.android.internal;

import static dev.helpline.android.internal.HelpTestSupport.TEST_TIMEOUT_MS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import android.content.Intent;
import android.hardware.Sensor;
import android.hardware.SensorManager;
import java.util.function.UnaryOperator;
import dev.helpline.android.HelpConfig;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.shadows.SensorEventBuilder;
import org.robolectric.shadows.ShadowSensor;

/** Shake to report, driven by simulated accelerometer events (their timestamps are the only clock). */
@RunWith(RobolectricTestRunner.class)
public class ShakeTest {
  private static final long MS = 1_000_000L;
  private HelpTestSupport support;
  private ActivityController<HostActivity> controller;
  private SensorManager sensors;
  private Sensor accelerometer;

  private HostActivity start(UnaryOperator<HelpConfig.Builder> config) throws Exception {
    sensors = HelpTestSupport.application().getSystemService(SensorManager.class);
    accelerometer = ShadowSensor.newInstance(Sensor.TYPE_ACCELEROMETER);
    shadowOf(sensors).addSensor(accelerometer);
    support = HelpTestSupport.start(config);
    controller = Robolectric.buildActivity(HostActivity.class).setup();
    return controller.get();
  }

  @After
  public void tearDown() {
    if (controller != null) controller.pause().stop().destroy();
    if (support != null) support.stop();
  }

  /** One accelerometer reading of {@code g} times gravity, along the x axis, at {@code millis}. */
  private void reading(float g, long millis) {
    shadowOf(sensors).sendSensorEventToListeners(SensorEventBuilder.newBuilder()
        .setSensor(accelerometer)
        .setValues(new float[] {g * SensorManager.GRAVITY_EARTH, 0, 0})
        .setTimestamp(millis * MS)
        .build());
  }

  /** A shake: two strong readings 100 ms apart. */
  private void shake(float g, long millis) {
    reading(g, millis);
    reading(-g, millis + 100);
  }

  private static int helpOpened(HostActivity host) {
    int n = 0;
    Intent next;
    while ((next = shadowOf(host).getNextStartedActivity()) != null) {
      assertEquals(HelpFormActivity.class.getName(), next.getComponent().getClassName());
      n++;
    }
    return n;
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void shakeToReportIsOffByDefault() throws Exception {
    HostActivity host = start(b -> b);
    assertTrue(shadowOf(sensors).getListeners().isEmpty());
    assertFalse(HelpRuntime.get().shakeDetector().isListening());
    shake(4f, 1_000);
    assertEquals(0, helpOpened(host));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aShakeOpensHelpWithTheScreenshotAndFurtherShakingIsDebounced() throws Exception {
    HostActivity host = start(b -> b.shakeToReport(true).shakeDebounceMillis(3_000));
    assertTrue(shadowOf(sensors).hasListener(HelpRuntime.get().shakeDetector(), accelerometer));

    shake(3.5f, 10_000);
    assertEquals(1, helpOpened(host));
    assertNotNull("the window was captured when help opened", HelpRuntime.get().screenshot().current());
    controller.pause().resume(); // the form covered the host and the user closed it at once

    shake(3.5f, 11_000); // within the debounce period
    shake(3.5f, 12_500);
    assertEquals(0, helpOpened(host));

    shake(3.5f, 13_500); // 3.5 s after the first
    assertEquals(1, helpOpened(host));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void aSingleJoltOrReadingsBelowTheThresholdDoNotOpenHelp() throws Exception {
    HostActivity host = start(b -> b.shakeToReport(true));
    reading(6f, 1_000); // one jolt: the phone was put down hard
    reading(6f, 2_000); // another, a second later
    assertEquals(0, helpOpened(host));
    shake(2.2f, 5_000); // a brisk walk, under the default 2.7 g
    assertEquals(0, helpOpened(host));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void theThresholdIsConfigurable() throws Exception {
    HostActivity host = start(b -> b.shakeToReport(true).shakeThresholdG(2.0f));
    shake(1.8f, 1_000);
    assertEquals(0, helpOpened(host));
    shake(2.2f, 2_000);
    assertEquals(1, helpOpened(host));
  }

  @Test(timeout = TEST_TIMEOUT_MS)
  public void listeningStopsWhileNoHostScreenIsResumedAndHelpScreensDoNotListen() throws Exception {
    HostActivity host = start(b -> b.shakeToReport(true));
    assertTrue(HelpRuntime.get().shakeDetector().isListening());
    controller.pause();
    assertFalse(HelpRuntime.get().shakeDetector().isListening());
    assertTrue(shadowOf(sensors).getListeners().isEmpty());
    shake(4f, 1_000);
    assertEquals(0, helpOpened(host));

    // The form itself is resumed now: shaking there does not open another form.
    ActivityController<HelpFormActivity> form = Robolectric.buildActivity(HelpFormActivity.class).setup();
    assertFalse(HelpRuntime.get().shakeDetector().isListening());
    form.pause().stop().destroy();
    controller.resume();
    assertTrue(HelpRuntime.get().shakeDetector().isListening());
    assertNull(shadowOf(host).getNextStartedActivity());
  }
}
