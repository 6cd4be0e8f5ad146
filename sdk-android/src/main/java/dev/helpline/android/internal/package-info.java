/** Helpline for Android's implementation: screens, capture, annotation, threading. Not API. */
@NullMarked
package dev.helpline.android.internal;

import org.jspecify.annotations.NullMarked;
