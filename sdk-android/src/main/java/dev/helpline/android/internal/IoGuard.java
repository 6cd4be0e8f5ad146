package dev.helpline.android.internal;

import android.os.Looper;

/**
 * Fails fast when disk or network I/O is attempted on the main thread. Every blocking method of the
 * sample starts with {@link #checkNotMainThread}; StrictMode catches the same thing on devices, but
 * not on a JVM (Robolectric's file I/O never reaches Android's BlockGuard), so this check is what
 * keeps the tests honest.
 */
public final class IoGuard {
  private IoGuard() {}

  /** @throws IllegalStateException naming {@code what} when called on the main thread */
  public static void checkNotMainThread(String what) {
    Looper main = Looper.getMainLooper();
    if (main != null && Looper.myLooper() == main) {
      throw new IllegalStateException(what + " does disk or network I/O and must not run on the main thread");
    }
  }
}
